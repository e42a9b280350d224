"""The official-text cache: storing versions, giving provisions their wording, and
flagging a provision whose official wording changed since it was verified."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from indexer.corpus import Corpus
from indexer.errors import SourceError
from indexer.load import load_corpus
from indexer.sources.base import SourceProvision, pinpoint_key
from indexer.sources.cache import instrument_dir, official_texts, store, versions
from indexer.sources.config import check_sources, load_sources
from indexer.sources.select import select
from indexer.sources.status import compare, instrument_status, words

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
NO_TEXT = SHARED / "sources" / "no" / "NO_LOV-2008-05-15-35_utlendingsloven_legalize-no.md"
IID = "no/utlendingsloven"
needs_shared = pytest.mark.shared(NO_TEXT.relative_to(SHARED))

SOURCES_YAML = """\
instruments:
  no/utlendingsloven:
    title: Utlendingsloven (test copy)
    url: https://lovdata.no/dokument/NL/lov/2008-05-15-35
    files: ["NO_LOV-*"]
"""


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A corpus holding the real utlendingsloven file and a sources.yaml for it."""
    root = tmp_path / "corpus"
    (root / "no").mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "no" / "utlendingsloven.yaml", root / "no" / "utlendingsloven.yaml")
    (root / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    return root


def _corpus(root: Path) -> Corpus:
    corpus, _problems = load_corpus(root)  # only the instrument file is there: that is enough here
    return corpus


def _store(texts: Path, data: bytes, when: dt.datetime) -> bool:
    return store(texts, IID, data, origin=NO_TEXT.name, title="test copy", url=None, now=when).new


# --- pinpoints ------------------------------------------------------------------

UNITS = [
    SourceProvision(
        "59", "Residence status", "1. First paragraph.\n2. Second paragraph:\n(a) point a;\n(b) point b.\n3. Third."
    ),
    SourceProvision("31 bis", "", "1. Uno.\n2. Dos."),
    SourceProvision("§ 53", "", "First ledd.\nSecond ledd.\nThird ledd."),
    SourceProvision("VDA 1.1", "", "VDA 1.1. One."),
    SourceProvision("VDA 1.2", "", "VDA 1.2. Two."),
    SourceProvision("17", "", "(3) Lead-in:\n1. item one;\n2. item two;\n3. item three.\n(4) Next."),
]


@pytest.mark.parametrize(
    ("pinpoint", "found", "text"),
    [
        pytest.param("Article 59", "59", UNITS[0].text, id="whole-article"),
        pytest.param("Article 59(1)", "59(1)", "1. First paragraph.", id="paragraph"),
        pytest.param("Article 59(2)(b)", "59(2)(b)", "(b) point b.", id="point"),
        pytest.param(
            "Article 59(1)-(2)",
            "59(1)–(2)",
            "1. First paragraph.\n2. Second paragraph:\n(a) point a;\n(b) point b.",
            id="paragraph-range",
        ),
        pytest.param("Article 59(9)", "59", UNITS[0].text, id="missing-paragraph-gives-whole-unit"),
        pytest.param("art. 31 bis.2", "31 bis(2)", "2. Dos.", id="spanish-dot-paragraph"),
        pytest.param("§ 53 tredje ledd", "§ 53 ledd 3", "Third ledd.", id="norwegian-ledd"),
        pytest.param(
            "VDA 1.1-1.2", "VDA 1.1–VDA 1.2", "VDA 1.1\nVDA 1.1. One.\nVDA 1.2\nVDA 1.2. Two.", id="rule-range"
        ),
        pytest.param("art. 17(3) 3.", "17(3)(3)", "3. item three.", id="numbered-item-in-paren-paragraph"),
    ],
)
def test_select_cuts_the_pinpoint_out_of_the_unit(pinpoint: str, found: str, text: str) -> None:
    selection = select(UNITS, pinpoint)
    assert selection is not None
    assert (selection.pinpoint, selection.text) == (found, text)


@pytest.mark.parametrize(
    "pinpoint", ["Article 60", "§ 54", "whole act"], ids=["absent-article", "absent-section", "no-pinpoint"]
)
def test_select_finds_nothing_for_a_unit_the_document_lacks(pinpoint: str) -> None:
    assert select(UNITS, pinpoint) is None


# --- storing --------------------------------------------------------------------


@needs_shared
def test_storing_the_same_document_twice_adds_no_version(tmp_path: Path) -> None:
    data = NO_TEXT.read_bytes()
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert _store(tmp_path, data, when) is True
    assert _store(tmp_path, data, when + dt.timedelta(days=1)) is False
    assert len(versions(tmp_path, IID)) == 1
    assert _store(tmp_path, data + b"\n", when + dt.timedelta(days=2)) is True
    assert [v.retrieved.day for v in versions(tmp_path, IID)] == [1, 3]


def test_a_document_without_provisions_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no provisions found"):
        store(tmp_path, IID, b"<html><body><p>Access denied</p></body></html>", origin="x.html", title="t", url=None)
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("bad", ["../etc", "no/../../x", "no", "a/b/c"])
def test_instrument_ids_cannot_leave_the_cache(tmp_path: Path, bad: str) -> None:
    with pytest.raises(SourceError):
        instrument_dir(tmp_path, bad)


def test_a_damaged_cache_is_read_as_empty(tmp_path: Path) -> None:
    folder = instrument_dir(tmp_path, IID)
    folder.mkdir(parents=True)
    (folder / "versions.json").write_text("{not json", encoding="utf-8")
    assert versions(tmp_path, IID) == []


# --- wording for provisions -------------------------------------------------------


@needs_shared
def test_provisions_get_the_official_wording_of_their_pinpoint(corpus_dir: Path, tmp_path: Path) -> None:
    _store(tmp_path / "texts", NO_TEXT.read_bytes(), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    texts = official_texts(_corpus(corpus_dir), tmp_path / "texts")
    s53 = texts[f"{IID}/s53"]
    assert s53.pinpoint == "§ 53"
    assert s53.text.startswith("En utlending som har oppholdstillatelse etter §§ 40 eller 41")
    assert "Endret ved" not in s53.text
    assert any("Endret ved lov 22 juni 2018" in n for n in s53.notes)
    assert s53.version == "2026-01-01"  # the conversion's "last change in force"
    third = texts[f"{IID}/s53-3"]
    assert (third.pinpoint, third.text[:30]) == ("§ 53 ledd 3", "Når det er reist søksmål etter")


def test_no_cache_means_no_wording(corpus_dir: Path, tmp_path: Path) -> None:
    assert official_texts(_corpus(corpus_dir), tmp_path / "absent") == {}


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        pytest.param("instruments:\n  no/x:\n    url: https://example.org\n", "title", id="missing-title"),
        pytest.param("instruments:\n  no/x:\n    title: T\n    format: pdf\n", "unknown format", id="bad-format"),
        pytest.param("instruments:\n  no/x:\n    title: T\n    colour: red\n", "colour", id="unknown-field"),
        pytest.param("instruments: [1, 2]\n", "expected a mapping", id="not-a-mapping"),
    ],
)
def test_a_bad_sources_yaml_is_one_clear_error_with_its_line(tmp_path: Path, yaml_text: str, message: str) -> None:
    (tmp_path / "sources.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(SourceError, match=message) as info:
        load_sources(tmp_path)
    assert "sources.yaml:" in str(info.value)


def test_the_project_sources_yaml_loads_and_names_only_corpus_instruments() -> None:
    corpus, _ = load_corpus(ROOT / "corpus")
    sources = load_sources(ROOT / "corpus")
    assert set(sources.entries) <= set(corpus.instruments)


# --- change detection ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        pytest.param(
            "1. Parties shall act.\n2. They shall report.",
            "1.  Parties  shall\nact. 2. They shall report.",
            False,
            id="white-space",
        ),
        pytest.param("1. Parties shall act.", "(1) Parties shall act.", False, id="numbering-style"),
        pytest.param("a) first;\nb) second.", "(a) first;\n(b) second.", False, id="point-style"),
        pytest.param("the ((new)) words ▼M1", "the new words", False, id="amendment-markers"),
        pytest.param("for three years.", "for two years.", True, id="amended-word"),
        pytest.param("after 5 years.", "after 6 years.", True, id="amended-number"),
        pytest.param("Parties shall act.", "Parties shall act. They may also report.", True, id="added-sentence"),
    ],
)
def test_compare_ignores_noise_but_not_amendments(old: str, new: str, changed: bool) -> None:
    assert compare(old, new).changed is changed


