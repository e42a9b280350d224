"""Ingesters against deep markup, oversized and binary input, and `sources import` of a mixed folder.

Each row is one case of a class; a case passes when the ingester reads the text
(markup walks keep their own stack) or refuses with one clear SourceError, never
a RecursionError, a hang or a traceback.  The 100,000-level runs are under the
``fuzz`` marker; the default runs use a depth beyond Python's recursion limit.
Random deep nestings for every ingester are property tests in test_ingest_props.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from indexer.cli import main
from indexer.errors import SourceError
from indexer.sources.base import MAX_BYTES
from indexer.sources.ingest import PARSERS, ingest, ingest_file
from indexer.sources.parsing import html_text, xml_text

DEPTH = 3 * sys.getrecursionlimit()  # deeper than any recursive walk could go
WORD = "deepword"


def _deep(open_tag: str, close_tag: str, levels: int) -> str:
    return open_tag * levels + WORD + close_tag * levels


# format -> (document around the deep part "{deep}", opening tag, closing tag): the deep part
# sits inside a unit, so the walk below the parser runs over it
HTML_DEEP = {
    "eurlex": ('<html><body><div id="TexteOnly"><p class="ti-art">Article 1</p><p class="normal">{deep}</p></div>'
               "</body></html>", "<span>", "</span>"),
    "lovdata": ('<html><body><main><article class="legalArticle"><h3 class="legalArticleHeader">'
                '<span class="legalArticleValue">§ 1</span></h3><article class="legalP">{deep}</article></article>'
                "</main></body></html>", "<span>", "</span>"),
    "lovdata-nested-lists": ('<html><body><main><article class="legalArticle"><h3 class="legalArticleHeader">'
                             '<span class="legalArticleValue">§ 1</span></h3><article class="legalP">Innledning'
                             "{deep}</article></article></main></body></html>", "<ol><li>", "</li></ol>"),
    "sfs": ('<html><body><div><a class="paragraf" name="K1P1"><b>1 §</b></a> {deep}</div></body></html>',
            "<span>", "</span>"),
    "govuk": ('<html><body><main class="govuk-main-wrapper"><h2>Immigration Rules section</h2><p>VDA 1.1. {deep}</p>'
              "</main></body></html>", "<span>", "</span>"),
    "html": ("<html><body><h2>Article 1</h2><p>{deep}</p></body></html>", "<span>", "</span>"),
    "html-blockquotes": ("<html><body><h2>Article 1</h2>{deep}</body></html>", "<blockquote>", "</blockquote>"),
    "html-list-items": ("<html><body><h2>Article 1</h2>{deep}</body></html>", "<ol><li>", "</li></ol>"),
}  # fmt: skip
XML_DEEP = {
    "formex": ('<?xml version="1.0"?><ACT><ENACTING.TERMS><ARTICLE IDENTIFIER="001"><TI.ART>Article 1</TI.ART>'
               "<PARAG><ALINEA>{deep}</ALINEA></PARAG></ARTICLE></ENACTING.TERMS></ACT>", '<HT TYPE="BOLD">', "</HT>"),
    "clml": ('<?xml version="1.0"?><Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation">'
             "<Primary><Body><P1group><Title>T</Title><P1><Pnumber>1</Pnumber><P1para><Text>{deep}</Text></P1para>"
             "</P1></P1group></Body></Primary></Legislation>", "<Emphasis>", "</Emphasis>"),
    "boe": ('<?xml version="1.0"?><documento><texto><p class="articulo">Artículo 1</p><p class="parrafo">{deep}</p>'
            "</texto></documento>", "<span>", "</span>"),
    "akn": ('<?xml version="1.0"?><akomaNtoso><act><body><article eId="art_1"><num>Art. 1.</num><paragraph>'
            "<content><p>{deep}</p></content></paragraph></article></body></act></akomaNtoso>", "<i>", "</i>"),
}  # fmt: skip


def _words(document_text: str) -> bytes:
    return document_text.encode("utf-8")


def _read_deep(case: str, levels: int) -> None:
    template, open_tag, close_tag = HTML_DEEP[case]
    document = ingest(_words(template.format(deep=_deep(open_tag, close_tag, levels))), case.split("-")[0])
    kept = [" ".join((unit.text, *unit.notes, *unit.amended_by)) for unit in document.provisions]
    assert any(WORD in text for text in kept), "the deep text was lost"  # a quote is kept as a note


@pytest.mark.parametrize("case", sorted(HTML_DEEP))
def test_deep_html_is_read_to_the_bottom(case: str) -> None:
    _read_deep(case, DEPTH)


@pytest.mark.fuzz
@pytest.mark.parametrize("case", ["html", "html-blockquotes", "lovdata-nested-lists"])
def test_100k_deep_html_is_read_to_the_bottom(case: str) -> None:
    _read_deep(case, 100_000)


@pytest.mark.parametrize(("fmt", "levels"), [(fmt, levels) for fmt in sorted(XML_DEEP) for levels in (200, DEPTH)])
def test_deep_xml_is_read_or_refused_with_the_parsers_limit(fmt: str, levels: int) -> None:
    template, open_tag, close_tag = XML_DEEP[fmt]
    data = _words(template.format(deep=_deep(open_tag, close_tag, levels)))
    if levels < 256:  # within libxml2's nesting limit: read to the bottom
        assert any(WORD in unit.text for unit in ingest(data, fmt).provisions)
        return
    with pytest.raises(SourceError, match=r"XML beyond what the parser reads at line 1 \(Excessive depth"):
        ingest(data, fmt)  # rather than dropping what lies below the limit


def test_the_markup_walks_keep_their_own_stack() -> None:
    soup = BeautifulSoup("<p>" + _deep("<span>", "</span>", DEPTH) + "</p>", "html.parser")
    assert html_text(soup) == WORD
    root = etree.Element("a")
    node = root
    for _ in range(DEPTH):
        node = etree.SubElement(node, "b")
        node.tail = "t"
    node.text = WORD
    assert xml_text(root).startswith(WORD + "t")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
NOT_TEXT = {
    "png": (PNG, "a PNG image"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj", "a PDF file"),
    "docx-zip": (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "a ZIP archive"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100), "a JPEG image"),
    "gzip": (b"\x1f\x8b\x08\x00" + bytes(100), "a gzip archive"),
    "nul-bytes": (b"<html><body><h2>Article 1</h2>\x00\x01\x02" + bytes(100), "binary data"),
}


@pytest.mark.parametrize("fmt", ["auto", *sorted(PARSERS)])
@pytest.mark.parametrize("kind", sorted(NOT_TEXT))
def test_a_document_that_is_not_text_is_refused_whatever_the_format(kind: str, fmt: str) -> None:
    data, what = NOT_TEXT[kind]
    with pytest.raises(SourceError, match=f"picture.png is {what}"):
        ingest(data, fmt, name="picture.png")


@pytest.mark.parametrize("fmt", ["auto", "html", "markdown", "govuk"])
def test_an_oversized_document_is_refused_before_any_ingester_runs(fmt: str) -> None:
    with pytest.raises(SourceError, match="big.html: larger than 25 MB; not read"):
        ingest(b"<p>" + b"x" * MAX_BYTES, fmt, name="big.html")


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.truncate(4 * 1024**3)  # sparse: 4 GB that reading would have to allocate
    with pytest.raises(SourceError, match="huge.html: larger than 25 MB; not read"):
        ingest_file(huge)


def test_utf16_documents_are_text() -> None:
    data = "<html><body><h2>Article 1</h2><p>texte</p></body></html>".encode("utf-16")
    assert [u.pinpoint for u in ingest(data, "html").provisions] == ["1"]


@pytest.mark.parametrize(
    ("name", "data", "fmt", "message"),
    [
        pytest.param("x.png", PNG, "govuk", "x.png is a PNG image, not a document an ingester reads", id="png-govuk"),
        pytest.param("x.png", PNG, "auto", "x.png is a PNG image", id="png-auto"),
        pytest.param("x.pdf", NOT_TEXT["pdf"][0], "html", "x.pdf is a PDF file", id="pdf-html"),
        pytest.param(
            "deep.xml",
            _words(XML_DEEP["akn"][0].format(deep=_deep("<i>", "</i>", 1000))),
            "akn",
            "Excessive depth",
            id="deep-xml",
        ),
    ],
)
def test_ingest_refuses_with_one_line_and_a_non_zero_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, fmt: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code = main(["ingest", str(path), "--format", fmt])
    err = capsys.readouterr().err
    assert code != 0
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_import_of_a_folder_reports_each_bad_file_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, folder = tmp_path / "corpus", tmp_path / "in"
    corpus.mkdir()
    folder.mkdir()
    (corpus / "sources.yaml").write_text('instruments:\n  xx/act:\n    title: T\n    files: ["act-*"]\n', "utf-8")
    good = "<html><body><h2>Article 1</h2><p>A synthetic rule for tests.</p></body></html>"
    (folder / "act-1-good.html").write_text(good, "utf-8")
    (folder / "act-2-picture.html").write_bytes(PNG)
    with (folder / "act-3-huge.html").open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    (folder / "act-4-deep.html").write_text(
        "<html><body><h2>Article 1</h2><p>" + _deep("<span>", "</span>", DEPTH) + "</p></body></html>", "utf-8"
    )
    (folder / "act-5-deep.xml").write_bytes(_words(XML_DEEP["akn"][0].format(deep=_deep("<i>", "</i>", 1000))))
    code = main(["--corpus", str(corpus), "--texts", str(tmp_path / "texts"), "sources", "import", str(folder)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "act-1-good.html (html, 1 provisions) new version" in out
    assert "act-4-deep.html (html, 1 provisions)" in out
    assert "act-2-picture.html is a PNG image" in err
    assert "act-3-huge.html: larger than 25 MB; not read" in err
    assert "act-5-deep.xml: XML beyond what the parser reads at line 1 (Excessive depth" in err
    assert "Traceback" not in err
