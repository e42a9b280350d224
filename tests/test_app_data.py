"""The app's data layer: the corpus and the index are loaded once per index generation, and a rebuild shows
on the next page view without restarting the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from indexer import api, readcache
from indexer import load as loading
from indexer.build import build

MAIN = Path(__file__).resolve().parent.parent / "app" / "main.py"
S53 = "no/utlendingsloven/s53"
HEADING = "Independent residence permit after abuse"  # § 53's heading in the fixture corpus
EDITED = "Zebrafish residence permit after abuse"


@pytest.fixture
def index_dir(monkeypatch: pytest.MonkeyPatch, fixture_corpus: Path, tmp_path: Path) -> Path:
    """An index of a private fixture corpus, which the app is pointed at."""
    path = tmp_path / "index"
    build(fixture_corpus, path, tmp_path / "texts")
    monkeypatch.setenv("LEXCOMPARE_CORPUS", str(fixture_corpus))
    monkeypatch.setenv("LEXCOMPARE_INDEX", str(path))
    monkeypatch.setenv("LEXCOMPARE_TEXTS", str(tmp_path / "texts"))
    return path


def provision_page(record_id: str = S53) -> AppTest:
    """A fresh session opening a provision's permalink."""
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.query_params["id"] = record_id
    at.run()
    at.switch_page("views/provision.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def search_titles(at: AppTest, query: str) -> list[str]:
    at.switch_page("views/search.py")
    at.query_params.clear()
    at.query_params["q"] = query
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return [str(s.value) for s in at.subheader]


def test_a_rebuild_shows_on_the_next_page_view_without_restarting(fixture_corpus: Path, index_dir: Path) -> None:
    at = provision_page()
    assert at.title[0].value == f"§ 53 — {HEADING}"
    file = fixture_corpus / "no" / "utlendingsloven.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace(HEADING, EDITED), encoding="utf-8")

    at.run()  # edited, not rebuilt: the page serves the data of the generation it searches
    assert at.title[0].value == f"§ 53 — {HEADING}"

    build(fixture_corpus, index_dir, index_dir.parent / "texts")
    at.run()  # the same session, after the build: the new generation's corpus and index
    assert at.title[0].value == f"§ 53 — {EDITED}"
    assert any(title.endswith(EDITED) for title in search_titles(at, "zebrafish"))
    assert provision_page().title[0].value == f"§ 53 — {EDITED}", "a new session too"


def test_fresh_sessions_of_one_generation_load_the_corpus_once_and_parse_nothing(
    monkeypatch: pytest.MonkeyPatch, index_dir: Path
) -> None:
    loads: list[Path] = []
    parsed: list[Path] = []
    load, read = api.load_corpus, readcache.read_yaml

    def counting_load(root: Path, *args: Any, **kwargs: Any) -> Any:
        loads.append(root)
        return load(root, *args, **kwargs)

    def counting_read(path: Path, *args: Any, **kwargs: Any) -> Any:
        parsed.append(path)
        return read(path, *args, **kwargs)

    monkeypatch.setattr(api, "load_corpus", counting_load)
    monkeypatch.setattr(readcache, "read_yaml", counting_read)
    monkeypatch.setattr(loading, "read_yaml", counting_read)
    for record_id in (S53, S53, "es/lo-4-2000/art31bis"):
        provision_page(record_id)  # each a new session, as a fresh open of a permalink is
    assert len(loads) == 1
    assert parsed == [], "the corpus files the build parsed are read from its parse cache"
