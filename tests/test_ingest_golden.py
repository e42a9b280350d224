"""Golden tests: every real document in ../shared parses into the provisions it holds.

Each file's expected summary (format, count, every pinpoint, and the heading and
first words of chosen units) is in tests/golden/<file>.json, reviewed as a diff.
Regenerate on purpose only: ``LEXCOMPARE_UPDATE_GOLDEN=1 pytest tests/test_ingest_golden.py``.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

from indexer.sources.base import Document
from indexer.sources.ingest import ingest_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("LEXCOMPARE_UPDATE_GOLDEN") == "1"

# file (relative to ../shared) -> pinpoints whose heading and first words the golden file records
CHOSEN = {
    "fixtures/legislation/eurlex_fullpage_32017R2403_EN.html": ["1", "3", "48"],
    "fixtures/legislation/eurlex_consolidated_32009L0065_EN_trimmed.html": ["1", "114", "119"],
    "fixtures/legislation/legislation-gov-uk_clml_ukpga-1973-18-s25_EXCERPT.xml": ["25"],
    "fixtures/legislation/lovdata_nl-20050617-101_matrikkellova.xml": ["§ 1", "§ 3", "§ 7", "§ 52"],
    "fixtures/legislation/boe_BOE-A-1978-31229_constitucion.xml": ["1", "13", "169", "Disposición final"],
    "fixtures/legislation/normattiva_akn_dlgs-82-2005_CAD_vigenza-20250130.xml": ["1", "3-bis", "4", "92"],
    "sources/coe/CETS210_IstanbulConvention_EN_BWBV0006074_laws-markdown.md": ["3", "59", "60", "81"],
    "sources/cz/CZ_326-1999-Sb_zakon-o-pobytu-cizincu_ORIGINAL-2000_legalize-cz.md": ["§ 1", "§ 80"],
    "sources/de/DE_AsylG_asylvfg_1992_bundestag-gesetze.md": ["§ 3a", "§ 3b", "§ 27a"],
    "sources/de/DE_AufenthG_bundestag-gesetze.md": ["§ 25", "§ 31", "§ 76"],
    "sources/de/DE_FreizuegG-EU_bundestag-gesetze.md": ["§ 3"],
    "sources/de/DE_GewSchG_bundestag-gesetze.md": ["§ 1", "§ 2"],
    "sources/es/ES_LO-1-2004_BOE-A-2004-21760_arts1-17-18-19-20_EXCERPT_legalize-es.md": ["1", "17"],
    "sources/es/ES_LO-4-2000_BOE-A-2000-544_arts19-31bis_EXCERPT_legalize-es.md": ["19", "31 bis"],
    "sources/eu/EU_32004L0038_Dir2004-38_arts12-13-18_EXCERPT_legalize-eu.md": ["13"],
    "sources/eu/EU_32012L0029_Dir2012-29_VictimsRights_arts1-2-8-9-18-22-23_EXCERPT_legalize-eu.md": ["1", "22"],
    "sources/eu/EU_32024R1347_Reg2024-1347_Qualification_arts6-9-10-20_EXCERPT_legalize-eu.md": ["9", "10"],
    "sources/eu/EU_32024R1348_Reg2024-1348_AsylumProcedure_arts13-20-21_EXCERPT_legalize-eu.md": ["13", "21"],
    "sources/fr/FR_CESEDA_LEGITEXT000006070158_legalize-fr.md": ["L423-5", "L425-6", "L425-8", "R233-9", "Annexe 1"],
    "sources/fr/FR_CodeCivil_LEGITEXT000006070721_legalize-fr.md": ["515-9", "515-13-1"],
    "sources/gr/GR_N5038-2023_Kodikas-Metanastefsis_FEK-A-81-2023_legalize-gr.md": ["1", "90", "93"],
    "sources/it/IT_DLgs-286-1998_TU-immigrazione_arts18bis-19_EXCERPT_legalize-it.md": ["18-bis", "19"],
    "sources/lu/LU_loi-2008-08-29-n1_libre-circulation-immigration_ORIGINAL-2008_legalize-lu.md": ["1er", "17", "76"],
    "sources/nl/NL_VoorschriftVreemdelingen2000_BWBR0012002_laws-markdown.md": ["3.36", "3.37"],
    "sources/nl/NL_Vreemdelingenbesluit2000_BWBR0011825_laws-markdown.md": ["3.48", "3.51", "3.80a", "8.15"],
    "sources/nl/NL_Vreemdelingencirculaire2000-B_BWBR0012289_laws-markdown.md": ["B8/2.1", "B9/11"],
    "sources/nl/NL_Vreemdelingencirculaire2000-C_BWBR0012288_laws-markdown.md": ["C2/3.2", "C2/3.3"],
    "sources/nl/NL_Vreemdelingenwet2000_BWBR0011823_laws-markdown.md": ["29", "83.0a"],
    "sources/no/NO_LOV-2008-05-15-35_utlendingsloven_legalize-no.md": ["§ 1", "§ 53", "§ 41 a"],
    "sources/se/SE_Utlanningslag-2005-716_5kap15-16-17_EXCERPT_legalize-se.md": ["15 §", "16 §"],
    "sources/uk/ImmigrationRules_appendix-eu.govuk-jina.md": ["page"],
    "sources/uk/ImmigrationRules_appendix-fm-family-members.govuk-jina.md": ["GEN.1.1", "E-DVILR.1.1"],
    "sources/uk/ImmigrationRules_appendix-settlement-family-life.govuk-jina.md": ["SETF 1.1"],
    "sources/uk/ImmigrationRules_appendix-victim-of-domestic-abuse.govuk-jina.md": ["VDA 1.1", "VDA 4.2"],
    "sources/uk/ImmigrationRules_part-11-asylum.govuk-jina.md": ["339J", "352ZA"],
    "sources/uk/ImmigrationRules_part-8-family-members.govuk-jina.md": ["A284", "289A"],
    "sources/uk/UK_DomesticAbuseAct2021_ukpga-2021-17_ss1-3_EXCERPT_legalize-uk.md": ["1", "2"],
}

# editorial matter that must never be part of the wording
EDITORIAL = re.compile(
    r"Endret ved|Endra ved|Se modifica|Se añade|Treedt in werking|Ikkje ikr\.|\[F\]|Words substituted|"
    r"[▼►◄]|omesso \.\.\.|utelämnade|omitted \.\.\.|^> |Print this page|Cookies on GOV\.UK|"
    r"\bLag \(\d{4}:\d+\)\.?$"
)


def _summary(document: Document, chosen: list[str]) -> dict[str, object]:
    by_pinpoint = {u.pinpoint: u for u in reversed(document.provisions)}
    return {
        "format": document.format,
        "count": len(document.provisions),
        "pinpoints": [u.pinpoint for u in document.provisions],
        "chosen": {
            p: {"heading": by_pinpoint[p].heading, "starts": by_pinpoint[p].text[:80]} if p in by_pinpoint else None
            for p in chosen
        },
    }


@cache
def _ingested(path: Path) -> Document:
    """Each real document is read once for all the tests of this module (the French codes are large)."""
    return ingest_file(path)


def _golden_path(name: str) -> Path:
    return GOLDEN / (Path(name).name + ".json")


@pytest.mark.shared("fixtures/legislation", "sources")
@pytest.mark.parametrize("name", sorted(CHOSEN), ids=lambda n: Path(n).name.split("_")[0] + ":" + Path(n).stem[-24:])
def test_document_parses_into_its_golden_provisions(name: str) -> None:
    document = _ingested(SHARED / name)
    summary = _summary(document, CHOSEN[name])
    path = _golden_path(name)
    if UPDATE:
        path.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert summary == expected
    assert all(summary["chosen"].values()), "a chosen pinpoint is missing"  # type: ignore[union-attr]


@pytest.mark.shared("fixtures/legislation", "sources")
@pytest.mark.parametrize("name", sorted(CHOSEN), ids=lambda n: Path(n).name.split("_")[0] + ":" + Path(n).stem[-24:])
def test_wording_holds_no_editorial_notes(name: str) -> None:
    document = _ingested(SHARED / name)
    leaks = [
        (u.pinpoint, line[:80]) for u in document.provisions for line in u.text.splitlines() if EDITORIAL.search(line)
    ]
    assert leaks == []


@pytest.mark.shared("fixtures/legislation", "sources")
def test_every_shared_document_has_a_golden_file() -> None:
    files = {
        str(p.relative_to(SHARED))
        for p in [*SHARED.glob("fixtures/legislation/*"), *SHARED.glob("sources/*/*")]
        if p.name != "README.md"
    }
    assert files == set(CHOSEN)


@pytest.mark.parametrize(
    ("name", "pinpoint", "kept_apart"),
    [
        pytest.param(
            "fixtures/legislation/lovdata_nl-20050617-101_matrikkellova.xml", "§ 7", "Ikkje ikr.", id="lovdata-footnote"
        ),
        pytest.param(
            "fixtures/legislation/lovdata_nl-20050617-101_matrikkellova.xml", "§ 2", "Endra ved", id="lovdata-history"
        ),
        pytest.param(
            "fixtures/legislation/legislation-gov-uk_clml_ukpga-1973-18-s25_EXCERPT.xml",
            "25",
            "Words in s. 25(1) substituted",
            id="clml-commentary",
        ),
        pytest.param(
            "sources/no/NO_LOV-2008-05-15-35_utlendingsloven_legalize-no.md", "§ 53", "Endret ved", id="md-blockquote"
        ),
        pytest.param(
            "sources/es/ES_LO-4-2000_BOE-A-2000-544_arts19-31bis_EXCERPT_legalize-es.md",
            "19",
            "Se modifica",
            id="md-boe-note",
        ),
        pytest.param(
            "sources/se/SE_Utlanningslag-2005-716_5kap15-16-17_EXCERPT_legalize-se.md",
            "16 §",
            "Lag (2021:765)",
            id="sfs-stamp",
        ),
    ],
)
@pytest.mark.shared("fixtures/legislation", "sources")
def test_editorial_notes_are_kept_apart_not_lost(name: str, pinpoint: str, kept_apart: str) -> None:
    unit = next(u for u in _ingested(SHARED / name).provisions if u.pinpoint == pinpoint)
    apart = " ".join((*unit.notes, *unit.amended_by))
    assert kept_apart in apart
    assert kept_apart not in unit.text


# The German, French and Dutch texts: a unit's heading and a phrase of its wording, both
# checked against the file itself (white space normalised: the German files are hard-wrapped).
CHECKED_AGAINST_THE_FILE = [
    ("de/DE_AufenthG_bundestag-gesetze.md", "§ 31", "Eigenständiges Aufenthaltsrecht der Ehegatten",
     "dies ist insbesondere anzunehmen, wenn der Ehegatte Opfer häuslicher Gewalt ist."),
    ("de/DE_AufenthG_bundestag-gesetze.md", "§ 25", "Aufenthalt aus humanitären Gründen",
     "Opfer einer Straftat nach den §§ 232 bis 233a des Strafgesetzbuches wurde"),
    ("de/DE_AsylG_asylvfg_1992_bundestag-gesetze.md", "§ 3a", "Verfolgungshandlungen",
     "6. Handlungen, die an die Geschlechtszugehörigkeit anknüpfen oder gegen Kinder gerichtet sind."),
    ("de/DE_AsylG_asylvfg_1992_bundestag-gesetze.md", "§ 3b", "Verfolgungsgründe",
     "allein an das Geschlecht oder die geschlechtliche Identität anknüpft"),
    ("de/DE_FreizuegG-EU_bundestag-gesetze.md", "§ 3", "Familienangehörige",
     "3. es zur Vermeidung einer besonderen Härte erforderlich ist"),
    ("de/DE_GewSchG_bundestag-gesetze.md", "§ 2", "Überlassung einer gemeinsam genutzten Wohnung",
     "(1) Hat die verletzte Person zum Zeitpunkt einer Tat"),
    ("fr/FR_CESEDA_LEGITEXT000006070158_legalize-fr.md", "L425-6", "",
     "L'étranger qui bénéficie d'une ordonnance de protection en vertu de l'article 515-9 du code civil"),
    ("fr/FR_CESEDA_LEGITEXT000006070158_legalize-fr.md", "L423-5", "",
     "La rupture de la vie commune n'est pas opposable lorsqu'elle est imputable à des violences familiales"),
    ("fr/FR_CESEDA_LEGITEXT000006070158_legalize-fr.md", "L425-8", "",
     "ne peut être motivé par la rupture de la vie commune avec l'auteur des faits."),
    ("fr/FR_CESEDA_LEGITEXT000006070158_legalize-fr.md", "R233-9", "",
     "en raison de violences conjugales qu'il a subies"),
    ("fr/FR_CodeCivil_LEGITEXT000006070721_legalize-fr.md", "515-9", "",
     "le juge aux affaires familiales peut délivrer en urgence à cette dernière une ordonnance de protection."),
    ("fr/FR_CodeCivil_LEGITEXT000006070721_legalize-fr.md", "515-10", "",
     "Sa délivrance n'est pas conditionnée à l'existence d'une plainte pénale préalable."),
    ("nl/NL_Vreemdelingenbesluit2000_BWBR0011825_laws-markdown.md", "3.48", "",
     "f. zonder verblijfstitel slachtoffer is geworden of dreigt te worden van huiselijk geweld; of"),
    ("nl/NL_Vreemdelingenbesluit2000_BWBR0011825_laws-markdown.md", "3.51", "",
     "ten minste één jaar in het bezit is geweest van een verblijfsvergunning als slachtoffer van huiselijk geweld"),
    ("nl/NL_Vreemdelingenbesluit2000_BWBR0011825_laws-markdown.md", "3.80a", "",
     "verbroken in verband met huiselijk geweld."),
    ("nl/NL_VoorschriftVreemdelingen2000_BWBR0012002_laws-markdown.md", "3.36", "",
     "f. daden van genderspecifieke of kindspecifieke aard."),
    ("nl/NL_Vreemdelingencirculaire2000-B_BWBR0012289_laws-markdown.md", "B8/2.1", "Beleidsregels",
     "De IND verleent op grond van artikel 3.48, eerste lid, aanhef en onder f, Vb een verblijfsvergunning"),
    ("nl/NL_Vreemdelingencirculaire2000-B_BWBR0012289_laws-markdown.md", "B9/11",
     "Na verblijf als slachtoffer van (dreigend) eergerelateerd geweld of van (dreigend) huiselijk geweld",
     "artikel 3.51, eerste lid, aanhef en onder i en"),
    ("nl/NL_Vreemdelingencirculaire2000-C_BWBR0012288_laws-markdown.md", "C2/3.2",
     "Artikel 29 eerste lid, aanhef en onder a Vw, vluchtelingschap",
     "omdat vrouwen als sociale groep te divers van samenstelling zijn."),
    ("nl/NL_Vreemdelingenwet2000_BWBR0011823_laws-markdown.md", "29", "",
     "a. die verdragsvluchteling is; of"),
]  # fmt: skip


def _plain(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.shared("fixtures/legislation", "sources")
@pytest.mark.parametrize(
    ("name", "pinpoint", "heading", "phrase"),
    CHECKED_AGAINST_THE_FILE,
    ids=[f"{name.split('_')[1]}:{pinpoint}" for name, pinpoint, _, _ in CHECKED_AGAINST_THE_FILE],
)
def test_unit_has_the_heading_and_wording_the_file_gives_it(
    name: str, pinpoint: str, heading: str, phrase: str
) -> None:
    source = (SHARED / "sources" / name).read_text(encoding="utf-8")
    units = [u for u in _ingested(SHARED / "sources" / name).provisions if u.pinpoint == pinpoint]
    assert len(units) == 1
    assert units[0].heading == heading
    assert phrase in units[0].text.replace("\n", " ")
    assert _plain(phrase) in _plain(source)
    number = re.escape(pinpoint.removeprefix("§ ").split("/")[-1])
    own_heading = re.compile(rf"^#+\s*(?:§|Artikel|Article)?\s*{number}\s*{re.escape(heading)}\s*$", re.MULTILINE)
    next_line_heading = re.compile(rf"^#+\s*{re.escape(heading)}\s*$", re.MULTILINE)
    assert own_heading.search(source) or next_line_heading.search(source)


# file pattern -> the shape of every pinpoint of that file
REAL_NUMBERS = {
    "de/*.md": r"§ \d+[a-z]?",
    "fr/FR_CESEDA_*.md": r"(?:[LRD]\*?\d+(?:-\d+)+(?: [AB])?|Annexe \d+)",
    "fr/FR_CodeCivil_*.md": r"\d+(?:-\d+)*",
    "nl/NL_Vreemdelingenbesluit*.md": r"\d+\.\d+[a-z]{0,2}",
    "nl/NL_VoorschriftVreemdelingen*.md": r"\d+\.\d+[a-z]{0,2}",
    "nl/NL_Vreemdelingenwet*.md": r"\d+[a-z]{0,2}(?:\.\d+[a-z])?",
    "nl/NL_Vreemdelingencirculaire2000-B_*.md": r"B\d+/\d+(?:\.\d+)*",
    "nl/NL_Vreemdelingencirculaire2000-C_*.md": r"C\d+/\d+(?:\.\d+)*",
}


@pytest.mark.shared("fixtures/legislation", "sources")
@pytest.mark.parametrize("pattern", sorted(REAL_NUMBERS))
def test_every_unit_has_its_real_number_and_some_text(pattern: str) -> None:
    paths = sorted((SHARED / "sources").glob(pattern))
    assert paths
    for path in paths:
        units = _ingested(path).provisions
        assert [u.pinpoint for u in units if not re.fullmatch(REAL_NUMBERS[pattern], u.pinpoint)] == []
        assert [u.pinpoint for u in units if not u.text.strip()] == []


@pytest.mark.shared("fixtures/legislation", "sources")
def test_the_articles_before_the_parts_of_the_ceseda_are_not_read() -> None:
    document = _ingested(SHARED / "sources/fr/FR_CESEDA_LEGITEXT000006070158_legalize-fr.md")
    assert document.provisions[0].pinpoint == "L110-1"
    assert "L111-10" not in {u.pinpoint for u in document.provisions}
    assert any(n.startswith("19 provisions before 'Partie législative'") for n in document.notes)
