"""The engine reads matches a posting block at a time (engine._all_scores): every match and every score must
be what Whoosh's own search gives, to the last bit, on a fresh index and on one an incremental build updated,
with either of the matchers Whoosh picks for an Or (an array of sums up to 5,000 documents, a tree beyond)."""

from __future__ import annotations

import heapq
import shutil
from pathlib import Path
from typing import Any

import pytest
from whoosh import matching, query

from indexer import build as build_module
from indexer import engine as engine_module
from indexer.build import build
from indexer.engine import EngineIndex
from indexer.search import Index, open_index

#: (query, parsed as plain words): words (any may match), boolean operators, phrases, fields, prefixes, filters
QUERIES = [
    pytest.param("permit", True, id="one-word"),
    pytest.param("abuse violence permit independent", True, id="several-words"),
    pytest.param("utlendingsloven 53", True, id="citation-words"),
    pytest.param("zebrafish permit", True, id="a-word-only-the-update-has"),
    pytest.param("permit AND violence", False, id="and"),
    pytest.param("permit NOT abuse", False, id="not"),
    pytest.param("permit OR krisesenter", False, id="or"),
    pytest.param('"residence permit"', False, id="phrase"),
    pytest.param('"domestic violence" OR permit', False, id="phrase-or-word"),
    pytest.param("perm*", False, id="prefix"),
    pytest.param("heading:permit^2 OR body:violence", False, id="fields-and-boost"),
    pytest.param("heading:permit^2 OR permit", False, id="one-term-two-boosts"),
    pytest.param("topic:residence-autonomy permit", False, id="filter-field-and-word"),
]


