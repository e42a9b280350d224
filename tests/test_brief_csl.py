"""The brief's CSL-JSON, read by a real CSL processor (citeproc-py) as Zotero or a word processor would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from indexer.brief import build_brief, filename, render
from indexer.corpus import Corpus
from indexer.load import load_corpus

S53 = "no/utlendingsloven/s53"
ASYLG = "de/asylg/s3a"  # sources.yaml: a consolidation as of 2021-07-09
PRACTICE = "cz/practices/simi-seif-comparative-analysis"

#: a minimal style that prints every variable a citation of a provision needs, so the test sees what a processor read
STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>probe</title><id>probe</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout>
      <group delimiter=" | ">
        <text variable="title"/>
        <text variable="number"/>
        <text variable="section"/>
        <text variable="jurisdiction"/>
        <date variable="issued">
          <date-part name="year"/>
          <date-part name="month" form="numeric-leading-zeros" prefix="-"/>
          <date-part name="day" form="numeric-leading-zeros" prefix="-"/>
        </date>
        <text variable="URL"/>
      </group>
    </layout>
  </bibliography>
</style>
"""


@pytest.fixture(scope="module")
def corpus(real_corpus: Path) -> Corpus:
    return load_corpus(real_corpus)[0]


@pytest.fixture(scope="module")
def items(corpus: Corpus) -> list[dict[str, object]]:
    brief = build_brief(corpus, [S53, ASYLG, PRACTICE], today=dt.date(2026, 12, 6), link="/brief?pin=x")
    return list(json.loads(render(brief, "csl")))


def bibliography(items: list[dict[str, object]], style: CitationStylesStyle) -> list[str]:
    source = CiteProcJSON(items)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(str(item["id"]))]))
    return [str(entry) for entry in bib.bibliography()]


def test_a_provision_is_legislation_with_its_pinpoint_version_and_url(
    corpus: Corpus, items: list[dict[str, object]]
) -> None:
    by_id = {item["id"]: item for item in items}
    s53 = by_id[S53]
    instrument = corpus.instruments["no/utlendingsloven"].instrument
    assert s53["type"] == "legislation"
    assert (s53["title"], s53["section"], s53["jurisdiction"]) == (instrument.title.original, "§ 53", "NO")
    assert s53["URL"] == instrument.identifiers.url
    asylg = by_id[ASYLG]
    assert asylg["issued"] == {"date-parts": [[2021, 7, 9]]}, "the consolidation cited, from sources.yaml"
    assert by_id[PRACTICE]["type"] == "document"
    assert str(s53["note"]).endswith(", from /brief?pin=x"), "the view it came from"


def test_a_csl_processor_renders_every_variable(tmp_path: Path, items: list[dict[str, object]]) -> None:
    path = tmp_path / "probe.csl"
    path.write_text(STYLE, encoding="utf-8")
    lines = bibliography(items, CitationStylesStyle(str(path), validate=False))
    asylg = next(line for line in lines if "§ 3a" in line)
    assert asylg.split(" | ")[2:] == ["§ 3a", "DE", "2021-07-09", "https://www.gesetze-im-internet.de/asylvfg_1992/"]


def test_a_published_style_formats_the_brief(items: list[dict[str, object]]) -> None:
    lines = bibliography(items, CitationStylesStyle("harvard-cite-them-right", validate=False))
    assert len(lines) == len(items)
    assert any("utlendingsloven" in line.lower() for line in lines)


def test_the_csl_download_is_named_as_csl_json(corpus: Corpus) -> None:
    brief = build_brief(corpus, [S53], today=dt.date(2026, 12, 6))
    assert filename(brief, "csl") == "brief-2026-12-06.csl.json"