def test_compare_reports_the_amended_sentence() -> None:
    change = compare(
        "Parties shall act. Victims get a permit of one year.", "Parties shall act. Victims get a permit of two years."
    )
    assert change.removed == ["Victims get a permit of one year."]
    assert change.added == ["Victims get a permit of two years."]
    assert 0 < change.similarity < 100


def test_words_drop_numbering_and_case() -> None:
    assert words("(1) The Parties,\n a) SHALL") == ["the", "parties", "shall"]


@needs_shared
def test_status_flags_the_provision_whose_official_wording_was_changed(corpus_dir: Path, tmp_path: Path) -> None:
    corpus = _corpus(corpus_dir)
    verified = corpus.provisions[f"{IID}/s53"].provision.verification.date
    assert verified is not None
    before = dt.datetime.combine(verified, dt.time(9), tzinfo=dt.UTC) - dt.timedelta(days=30)
    after = before + dt.timedelta(days=60)
    original = NO_TEXT.read_text(encoding="utf-8")
    texts = tmp_path / "texts"
    _store(texts, original.encode("utf-8"), before)
    # on purpose: one sentence of § 53 amended, § 29 only re-wrapped (noise, not a change)
    amended = original.replace(
        "Tillatelsen gis for seks måneder av gangen inntil rettskraftig avgjørelse foreligger.",
        "Tillatelsen gis for tolv måneder av gangen inntil rettskraftig avgjørelse foreligger.",
    )
    section_29 = amended.index("### § 29.")
    amended = amended[:section_29] + amended[section_29:].replace(" ", "  ", 40)
    assert amended != original
    _store(texts, amended.encode("utf-8"), after)

    status = instrument_status(corpus, load_sources(corpus_dir), texts, IID)
    states = {p.provision_id: p for p in status.provisions}
    flagged = sorted(pid for pid, p in states.items() if p.state == "changed")
    assert flagged == [f"{IID}/s53", f"{IID}/s53-3"]
    assert states[f"{IID}/s29"].state == "unchanged"
    change = states[f"{IID}/s53"].change
    assert change is not None
    assert any("tolv måneder" in s for s in change.added)
    assert any("seks måneder" in s for s in change.removed)
    assert status.as_json()["changed"][0]["provision"] == f"{IID}/s53"  # type: ignore[index]


