"""Synthetic samples of the layouts no real fixture shows (tests/samples/, invented wording).

Each row: sample file, the format detected, the pinpoints in order, then for one
pinpoint its heading and wording, and what must be kept apart from the wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import SourceError
from indexer.sources.ingest import detect, ingest, ingest_file

SAMPLES = Path(__file__).resolve().parent / "samples"


@pytest.mark.parametrize(
    ("sample", "fmt", "pinpoints"),
    [
        pytest.param("eurlex_pre2004.html", "eurlex", ["1", "2", "15", "16"], id="eurlex-pre2004"),
        pytest.param("eurlex_pre2004_regulation.html", "eurlex", ["1", "2"], id="eurlex-pre2004-regulation"),
        pytest.param("eurlex_eli_current.html", "eurlex", ["1", "2"], id="eurlex-eli"),
        pytest.param("formex_act.xml", "formex", ["1", "2"], id="formex"),
        pytest.param("lovdata_no_chapters.html", "lovdata", ["§ 1", "§ 2", "§ 3"], id="lovdata-no-chapters"),
        pytest.param("lovtidend_amending_act.html", "lovdata", ["I", "§ 1 a", "II"], id="lovtidend-amending-act"),
        pytest.param("sfs_text.txt", "sfs", ["1 kap. 1 §", "1 kap. 2 §", "2 kap. 16 §"], id="sfs-text"),
        pytest.param("riksdagen_sfs.html", "sfs", ["1 kap. 1 §", "5 kap. 16 §"], id="sfs-riksdagen"),
        pytest.param("govuk_rules.html", "govuk", ["SMP 1.1", "SMP 1.2", "SMP 2.1"], id="govuk-html"),
        pytest.param("generic_statute.html", "html", ["1er", "2"], id="generic-html"),
        pytest.param("boe_legacy.xml", "boe", ["1", "2", "Disposición transitoria única"], id="boe-legacy"),
        pytest.param("clml_act.xml", "clml", ["1", "2", "Schedule 1 para. 1"], id="clml-sections-and-schedule"),
        pytest.param(
            "rkrattsbaser_sfs.html", "sfs", ["1 kap. 1 §", "1 kap. 2 §", "2 kap. 16 §"], id="sfs-rkrattsbaser-text-body"
        ),
        pytest.param("lovtidend_list_part.html", "lovdata", ["I", "II"], id="lovtidend-list-only-part"),
        pytest.param("markdown_de_gesetz.md", "markdown", ["§ 1", "§ 2", "§ 3", "§ 4"], id="md-de-gesetz"),
        pytest.param("markdown_nl_besluit.md", "markdown", ["1.1", "3.48", "3.80a"], id="md-nl-dotted-no-paragraaf"),
        pytest.param(
            "markdown_nl_circulaire.md", "markdown", ["B1/1", "B1/2.1", "B1/2.2", "B2/1"], id="md-nl-chapter-sections"
        ),
        pytest.param(
            "markdown_fr_code.md",
            "markdown",
            ["L110-1", "L423-5", "L312-1 A", "R233-9", "515-13-1", "Annexe 1", "Annexe 2"],
            id="md-fr-code-no-strays",
        ),
    ],
)
def test_sample_is_detected_and_split_into_its_units(sample: str, fmt: str, pinpoints: list[str]) -> None:
    data = (SAMPLES / sample).read_bytes()
    assert detect(data, sample) == fmt
    assert [u.pinpoint for u in ingest(data, name=sample).provisions] == pinpoints


@pytest.mark.parametrize(
    ("sample", "pinpoint", "heading", "text"),
    [
        pytest.param(
            "eurlex_pre2004.html",
            "1",
            "Subject matter",
            "This Directive lays down a synthetic rule for testing.",
            id="pre2004-heading-line",
        ),
        pytest.param(
            "eurlex_pre2004.html",
            "2",
            "",
            'For the purposes of this Directive:\n(a) "sample" means a document written for tests;\n'
            '(b) "reader" means the ingester.',
            id="pre2004-no-heading",
        ),
        pytest.param(
            "eurlex_eli_current.html",
            "1",
            "Subject matter",
            "1. This Regulation lays down synthetic rules.\n2. It applies to:\n(a) samples;\n(b) readers.",
            id="eli-points-tables-and-note-tag",
        ),
        pytest.param(
            "formex_act.xml",
            "1",
            "Scope",
            "1. This Directive applies to samples.\n2. It covers:\n(a) documents;\n(b) fixtures.",
            id="formex-parag-list",
        ),
        pytest.param(
            "lovdata_no_chapters.html",
            "§ 1",
            "Formål",
            "Loven skal prøve lesing av lover uten kapitler.\nLoven gjelder:\na. prøver,\nb. lesere.",
            id="lovdata-lists-counted-once",
        ),
        pytest.param(
            "lovtidend_amending_act.html",
            "I",
            "",
            "I lov 1. januar 2099 nr. 1 om syntetiske prøver gjøres følgende endringer:\n– – –\nNy § 1 a skal lyde:\n"
            "§ 1 a Ny regel\nEn ny syntetisk regel.\nEt nytt andre ledd.\n– – –",
            id="lovtidend-part-quotes-new-section",
        ),
        pytest.param(
            "lovtidend_amending_act.html",
            "§ 1 a",
            "Ny regel",
            "En ny syntetisk regel.\nEt nytt andre ledd.",
            id="lovtidend-new-section",
        ),
        pytest.param(
            "sfs_text.txt",
            "2 kap. 16 §",
            "Fortsatt tillstånd i vissa fall",
            "Tillstånd får beviljas om förhållandet har upphört.\nEtt tillstånd ska gälla i tretton månader.",
            id="sfs-hard-wrap-heading-stamp",
        ),
        pytest.param(
            "govuk_rules.html",
            "SMP 1.2",
            "Validity requirements for the Sample route",
            "SMP 1.2. An application must meet all of the following requirements:\n(a) any fee must have been paid; "
            "and\n(b) the applicant must have provided biometrics.",
            id="govuk-accordion-heading",
        ),
        pytest.param("boe_legacy.xml", "1", "", "1. Primer apartado anulado sintético.", id="boe-annulled-word-kept"),
        pytest.param("boe_legacy.xml", "2", "Del objeto.", "Un párrafo de clase nueva.", id="boe-unknown-class-kept"),
        pytest.param(
            "clml_act.xml",
            "1",
            "Meaning of “sample”",
            "(1) In this Act a “sample” is a document written for tests, and nothing else.\n(2) A sample may be—\n"
            "(a) short, or\n(b)...",
            id="clml-subsections-joined-without-stray-spaces",
        ),
        pytest.param(
            "generic_statute.html",
            "2",
            "",
            "Le titre de séjour autonome est accordé en cas de violence domestique.",
            id="generic-bold-heading",
        ),
        pytest.param(
            "rkrattsbaser_sfs.html",
            "2 kap. 16 §",
            "Fortsatt tillstånd i vissa fall",
            "Tillstånd får beviljas om förhållandet har upphört.\nEtt tillstånd ska gälla i tretton månader.",
            id="sfs-rkrattsbaser-heading-and-wrap",
        ),
        pytest.param(
            "lovtidend_list_part.html",
            "II",
            "",
            "1. Loven gjelder fra den tid Kongen bestemmer.\n2. Kongen kan gi overgangsregler.",
            id="lovtidend-list-is-text",
        ),
        pytest.param(
            "markdown_de_gesetz.md",
            "§ 1",
            "Zweck des Gesetzes",
            "(1) Dieses Gesetz regelt synthetische Proben, die ausschließlich für Tests geschrieben werden.\n"
            "(2) Es gilt für\n1. Proben, die ein Leser einliest, und\n2. Leser, die Proben prüfen.",
            id="md-de-hard-wrap-and-hanging-items",
        ),
        pytest.param("markdown_de_gesetz.md", "§ 2", "(weggefallen)", "(weggefallen)", id="md-de-repealed-heading"),
        pytest.param("markdown_de_gesetz.md", "§ 3", "", "(weggefallen)", id="md-de-repealed-body"),
        pytest.param(
            "markdown_nl_besluit.md",
            "3.48",
            "",
            "1. Een vergunning kan worden verleend aan de vreemdeling die:\na. een proef is;\nb. een lezer is.",
            id="md-nl-two-space-heading",
        ),
        pytest.param(
            "markdown_nl_besluit.md",
            "3.80a",
            "",
            "1. Een aanvraag wordt afgewezen, tenzij de proef slaagt.",
            id="md-nl-heading-without-space",
        ),
        pytest.param(
            "markdown_nl_circulaire.md",
            "B1/2.1",
            "Beleidsregels",
            "Eerste soort proef\nDe IND verleent een vergunning als aan de volgende voorwaarden is voldaan:\n"
            "1. er is een proef;\n2. de proef is gelezen.\nAd 1.\nDe IND beoordeelt de proef.\n"
            "Artikel 1F van het Proefverdrag\nDe IND past het proefverdrag toe.",
            id="md-nl-inner-headings-stay-in-the-section",
        ),
        pytest.param(
            "markdown_fr_code.md",
            "R233-9",
            "",
            "Les épreuves conservent leur droit :\n1° Premier cas ;\n2° Second cas.",
            id="md-fr-indented-alineas",
        ),
        pytest.param(
            "markdown_fr_code.md", "Annexe 2", "", "Une annexe d'une seule ligne", id="md-fr-one-line-is-wording"
        ),
    ],
)
def test_sample_unit_has_heading_and_clean_wording(sample: str, pinpoint: str, heading: str, text: str) -> None:
    unit = next(u for u in ingest_file(SAMPLES / sample).provisions if u.pinpoint == pinpoint)
    assert (unit.heading, unit.text) == (heading, text)


@pytest.mark.parametrize(
    ("sample", "pinpoint", "field", "value"),
    [
        pytest.param("formex_act.xml", "1", "notes", ("OJ C 3, 3.1.2099, p. 3.",), id="formex-note"),
        pytest.param(
            "lovdata_no_chapters.html", "§ 1", "amended_by", ("Endret ved lov 1 juni 2099 nr. 9.",), id="lovdata-hist"
        ),
        pytest.param("lovdata_no_chapters.html", "§ 2", "notes", ("1 Syntetisk fotnote.",), id="lovdata-footnote"),
        pytest.param("sfs_text.txt", "1 kap. 2 §", "amended_by", ("Lag (2099:5)",), id="sfs-stamp"),
        pytest.param("lovdata_no_chapters.html", "§ 3", "status", "repealed", id="lovdata-repealed"),
        pytest.param(
            "lovtidend_amending_act.html", "§ 1 a", "status", "new provision in an amending act", id="lovtidend-new"
        ),
        pytest.param("lovtidend_amending_act.html", "II", "notes", ("1 Syntetisk ikrafttredelse.",), id="lovtidend-fn"),
        pytest.param("sfs_text.txt", "2 kap. 16 §", "status", "Träder i kraft I:2100-01-01", id="sfs-force-note"),
        pytest.param("riksdagen_sfs.html", "5 kap. 16 §", "amended_by", ("Lag (2099:7)",), id="riksdagen-stamp"),
        pytest.param("rkrattsbaser_sfs.html", "1 kap. 2 §", "amended_by", ("Lag (2099:5)",), id="rkrattsbaser-stamp"),
        pytest.param("generic_statute.html", "2", "notes", ("Modifié par la loi du 2 janvier 2099.",), id="html-quote"),
        pytest.param("boe_legacy.xml", "1", "notes", ("Téngase en cuenta una nota sintética.",), id="boe-nota-pie"),
        pytest.param(
            "clml_act.xml",
            "1",
            "notes",
            (
                "[F] Word substituted by Synthetic Act 2100 (c. 1), s. 1.",
                "[F] S. 1(2)(b) repealed by Synthetic Act 2100 (c. 1), s. 2.",
            ),
            id="clml-commentaries",
        ),
        pytest.param("clml_act.xml", "2", "status", "prospective; from 2100-01-01", id="clml-prospective"),
        pytest.param("markdown_de_gesetz.md", "§ 3", "status", "repealed", id="md-de-weggefallen"),
        pytest.param("markdown_nl_circulaire.md", "B1/2.2", "status", "Vervallen per 01-01-2099", id="md-nl-vervallen"),
    ],
)
def test_editorial_matter_is_kept_apart(sample: str, pinpoint: str, field: str, value: object) -> None:
    unit = next(u for u in ingest_file(SAMPLES / sample).provisions if u.pinpoint == pinpoint)
    assert getattr(unit, field) == value


@pytest.mark.parametrize(
    ("sample", "left_out"),
    [
        pytest.param("eurlex_eli_current.html", "recital", id="eli-recital"),
        pytest.param("eurlex_eli_current.html", "Annex text", id="eli-annex"),
        pytest.param("eurlex_pre2004.html", "Done at", id="pre2004-final"),
        pytest.param("eurlex_pre2004.html", "Residence", id="pre2004-chapter-title"),
        pytest.param("eurlex_pre2004_regulation.html", "Section 1", id="pre2004-section-label"),
        pytest.param("eurlex_pre2004_regulation.html", "Requirements", id="pre2004-section-title"),
        pytest.param("eurlex_pre2004_regulation.html", "binding in its entirety", id="pre2004-closing-formula"),
        pytest.param("govuk_rules.html", "page chrome", id="govuk-footer"),
        pytest.param("generic_statute.html", "pied de page", id="html-footer"),
        pytest.param("generic_statute.html", "Menu", id="html-nav"),
        pytest.param("markdown_fr_code.md", "Ancienne rédaction", id="md-fr-stray-article-before-the-parts"),
        pytest.param("rkrattsbaser_sfs.html", "Visa register", id="rkrattsbaser-page-chrome"),
        pytest.param("markdown_de_gesetz.md", "Ausfertigungsdatum", id="md-de-document-data"),
        pytest.param("markdown_nl_besluit.md", "Procedurele bepalingen", id="md-nl-paragraaf-title"),
    ],
)
def test_what_is_not_wording_is_left_out(sample: str, left_out: str) -> None:
    document = ingest_file(SAMPLES / sample)
    assert all(left_out not in u.text for u in document.provisions)


def test_boe_reads_the_body_not_the_texto_inside_analisis() -> None:
    document = ingest_file(SAMPLES / "boe_legacy.xml")
    assert all("Not the body" not in u.text for u in document.provisions)
    assert document.amended_by == ("SE MODIFICA el art. 1, por Ley 2/2099",)


@pytest.mark.parametrize(
    ("sample", "note"),
    [
        pytest.param(
            "markdown_fr_code.md",
            "2 provisions before 'Partie législative' stand outside the document's divisions and were not read: "
            "L111-10, R723-19",
            id="fr-strays-named",
        ),
        pytest.param(
            "markdown_nl_besluit.md",
            "numbered headings with no text of their own, not read as provisions: § 1 Procedurele bepalingen",
            id="nl-paragraaf-named",
        ),
        pytest.param(
            "markdown_nl_circulaire.md",
            "numbered headings with no text of their own, not read as provisions: B1/2 Proeven",
            id="nl-container-section-named",
        ),
    ],
)
def test_what_is_not_read_as_a_provision_is_named_in_the_notes(sample: str, note: str) -> None:
    assert note in ingest_file(SAMPLES / sample).notes


def test_title_lines_before_the_front_matter_belong_to_the_title() -> None:
    assert ingest_file(SAMPLES / "markdown_de_gesetz.md").title == "Gesetz über synthetische Proben und ihre Leser"


def test_document_metadata_says_what_the_source_says_of_versions() -> None:
    document = ingest_file(SAMPLES / "lovdata_no_chapters.html")
    assert (document.title, document.in_force, document.amended_by) == (
        "Lov om syntetiske prøver (prøveloven)",
        "2099-01-01",
        ("lov/2099-06-01-9 fra 2099-07-01",),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"just some words", "cannot tell the format", id="unknown"),
        pytest.param(b"", "cannot tell the format", id="empty"),
    ],
)
def test_unrecognised_document_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        ingest(data)


def test_unknown_format_name_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="unknown format 'pdf'"):
        ingest(b"<p>x</p>", "pdf")
