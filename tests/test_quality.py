"""The search-quality harness: its query set is well formed, and search meets the figures it promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.quality import QUERY_SET, load_set, scores
from indexer.load import load_corpus

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
KINDS = {"citation", "abbreviation", "country", "question", "topic", "typo", "cross-language"}


@pytest.fixture(scope="module")
def query_set() -> list:
    corpus, _ = load_corpus(CORPUS)
    return load_set(QUERY_SET, corpus)


def test_query_set_is_large_multilingual_and_covers_every_kind(query_set: list) -> None:
    assert len(query_set) >= 200
    assert len({q.lang for q in query_set}) >= 12
    assert {q.kind for q in query_set} == KINDS
    assert all(q.right for q in query_set)


def test_a_label_naming_no_record_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "set.yaml"
    bad.write_text('topic:\n  - {q: "x", lang: en, right: [no/such/record]}\n', "utf-8")
    corpus, _ = load_corpus(CORPUS)
    with pytest.raises(ValueError, match="no record 'no/such/record'"):
        load_set(bad, corpus)


@pytest.mark.parametrize(
    ("ranks", "expected"),
    [
        ([1, 1], {"n": 2, "recall@1": 1.0, "recall@5": 1.0, "mrr": 1.0}),
        ([2, None], {"n": 2, "recall@1": 0.0, "recall@5": 0.5, "mrr": 0.25}),
        ([6, 1], {"n": 2, "recall@1": 0.5, "recall@5": 0.5, "mrr": 0.583}),
    ],
    ids=["all-first", "second-and-missing", "sixth-is-not-top-5"],
)
def test_scores(ranks: list, expected: dict) -> None:
    assert scores(ranks) == expected
