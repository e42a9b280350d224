"""The real corpus: valid, documented, its schemas current, and every provision found by its own queries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from indexer import models
from indexer.compare import coverage_matrix
from indexer.load import load_corpus
from indexer.schema import SCHEMAS, schema_text
from indexer.search import Index
from indexer.validate import check

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
_corpus, _ = load_corpus(CORPUS)


def test_real_corpus_validates() -> None:
    _, problems = check(CORPUS)
    assert [str(p) for p in problems] == []


def _queries() -> list[tuple[str, str]]:
    out = [(pid, q) for pid, e in sorted(_corpus.provisions.items()) for q in e.provision.queries]
    out += [(gid, q) for gid, g in sorted(_corpus.practices.items()) for q in g.practice.queries]
    return out


@pytest.mark.parametrize(("doc_id", "query"), _queries(), ids=[f"{d}::{q}" for d, q in _queries()])
def test_each_query_finds_its_record_in_the_top_5(real_index: Index, doc_id: str, query: str) -> None:
    top = [h.id for h in real_index.search(query, limit=5).hits]
    assert doc_id in top, f"{query!r} gave {top}"


def _model_fields() -> set[str]:
    names: set[str] = set()
    for model in vars(models).values():
        if isinstance(model, type) and issubclass(model, BaseModel) and model.__module__ == models.__name__:
            names |= set(model.model_fields)
    return names


def test_data_dictionary_documents_every_model_field() -> None:
    readme = (CORPUS / "README.md").read_text("utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", readme))
    missing = sorted(_model_fields() - documented)
    assert missing == [], f"corpus/README.md does not document: {missing}"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_json_schemas_are_current(name: str) -> None:
    path = CORPUS / "schema" / name
    assert path.exists(), "run 'lexcompare schema' and commit corpus/schema/"
    assert path.read_text("utf-8") == schema_text(SCHEMAS[name]), "run 'lexcompare schema' and commit the change"


def test_every_core_topic_of_every_top_level_jurisdiction_has_a_state() -> None:
    matrix = coverage_matrix(_corpus)
    top = [c for c, j in _corpus.jurisdictions.items() if j.parent is None]
    assert len(top) >= 12
    unstated = [
        (code, topic)
        for code in top
        for topic in matrix.columns
        if not matrix.cells[(code, topic)].provisions and (code, topic) not in _corpus.coverage
    ]
    assert unstated == []


def test_every_unknown_cell_of_a_top_level_jurisdiction_says_what_was_looked_at() -> None:
    """An `unknown` core-topic cell is a gap in research: its note must say what was reviewed."""
    matrix = coverage_matrix(_corpus)
    top = [c for c, j in _corpus.jurisdictions.items() if j.parent is None]
    silent = [
        (code, topic)
        for code in top
        for topic in matrix.columns
        if matrix.cells[(code, topic)].state.value == "unknown" and not (matrix.cells[(code, topic)].note or "").strip()
    ]
    assert silent == []
