"""Open-data export: every format holds the whole dataset, with the coverage of every cell."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from indexer.errors import BadRequest
from indexer.export import dataset_version, export, how_to_cite
from indexer.load import load_corpus


@pytest.fixture
def corpus(fixture_corpus: Path):  # type: ignore[no-untyped-def]
    return load_corpus(fixture_corpus)[0]


def test_json_export_holds_everything(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(export(corpus, "json", tmp_path / "out.json").read_text())
    assert {"jurisdictions", "topics", "instruments", "provisions", "practices", "coverage"} <= set(data)
    assert len(data["provisions"]) == 5
    assert len(data["coverage"]) == 4 * 3
    assert {c["state"] for c in data["coverage"]} == {"provisions", "unknown", "n/a"}
    assert data["dataset"]["version"] == dataset_version(corpus)
    s53 = next(p for p in data["provisions"] if p["id"] == "no/utlendingsloven/s53")
    assert s53["citation"] == "LOV-2008-05-15-35"
    assert s53["pinpoint"] == "§ 53"


def test_csv_export_has_conditions_in_columns(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(export(corpus, "csv", tmp_path / "p.csv").open()))
    s53 = next(r for r in rows if r["id"] == "no/utlendingsloven/s53")
    assert s53["condition_min_relationship_duration"] == "none"
    assert s53["topics"] == "residence-autonomy"


def test_datapackage_describes_its_resources(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = export(corpus, "datapackage", tmp_path / "pkg")
    package = json.loads((out / "datapackage.json").read_text())
    assert {r["name"] for r in package["resources"]} >= {"provisions", "coverage", "practices"}
    assert [licence["name"] for licence in package["licenses"]] == ["CC-BY-4.0"]
    for resource in package["resources"]:
        header = next(csv.reader((out / resource["path"]).open()))
        assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_markdown_shows_states_in_words(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = export(corpus, "md", tmp_path / "r.md").read_text()
    assert "? unknown" in text
    assert "● provisions" in text
    assert how_to_cite(corpus).split(",")[0] in text


def test_export_refuses_to_overwrite_a_foreign_directory(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("precious")
    with pytest.raises(BadRequest):
        export(corpus, "datapackage", tmp_path / "mine")
    assert (tmp_path / "mine" / "thesis.docx").read_text() == "precious"
    with pytest.raises(BadRequest):
        export(corpus, "json", tmp_path / "mine")
