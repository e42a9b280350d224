"""Browsing: every jurisdiction with its coverage, the topic tree, the list of provisions, a profile's summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indexer.browse import (
    GROUPS,
    assessment_highlights,
    jurisdiction_summaries,
    provision_rows,
    topic_tree,
)
from indexer.coded import ORDER
from indexer.compare import coverage_matrix
from indexer.errors import BadRequest
from indexer.load import load_corpus
from indexer.models import CoverageState
from indexer.text import fold

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "corpus"
_fixture, _ = load_corpus(FIXTURE)
_real, _ = load_corpus(Path(__file__).resolve().parent.parent / "corpus")


@pytest.mark.parametrize("corpus", [_fixture, _real], ids=["fixture", "real"])
def test_every_jurisdiction_is_listed_once_grouped_with_its_coverage(corpus) -> None:  # type: ignore[no-untyped-def]
    summaries = jurisdiction_summaries(corpus)
    assert sorted(s.code for s in summaries) == sorted(corpus.jurisdictions)
    groups = [s.group for s in summaries]
    assert groups == sorted(groups, key=list(GROUPS.values()).index), "EU, Council of Europe, national, regional"
    matrix = coverage_matrix(corpus)
    for s in summaries:
        states = [matrix.cells[(s.code, t)].state for t in matrix.columns]
        assert dict(s.coverage) == {state: states.count(state) for state in CoverageState}
        assert [t for t, _, _ in s.gaps] == [
            t for t, st in zip(matrix.columns, states, strict=True) if st.value != "provisions"
        ]
        assert s.provisions == sum(e.jurisdiction == s.code for e in corpus.provisions.values())


def test_a_summary_names_the_gaps_with_their_notes_and_the_treaties() -> None:
    by_code = {s.code: s for s in jurisdiction_summaries(_fixture)}
    assert by_code["ES-MD"].group == "Regional and local"
    assert by_code["ES-MD"].parent == "ES"
    assert (
        "unaccompanied-minors",
        CoverageState.not_applicable,
        "The Council of Europe sets standards; it runs no services.",
    ) in by_code["COE"].gaps
    assert by_code["NO"].treaties == (("coe-istanbul", "ratified"),)
    assert by_code["ES"].treaties == (), "not recorded stays empty"
    assert [s.code for s in jurisdiction_summaries(_fixture, ["NO"])] == ["NO"]


def test_the_topic_tree_puts_narrower_under_broader_and_counts_like_the_matrix() -> None:
    tree = topic_tree(_fixture)
    order = [(row.id, row.depth) for row in tree.rows]
    assert order == [
        ("residence-autonomy", 0),
        ("shelters-and-support", 0),
        ("unaccompanied-minors", 0),
        ("guardianship", 1),
    ]
    matrix = coverage_matrix(_fixture, topics=[row.id for row in tree.rows])
    for row in tree.rows:
        for code, (state, n) in zip(tree.jurisdictions, row.cells, strict=True):
            cell = matrix.cells[(code, row.id)]
            assert (state, n) == (cell.state, len(cell.provisions) + len(cell.practices))


def test_the_real_topic_tree_holds_every_topic_once() -> None:
    ids = [row.id for row in topic_tree(_real).rows]
    assert sorted(ids) == sorted(_real.topics)
    core = [_real.topics[t].core for t in ids if _real.topics[t].broader == []]
    assert core == sorted(core, reverse=True), "core topics first"


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        pytest.param(
            {},
            [
                "coe/istanbul/art59-1",
                "coe/istanbul/art59-2",
                "es/lo-4-2000/art31bis",
                "es/lo-4-2000/art35",
                "no/utlendingsloven/s53",
            ],
            id="everything",
        ),
        pytest.param({"jurisdictions": ["NO"]}, ["no/utlendingsloven/s53"], id="jurisdiction"),
        pytest.param({"topic": "unaccompanied-minors"}, ["es/lo-4-2000/art35"], id="topic-takes-narrower"),
        pytest.param({"text": "§ 53"}, ["no/utlendingsloven/s53"], id="words-in-the-citation"),
        pytest.param({"verification": "official"}, [], id="verification"),
    ],
)
def test_the_provision_list_filters(filters: dict[str, object], ids: list[str]) -> None:
    assert [r.id for r in provision_rows(_fixture, **filters)] == ids  # type: ignore[arg-type]


def test_the_provision_list_sorts_by_jurisdiction_instrument_or_verification_date() -> None:
    by_jurisdiction = provision_rows(_real)
    codes = [r.jurisdiction for r in by_jurisdiction]
    assert codes[0] in ("COE", "EU")
    assert codes[-1] not in ("COE", "EU")
    coe = [r.id for r in by_jurisdiction if r.id.startswith("coe/istanbul-convention/")]
    assert coe.index("coe/istanbul-convention/art3") < coe.index("coe/istanbul-convention/art13"), "3 before 13"
    dates = [r.verified_on or dt.date.min for r in provision_rows(_real, sort="verified")]
    assert dates == sorted(dates, reverse=True), "newest first"
    instruments = [fold(r.instrument) for r in provision_rows(_real, sort="instrument")]
    assert instruments == sorted(instruments), "by instrument title, accents and case aside"
    official = provision_rows(_real, verification="official")
    assert official
    assert all(r.verification == "official" for r in official)
    with pytest.raises(BadRequest, match="cannot sort by 'size'"):
        provision_rows(_real, sort="size")


def test_words_match_from_the_start_of_a_word_without_accents_or_case() -> None:
    assert [r.id for r in provision_rows(_real, text="UTLANNINGSLAGEN 5 kap. 16")] == ["se/utlanningslagen/ch5-s16"]
    found = [r.id for r in provision_rows(_real, text="utlendingsloven § 53")]
    assert found[0] == "no/utlendingsloven/s53"
    assert all(pid.startswith("no/utlendingsloven/s53") for pid in found), "§ 53 and its paragraphs, never § 253"
    assert "no/utlendingsloven/s53" not in [r.id for r in provision_rows(_real, text="3")], "not inside a number"
    assert len(provision_rows(_real, text="utlend")) > 1, "a word's start finds it"


def test_assessment_highlights_come_decided_first() -> None:
    highlights = assessment_highlights(_real, "NO")
    assert highlights
    assert [ORDER[h.state] for h in highlights] == sorted(ORDER[h.state] for h in highlights)
    assert assessment_highlights(_real, "CZ-31") == (), "no coding, nothing to assess"
    assert [h.standard for h in assessment_highlights(_fixture, "NO")] == ["coe-istanbul:59(1)"]