@needs_shared
def test_status_has_no_baseline_when_every_version_is_newer_than_the_verification(
    corpus_dir: Path, tmp_path: Path
) -> None:
    corpus = _corpus(corpus_dir)
    verified = corpus.provisions[f"{IID}/s53"].provision.verification.date
    assert verified is not None
    later = dt.datetime.combine(verified, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(days=10)
    _store(tmp_path, NO_TEXT.read_bytes(), later)
    status = instrument_status(corpus, load_sources(corpus_dir), tmp_path, IID)
    assert {p.state for p in status.provisions} == {"no-baseline"}
    assert json.dumps(status.as_json())  # serialisable for --json


@pytest.mark.parametrize(
    ("written", "key"),
    [
        pytest.param("Article 59", "59", id="english"),
        pytest.param("art. 31 bis", "31bis", id="spanish-bis"),
        pytest.param("Art. 18-bis", "18bis", id="italian-bis"),
        pytest.param("Article premier", "1", id="french-premier"),
        pytest.param("Art. 1<sup>er</sup>.", "1", id="luxembourg-1er"),
        pytest.param("5 kap. 16 §", "5kap16", id="swedish-chapter"),
        pytest.param("§ 41 a", "41a", id="norwegian-letter"),
        pytest.param("VDA 4.2", "vda4.2", id="uk-rule"),
        pytest.param("άρθρο 90", "90", id="greek"),
        pytest.param("article L. 423-5", "l4235", id="french-code-with-dot"),
        pytest.param("art. L423-5", "l4235", id="french-code"),
        pytest.param("Artikel 3.80a", "3.80a", id="dutch-dotted"),
        pytest.param("B8/2.1", "b8/2.1", id="dutch-circulaire-section"),
        # a lead word is a whole word (indexer/designators.py)
        pytest.param("s53", "s53", id="letter-joined-to-number-kept"),
        pytest.param("S-EC.1.1", "sec.1.1", id="uk-rule-code-kept"),
        pytest.param("s 53", "53", id="section-letter-without-dot"),
        pytest.param("sections 5", "5", id="plural-not-read-as-section-then-s"),
        pytest.param("arts 92", "92", id="arts-not-read-as-art-then-s"),
        pytest.param("paragraf 5", "5", id="norwegian-paragraf"),
        pytest.param("Čl. 12", "12", id="czech-cl"),
        pytest.param("second", "second", id="word-starting-with-sec"),
        pytest.param("§§ 44", "44", id="double-section-sign"),
        pytest.param("Art. § 3", "3", id="two-lead-words"),
    ],
)
def test_pinpoints_written_differently_compare_equal(written: str, key: str) -> None:
    assert pinpoint_key(written) == key


@pytest.mark.parametrize(
    ("entry", "code", "message"),
    [
        pytest.param(
            "  no/utlendingslov:\n    title: T\n",
            "unknown-instrument",
            "did you mean 'no/utlendingsloven'",
            id="typo-id",
        ),
        pytest.param(
            "  no/utlendingsloven:\n    title: T\n    pinpoints: {s99: '§ 99'}\n",
            "unknown-provision",
            "'s99'",
            id="slug",
        ),
        pytest.param(
            "  no/utlendingsloven:\n    title: T\n    format: pdf\n", "bad-value", "unknown format", id="format"
        ),
    ],
)
def test_check_sources_reports_what_validate_should_print(
    corpus_dir: Path, entry: str, code: str, message: str
) -> None:
    (corpus_dir / "sources.yaml").write_text("instruments:\n" + entry, encoding="utf-8")
    problems = check_sources(_corpus(corpus_dir))
    assert [p.code for p in problems] == [code]
    assert message in problems[0].message
    assert problems[0].path.name == "sources.yaml"
    assert problems[0].line > 1
