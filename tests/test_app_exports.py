"""Every view's downloads, with AppTest: what each button hands over parses and names its view, version and date."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from test_app import S53, app_env, open_page  # noqa: F401 (app_env: the autouse fixture)

from indexer.api import MAX_LIMIT
from indexer.export import dataset_version
from indexer.load import load_corpus

TODAY = dt.date.today().isoformat()


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """The data callables of the download buttons, by the file id the button carries."""
    seen: dict[str, Callable[[], Any]] = {}
    real = MediaFileManager.add_deferred

    def add_deferred(self: MediaFileManager, data_callable: Callable[[], Any], *args: Any, **kwargs: Any) -> str:
        file_id = real(self, data_callable, *args, **kwargs)
        seen[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen


def downloads(at: Any, deferred: dict[str, Callable[[], Any]]) -> dict[str, bytes]:
    """What each download button of the page hands over, by its key (``download:search:csv``)."""
    out = {}
    for button in at.download_button:
        data = deferred[button.proto.deferred_file_id]()
        out[button.proto.id.rsplit("-", 1)[-1]] = data if isinstance(data, bytes) else str(data).encode()
    return out


@pytest.fixture(scope="module")
def version(real_corpus: Path) -> str:
    return dataset_version(load_corpus(real_corpus)[0])


VIEWS = [
    pytest.param("search", {"q": "forced marriage"}, "search", "/search?q=forced+marriage", id="search-results"),
    pytest.param(
        "compare",
        {"topic": "residence-autonomy", "j": ["NO", "CZ"]},
        "compare",
        "/compare?topic=residence-autonomy&j=NO&j=CZ&by=topic&rank=coe-istanbul%3A59%281%29",
        id="compare-table",
    ),
    pytest.param("jurisdiction", {"code": "NO"}, "profile", "/jurisdiction?code=NO", id="jurisdiction-profile"),
    pytest.param("brief", {"pin": [S53]}, "brief", "/brief?pin=no%2Futlendingsloven%2Fs53", id="brief"),
]


@pytest.mark.parametrize(("page", "params", "key", "link"), VIEWS)
def test_each_view_downloads_csv_and_json_naming_its_link_version_and_date(
    deferred: dict[str, Callable[[], Any]], version: str, page: str, params: dict[str, Any], key: str, link: str
) -> None:
    files = downloads(open_page(page, **params), deferred)
    rows = list(csv.DictReader(io.StringIO(files[f"download:{key}:csv"].decode("utf-8"))))
    assert rows
    assert {(r["permalink"], r["dataset_version"], r["as_of"]) for r in rows} == {(link, version, TODAY)}
    assert all(r["jurisdiction_name"] and r["jurisdiction_name"] != r["jurisdiction"] for r in rows), "names it"
    data = json.loads(files[f"download:{key}:json"])
    assert (data["permalink"], data["dataset_version"], data["generated"]) == (link, version, TODAY)
    assert data["entries"], "the records of the view"


def test_the_compare_csv_holds_the_coded_comparison(deferred: dict[str, Callable[[], Any]]) -> None:
    files = downloads(open_page("compare", topic="residence-autonomy", j=["NO", "CZ"]), deferred)
    rows = list(csv.DictReader(io.StringIO(files["download:compare:csv"].decode("utf-8"))))
    coded = [r for r in rows if r["kind"] == "coded value"]
    assert {r["jurisdiction"] for r in coded} == {"NO", "CZ"}
    assert all(r["subject"] and r["value"] for r in coded)
    assert any(r["kind"] == "assessment" for r in rows)


def test_the_profile_csv_keeps_its_gaps_as_rows(deferred: dict[str, Callable[[], Any]]) -> None:
    files = downloads(open_page("jurisdiction", code="NO"), deferred)
    rows = list(csv.DictReader(io.StringIO(files["download:profile:csv"].decode("utf-8"))))
    assert {r["jurisdiction"] for r in rows} == {"NO"}
    assert any(not r["id"] and r["coverage"] in {"none", "unknown"} for r in rows), "a gap is a row"


def test_about_offers_the_data_package_and_the_dataset_json(
    deferred: dict[str, Callable[[], Any]], version: str
) -> None:
    files = downloads(open_page("about"), deferred)
    with zipfile.ZipFile(io.BytesIO(files["download:dataset:zip"])) as archive:
        package = json.loads(archive.read("lexcompare/datapackage.json"))
        assert (package["version"], package["created"][:10], package["homepage"]) == (version, TODAY, "/about")
        for resource in package["resources"]:
            table = list(csv.DictReader(io.StringIO(archive.read(f"lexcompare/{resource['path']}").decode())))
            assert [f["name"] for f in resource["schema"]["fields"]] == list(table[0]), resource["name"]
    dataset = json.loads(files["download:dataset:json"])["dataset"]
    assert (dataset["version"], dataset["exported_at"][:10], dataset["permalink"]) == (version, TODAY, "/about")


def test_the_search_export_holds_every_result_not_only_the_page_shown(deferred: dict[str, Callable[[], Any]]) -> None:
    at = open_page("search", q="residence permit")
    total = int(next(h.value for h in at.header if h.value.endswith(" results")).split()[0])
    shown = len(at.subheader)  # one per result
    assert 0 < shown < total <= MAX_LIMIT, "the page shows one page of a longer result set"
    rows = list(csv.DictReader(io.StringIO(downloads(at, deferred)["download:search:csv"].decode("utf-8"))))
    assert len({r["id"] for r in rows}) == len(rows) == total, "every result, once"
    assert f"Download all {total} results" in " ".join(c.value for c in at.caption)


def test_a_search_with_one_result_offers_that_one_result() -> None:
    at = open_page("search", q="zpnd")
    assert [h.value for h in at.header if h.value.endswith(" result")] == ["1 result"]
    assert "Download the one result" in " ".join(c.value for c in at.caption)


def test_a_public_base_url_makes_exported_links_absolute(
    monkeypatch: pytest.MonkeyPatch, deferred: dict[str, Callable[[], Any]]
) -> None:
    monkeypatch.setenv("LEXCOMPARE_BASE_URL", "https://lex.example.org/")
    files = downloads(open_page("search", q="forced marriage"), deferred)
    data = json.loads(files["download:search:json"])
    assert data["permalink"] == "https://lex.example.org/search?q=forced+marriage"
    assert data["entries"][0]["link"].startswith("https://lex.example.org/provision?id=")
