"""Comparisons: every cell has a state, gaps stay visible, conditions line up, diffs are word-level."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.compare import by_standard, conditions_table, coverage_matrix, standard_comparison, word_diff
from indexer.errors import BadRequest
from indexer.load import load_corpus
from indexer.models import CoverageState


@pytest.fixture
def corpus(fixture_corpus: Path):  # type: ignore[no-untyped-def]
    return load_corpus(fixture_corpus)[0]


def test_every_cell_has_a_state_and_gaps_are_kept(corpus) -> None:  # type: ignore[no-untyped-def]
    matrix = coverage_matrix(corpus)
    assert matrix.rows == ["COE", "ES", "NO", "ES-MD"]  # top level first; a region with nothing is still a row
    assert set(matrix.columns) == {"residence-autonomy", "shelters-and-support", "unaccompanied-minors"}
    assert len(matrix.cells) == len(matrix.rows) * len(matrix.columns)
    cell = matrix.cells[("NO", "residence-autonomy")]
    assert cell.state is CoverageState.provisions
    assert cell.provisions == ["no/utlendingsloven/s53"]
    assert matrix.cells[("NO", "shelters-and-support")].state is CoverageState.unknown
    assert matrix.cells[("COE", "unaccompanied-minors")].state is CoverageState.not_applicable
    assert matrix.cells[("ES-MD", "residence-autonomy")].state is CoverageState.unknown


def test_narrower_topic_provisions_fill_the_broader_cell(corpus) -> None:  # type: ignore[no-untyped-def]
    cell = coverage_matrix(corpus).cells[("ES", "unaccompanied-minors")]
    assert cell.provisions == ["es/lo-4-2000/art35"]


def test_practices_appear_next_to_provisions(corpus) -> None:  # type: ignore[no-untyped-def]
    cell = coverage_matrix(corpus, ["ES"], ["shelters-and-support"]).cells[("ES", "shelters-and-support")]
    assert cell.practices == ["es/practices/mentors"]


def test_unknown_names_are_rejected(corpus) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadRequest, match="unknown topic"):
        coverage_matrix(corpus, topics=["nope"])
    with pytest.raises(BadRequest, match="no provision"):
        conditions_table(corpus, ["xx/nothing/here"])


def test_conditions_line_up_row_by_row(corpus) -> None:  # type: ignore[no-untyped-def]
    table = conditions_table(corpus, ["no/utlendingsloven/s53", "es/lo-4-2000/art31bis"])
    rows = dict(table.rows)
    assert rows["Minimum relationship duration"] == ["none", None]
    assert rows["Evidence accepted"] == ["police report; shelter statement", None]
    assert "Fees" not in rows  # a row nobody records is left out, not shown empty


def test_by_standard_lists_every_jurisdiction_with_its_treaty_status(corpus) -> None:  # type: ignore[no-untyped-def]
    rows = {r.jurisdiction: r for r in by_standard(corpus, "coe-istanbul:59")}
    assert set(rows) == set(corpus.jurisdictions)
    assert rows["NO"].provisions == ["no/utlendingsloven/s53"]
    assert rows["NO"].treaty is not None
    assert rows["NO"].treaty.status.value == "ratified"
    assert rows["ES"].provisions == []
    assert rows["COE"].provisions == ["coe/istanbul/art59-1", "coe/istanbul/art59-2"]
    assert [r.jurisdiction for r in by_standard(corpus, "coe-istanbul:59(2)") if r.provisions] == ["COE"]


@pytest.mark.parametrize(
    ("ref", "paragraph", "implementing"),
    [
        pytest.param(
            "coe-istanbul:59(1)", ("coe/istanbul/art59-1",), {"NO": ("no/utlendingsloven/s53",)}, id="paragraph"
        ),
        pytest.param(
            "coe-istanbul:59",
            ("coe/istanbul/art59-1", "coe/istanbul/art59-2"),
            {"NO": ("no/utlendingsloven/s53",)},
            id="article-takes-its-paragraphs",
        ),
        pytest.param("coe-istanbul:59(2)", ("coe/istanbul/art59-2",), {}, id="nobody-implements-it-yet"),
    ],
)
def test_a_standard_compared_shows_its_paragraph_then_the_parties(  # type: ignore[no-untyped-def]
    corpus, ref: str, paragraph: tuple[str, ...], implementing: dict[str, tuple[str, ...]]
) -> None:
    view = standard_comparison(corpus, ref)
    assert view.paragraph == paragraph, "the standard's own text, from its instrument"
    assert "COE" not in {p.jurisdiction for p in view.parties}, "the maker is the paragraph, not a party"
    assert {p.jurisdiction: p.provisions for p in view.parties if p.provisions} == implementing
    parties = {p.jurisdiction: p for p in view.parties}
    assert (parties["NO"].status, parties["NO"].verification) == ("ratified", "unverified")
    assert (parties["ES"].status, parties["ES"].reservations) == ("", None), "not recorded is said, not guessed"
    assert [p.jurisdiction for p in standard_comparison(corpus, ref, ["ES"]).parties] == ["ES"]


def test_word_diff() -> None:
    assert word_diff("the victim may apply", "the victim shall apply") == [
        ("equal", "the victim "),
        ("delete", "may "),
        ("insert", "shall "),
        ("equal", "apply"),
    ]