@pytest.fixture(params=["array", "array-in-parts", "tree"])
def or_matcher(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Whoosh's Or over the tiny fixture is an array of sums (read 2,048 documents at a time), unless told
    to build its tree of unions; in parts of two documents, the array has read only some of them at first."""
    if request.param == "tree":
        monkeypatch.setattr(query.Or, "matcher_type", query.Or.DEFAULT_MATCHER)
    elif request.param == "array-in-parts":
        whole = matching.ArrayUnionMatcher.__init__

        def in_parts(self: Any, submatchers: Any, doccount: int, boost: float = 1.0, scored: bool = True) -> None:
            whole(self, submatchers, doccount, boost, scored, partsize=2)

        monkeypatch.setattr(matching.ArrayUnionMatcher, "__init__", in_parts)
    return str(request.param)


@pytest.fixture(params=["read", "kept"])
def kept(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """With "kept", every posting list is kept once scored (the fixture's are short) and each query runs twice."""
    if request.param == "kept":
        monkeypatch.setattr(engine_module._ScoredPostings, "SHORTEST", 1)
    return bool(request.param == "kept")


def _whoosh(engine: EngineIndex, text: str, match_any: bool) -> dict[int, float]:
    """Every match of the query with Whoosh's own score for it, by our document numbers."""
    found = engine.searcher.search(engine.parse(text, match_any=match_any), limit=None)
    ours = engine._ours
    return {hit.docnum if ours is None else ours[hit.docnum]: hit.score for hit in found}


def _ours(
    engine: EngineIndex, text: str, match_any: bool, kept: bool, monkeypatch: pytest.MonkeyPatch
) -> dict[int, float]:
    """Every match with our score for it; with ``kept``, the second of two runs, which reads the scores kept."""
    monkeypatch.setattr(engine.searcher.weighting, "kept", engine_module._ScoredPostings())
    runs = []
    for _ in range(2 if kept else 1):
        match = engine.run(engine.parse(text, match_any=match_any), None, limit=engine.doc_count())
        assert match.total == len(match.hits) == len(match.docs)
        runs.append(dict(match.hits))
    assert all(run == runs[0] for run in runs)
    return runs[-1]


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> EngineIndex:
    """An index of the fixture corpus that two incremental builds changed (one provision edited twice):
    segments with deleted documents, one with nothing else."""
    root = tmp_path_factory.mktemp("updated")
    corpus, ix, texts = root / "corpus", root / "ix", root / "texts"
    shutil.copytree(Path(__file__).parent / "fixtures" / "corpus", corpus)
    build(corpus, ix, texts)
    file = corpus / "no" / "utlendingsloven.yaml"
    for old, new in [
        ("gets an independent permit", "gets a zebrafish permit"),
        ("zebrafish permit", "zebrafish permit soon"),
    ]:
        file.write_text(file.read_text("utf-8").replace(old, new), "utf-8")
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(build_module, "REWRITE_SHARE", 1.0)  # the fixture is small: any share is "many"
            assert build(corpus, ix, texts)["build"]["mode"] == "incremental"
    engine = open_index(ix).engine
    assert engine.reader.doc_count_all() > engine.reader.doc_count(), "the updates left deleted documents behind"
    assert any(not segment.doc_count() for segment, _base in engine.reader.leaf_readers()), "a segment is empty"
    return engine


@pytest.mark.parametrize(("text", "match_any"), QUERIES)
def test_every_match_scores_as_whoosh_scores_it(
    fixture_index: Index, or_matcher: str, kept: bool, monkeypatch: pytest.MonkeyPatch, text: str, match_any: bool
) -> None:
    engine = fixture_index.engine
    expected = _whoosh(engine, text, match_any)
    assert expected, "the query finds something in the fixture corpus"
    assert _ours(engine, text, match_any, kept, monkeypatch) == expected


@pytest.mark.parametrize(("text", "match_any"), QUERIES)
def test_every_match_scores_as_whoosh_scores_it_after_an_update(
    updated: EngineIndex, or_matcher: str, kept: bool, monkeypatch: pytest.MonkeyPatch, text: str, match_any: bool
) -> None:
    expected = _whoosh(updated, text, match_any)
    assert expected, "the query finds something in the updated fixture corpus"
    assert _ours(updated, text, match_any, kept, monkeypatch) == expected


def test_posting_lists_read_whole_are_kept_and_read_back(fixture_index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query.Or, "matcher_type", query.Or.DEFAULT_MATCHER)  # an Or whose children start unread
    monkeypatch.setattr(engine_module._ScoredPostings, "SHORTEST", 1)
    engine = fixture_index.engine
    expected = _whoosh(engine, "abuse violence permit independent", True)
    assert _ours(engine, "abuse violence permit independent", True, True, monkeypatch) == expected
    kept = engine.searcher.weighting.kept
    assert kept.lists, "the first run kept its posting lists"
    assert kept.postings == sum(len(ids) for _max, ids, _scores in kept.lists.values())


def test_a_kept_list_is_read_back_from_where_the_matcher_stands(
    fixture_index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module._ScoredPostings, "SHORTEST", 1)
    monkeypatch.setattr(fixture_index.engine.searcher.weighting, "kept", engine_module._ScoredPostings())
    searcher = fixture_index.engine.searcher
    term = query.Term("body", "permit")
    first = engine_module._all_scores(term.matcher(searcher, searcher.context()), float("inf"))
    assert len(first) >= 2
    assert searcher.weighting.kept.lists
    stepped = term.matcher(searcher, searcher.context())
    stepped.next()  # past its first posting: the kept list is read from the second on
    expected = {}
    while stepped.is_active():
        expected[stepped.id()] = stepped.score()
        stepped.next()
    advanced = term.matcher(searcher, searcher.context())
    advanced.next()
    assert engine_module._all_scores(advanced, float("inf")) == expected == dict(list(first.items())[1:])


#: sort keys from scores: Whoosh's own, coarse ones that tie often, one that ties everything, and pairs
RANKS = [
    pytest.param(None, id="score"),
    pytest.param(lambda nums, scores: [round(s) for s in scores], id="coarse-ties"),
    pytest.param(lambda nums, scores: [0.0] * len(nums), id="all-tied"),
    pytest.param(
        lambda nums, scores: [(n % 2 == 0, round(s, 1)) for n, s in zip(nums, scores, strict=True)], id="pairs"
    ),
]


def _heap_of_every_match(engine: EngineIndex, text: str, wanted: int, rank: Any) -> list[tuple[int, float]]:
    """The best ``wanted`` matches as a heap fed every match in Whoosh's order keeps them (how run() chose)."""
    heap: list[tuple[Any, int, float]] = []
    q = engine.parse(text, match_any=True)
    for sub, base in engine.searcher.leaf_searchers():
        m = q.matcher(sub, engine.searcher.context())
        while m.is_active():
            num = base + m.id() if engine._ours is None else engine._ours[base + m.id()]
            score = m.score()
            key = score if rank is None else rank([num], [score])[0]
            if len(heap) < wanted:
                heapq.heappush(heap, (key, -num, score))
            elif key > heap[0][0]:
                heapq.heapreplace(heap, (key, -num, score))
            m.next()
    return [(-negdoc, score) for _key, negdoc, score in sorted(heap, reverse=True)]


@pytest.mark.parametrize("rank", RANKS)
@pytest.mark.parametrize("index", ["fresh", "updated"])
def test_the_hits_kept_are_those_a_heap_fed_every_match_keeps(
    fixture_index: Index, updated: EngineIndex, or_matcher: str, index: str, rank: Any
) -> None:
    engine = fixture_index.engine if index == "fresh" else updated
    assert (engine._ours is not None) == (index == "updated"), "the update numbers documents otherwise"
    text = "abuse violence permit independent zebrafish"
    everything = engine.run(engine.parse(text, match_any=True), None, limit=engine.doc_count()).total
    assert everything > 3
    for wanted in range(1, everything + 1):
        found = engine.run(engine.parse(text, match_any=True), None, limit=wanted, rank=rank)
        assert found.hits == _heap_of_every_match(engine, text, wanted, rank), wanted
