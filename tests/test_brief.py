"""Briefs and comparison exports: every format carries citations, "as of" dates and how to cite."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from docx import Document

from indexer.brief import (
    BRIEF_FORMATS,
    build_brief,
    citation,
    comparison_brief,
    filename,
    md_escape,
    render,
    resolve_id,
)
from indexer.compare import coverage_matrix
from indexer.corpus import Corpus
from indexer.errors import BadRequest, NotFound
from indexer.export import dataset_version
from indexer.load import load_corpus

PROVISION = "no/utlendingsloven/s53"
PRACTICE = "cz/practices/simi-seif-comparative-analysis"
TODAY = dt.date(2026, 11, 21)
WORDING = {
    PROVISION: {
        "official_text": "(1) Words of the official text, as the ingester took them.",
        "official_source": "Lovdata: utlendingsloven",
        "official_retrieved": "2026-11-20T10:00:00+00:00",
    }
}


@pytest.fixture(scope="module")
def corpus(real_corpus: Path) -> Corpus:
    return load_corpus(real_corpus)[0]


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def as_text(data: bytes, fmt: str) -> str:
    return docx_text(data) if fmt == "docx" else data.decode("utf-8")


def test_citation_names_instrument_official_citation_and_pinpoint(corpus: Corpus) -> None:
    line = citation(corpus, PROVISION)
    assert line.startswith("Immigration Act (")
    assert "LOV-2008-05-15-35" in line
    assert line.endswith("§ 53")


def test_brief_keeps_pin_order_and_drops_repeats(corpus: Corpus) -> None:
    brief = build_brief(corpus, [PRACTICE, PROVISION, PRACTICE], today=TODAY)
    assert [e.id for e in brief.entries] == [PRACTICE, PROVISION]
    assert [e.kind for e in brief.entries] == ["practice", "provision"]


def test_unknown_id_is_a_clear_error(corpus: Corpus) -> None:
    with pytest.raises(NotFound, match="no/utlendingsloven/s999"):
        build_brief(corpus, ["no/utlendingsloven/s999"])


def test_old_ids_are_followed(corpus: Corpus) -> None:
    corpus_with_alias = Corpus(**{**corpus.__dict__, "aliases": {"no/utlendingsloven/old-53": PROVISION}})
    assert resolve_id(corpus_with_alias, "no/utlendingsloven/old-53") == PROVISION


# CSL-JSON holds items for a citation manager, without the dataset's header: tests/test_brief_csl.py
@pytest.mark.parametrize("fmt", [fmt for fmt in BRIEF_FORMATS if fmt != "csl"])
def test_every_format_carries_citation_dates_and_how_to_cite(corpus: Corpus, fmt: str) -> None:
    brief = build_brief(corpus, [PROVISION, PRACTICE], title="Dependent spouses", today=TODAY)
    text = as_text(render(brief, fmt), fmt)
    entry = brief.entries[0]
    assert entry.citation in text
    assert dataset_version(corpus) in text
    assert brief.how_to_cite in text
    assert entry.verified_on is not None
    assert entry.verified_on.isoformat() in text
    assert corpus.practices[PRACTICE].practice.title in text


@pytest.mark.parametrize("fmt", ["md", "json", "docx"])
def test_official_wording_is_quoted_with_its_retrieval_date(corpus: Corpus, fmt: str) -> None:
    brief = build_brief(corpus, [PROVISION], official=WORDING, today=TODAY)
    text = as_text(render(brief, fmt), fmt)
    assert "Words of the official text" in text
    assert "2026-11-20" in text


def test_markdown_states_as_of_and_that_it_is_not_legal_advice(corpus: Corpus) -> None:
    text = render(build_brief(corpus, [PROVISION], today=TODAY), "md").decode()
    assert text.startswith("# Brief\n")
    assert f"**As of:** {TODAY.isoformat()}" in text
    assert "not legal advice" in text


def test_csv_has_one_row_per_pinned_record(corpus: Corpus) -> None:
    rows = list(csv.DictReader(io.StringIO(render(build_brief(corpus, [PROVISION, PRACTICE]), "csv").decode())))
    assert [r["id"] for r in rows] == [PROVISION, PRACTICE]
    assert rows[0]["citation"] == citation(corpus, PROVISION)
    assert "Minimum relationship duration: none" in rows[0]["conditions"]


def test_json_round_trips_the_brief(corpus: Corpus) -> None:
    data = json.loads(render(build_brief(corpus, [PROVISION], today=TODAY), "json"))
    assert data["dataset_version"] == dataset_version(corpus)
    assert data["generated"] == TODAY.isoformat()
    assert data["entries"][0]["id"] == PROVISION
    assert data["disclaimer"]


def test_comparison_lists_every_jurisdiction_with_its_gaps(corpus: Corpus) -> None:
    topic = "residence-autonomy"
    brief = comparison_brief(corpus, topic=topic, today=TODAY)
    matrix = coverage_matrix(corpus, topics=[topic])
    assert [row.jurisdiction for row in brief.coverage] == matrix.rows
    rows = list(csv.DictReader(io.StringIO(render(brief, "csv").decode())))
    gaps = [code for code in matrix.rows if not matrix.cells[(code, topic)].provisions]
    gaps = [code for code in gaps if not matrix.cells[(code, topic)].practices]
    assert gaps, "the corpus should still have a jurisdiction without a record on this topic"
    for code in gaps:
        gap_rows = [r for r in rows if r["jurisdiction"] == code]
        assert len(gap_rows) == 1
        assert gap_rows[0]["id"] == ""
        assert gap_rows[0]["coverage"] == matrix.cells[(code, topic)].state.value


def test_comparison_of_chosen_jurisdictions_lines_up_conditions(corpus: Corpus) -> None:
    brief = comparison_brief(corpus, topic="residence-autonomy", jurisdictions=["NO", "ES"])
    assert {row.jurisdiction for row in brief.coverage} == {"NO", "ES"}
    captions = [t.caption for t in brief.tables]
    assert any(c.startswith("Conditions side by side") for c in captions)
    text = docx_text(render(brief, "docx"))
    assert "Minimum relationship duration" in text


def test_comparison_by_standard_names_treaty_status(corpus: Corpus) -> None:
    brief = comparison_brief(corpus, standard="coe-istanbul:59(1)", jurisdictions=["NO", "ES"])
    assert PROVISION in {rid for row in brief.coverage for rid in row.entry_ids}
    assert "Treaty status" in brief.tables[0].header


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        pytest.param({}, BadRequest, id="neither-topic-nor-standard"),
        pytest.param({"topic": "fgm", "standard": "coe-istanbul"}, BadRequest, id="both"),
        pytest.param({"topic": "no-such-topic"}, NotFound, id="unknown-topic"),
    ],
)
def test_comparison_refuses_bad_requests(corpus: Corpus, kwargs: dict[str, str], error: type[Exception]) -> None:
    with pytest.raises(error):
        comparison_brief(corpus, **kwargs)


def test_unknown_format_is_refused(corpus: Corpus) -> None:
    with pytest.raises(BadRequest, match="pdf"):
        render(build_brief(corpus, [PROVISION]), "pdf")


def test_filename_is_a_slug_with_date_and_extension(corpus: Corpus) -> None:
    brief = build_brief(corpus, [PROVISION], title="Spouses: NO / ES?", today=TODAY)
    assert filename(brief, "docx") == "spouses-no-es-2026-11-21.docx"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        pytest.param("plain words § 53", "plain words § 53", id="plain"),
        pytest.param("<script>x</script>", "\\<script\\>x\\</script\\>", id="html"),
        pytest.param("*not* _emphasis_", "\\*not\\* \\_emphasis\\_", id="emphasis"),
        pytest.param("[link](http://x)", "\\[link\\](http://x)", id="link"),
        pytest.param("a | b", "a \\| b", id="table-pipe"),
        pytest.param("# not a heading", "\\# not a heading", id="heading"),
        pytest.param("- not a list", "\\- not a list", id="list"),
        pytest.param("1. not a list", "1\\. not a list", id="numbered-list"),
        pytest.param("costs $5 and $6", "costs \\$5 and \\$6", id="math"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped
