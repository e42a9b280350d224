"""No HTML or XML input, however broken, hostile or deeply nested, crashes an ingester.

An ingester either returns a document or raises SourceError (a clear message);
XML entities are never expanded and nothing is fetched or read from disk.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.errors import SourceError
from indexer.sources.ingest import PARSERS, ingest

TAGS = [
    "p", "div", "article", "section", "span", "h2", "h3", "li", "ol", "table", "tr", "td", "blockquote", "sup",
    "footer", "ARTICLE", "TI.ART", "PARAG", "NO.PARAG", "ALINEA", "documento", "texto", "akomaNtoso", "num",
    "paragraph", "P1", "P2", "Pnumber", "Text", "Commentary", "txt_te",
]  # fmt: skip
CLASSES = [
    "ti-art", "sti-art", "normal", "oj-ti-art", "title-article-norm", "norm", "legalArticle", "legalP",
    "legalArticleValue", "changesToParent", "footnotereference", "articulo", "parrafo", "paragraf", "note", "",
]  # fmt: skip
WORDS = st.sampled_from(["Article 1", "§ 2", "16 §", "1.", "(a)", "Art. 3-bis", "VDA 4.2.", "5 kap.", "text", "<", "&"])


@st.composite
def markup(draw: st.DrawFn, depth: int = 0) -> str:
    """Random nested markup from the tags and classes the ingesters look for."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            cls = draw(st.sampled_from(CLASSES))
            inner = draw(markup(depth + 1))
            closing = draw(st.sampled_from([f"</{tag}>", ""]))  # unclosed tags too
            parts.append(f'<{tag} class="{cls}" data-name="{draw(WORDS)}">{inner}{closing}')
        else:
            parts.append(draw(st.one_of(WORDS, st.text(max_size=20))))
    return "".join(parts)


PREFIXES = [
    "",
    "<!DOCTYPE html><html><body>",
    '<?xml version="1.0"?>',
    "# Title\n\n",
    "URL Source: https://www.gov.uk\n",
]


def _never_crashes(data: bytes, fmt: str) -> None:
    try:
        document = ingest(data, fmt)
    except SourceError:
        return
    for unit in document.provisions:
        assert isinstance(unit.pinpoint, str)
        assert isinstance(unit.text, str)


@pytest.mark.parametrize("fmt", sorted(PARSERS))
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=markup())
def test_random_markup_never_crashes_an_ingester(fmt: str, prefix: str, body: str) -> None:
    _never_crashes((prefix + body).encode("utf-8"), fmt)


@pytest.mark.parametrize("fmt", sorted(PARSERS))
@settings(max_examples=25)
@given(data=st.binary(max_size=400))
def test_random_bytes_never_crash_an_ingester(fmt: str, data: bytes) -> None:
    _never_crashes(data, fmt)


@settings(max_examples=60)
@given(prefix=st.sampled_from(PREFIXES), body=markup())
def test_format_detection_never_crashes(prefix: str, body: str) -> None:
    _never_crashes((prefix + body).encode("utf-8"), "auto")


@pytest.mark.fuzz
@pytest.mark.parametrize("fmt", sorted(PARSERS))
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=markup())
def test_random_markup_never_crashes_an_ingester_long_run(fmt: str, prefix: str, body: str) -> None:
    _never_crashes((prefix + body).encode("utf-8"), fmt)


DEPTH = 3 * sys.getrecursionlimit()  # deeper than any recursive walk could go
NESTING_TAGS = ["span", "div", "b", "blockquote", "li", "ol", "p", "i", "sup", "article", "section", "td", "HT"]


def _deeply_nested(levels: int, tags: list[str]) -> bytes:
    opening = "".join(f"<{t}>" for t in tags)
    closing = "".join(f"</{t}>" for t in reversed(tags))
    return f"<html><body><h2>Article 1</h2><p>§ 1 {opening * levels}words{closing * levels}</p></body></html>".encode()


@pytest.mark.parametrize("fmt", ["auto", *sorted(PARSERS)])
@settings(max_examples=3, suppress_health_check=[HealthCheck.too_slow])
@given(levels=st.integers(DEPTH, 2 * DEPTH), tags=st.lists(st.sampled_from(NESTING_TAGS), min_size=1, max_size=3))
def test_deeply_nested_markup_never_crashes_an_ingester(fmt: str, levels: int, tags: list[str]) -> None:
    _never_crashes(_deeply_nested(levels, tags), fmt)


@pytest.mark.fuzz
@pytest.mark.parametrize("fmt", ["auto", *sorted(PARSERS)])
@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(levels=st.integers(DEPTH, 10_000), tags=st.lists(st.sampled_from(NESTING_TAGS), min_size=1, max_size=2))
def test_deeply_nested_markup_never_crashes_an_ingester_long_run(fmt: str, levels: int, tags: list[str]) -> None:
    _never_crashes(_deeply_nested(levels, tags), fmt)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE documento [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<documento><metadatos><titulo>&secret;</titulo></metadatos>
<texto><p class="articulo">Art\xc3\xadculo 1</p><p class="parrafo">&secret; text</p></texto></documento>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<akomaNtoso><act><body><article eId="art_1"><num>Art. 1.</num><paragraph><content><p>&f;</p></content></paragraph>
</article></body></act></akomaNtoso>"""


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        pytest.param(XXE, "boe", id="external-entity"),
        pytest.param(LAUGHS, "akn", id="billion-laughs"),
    ],
)
def test_hostile_xml_entities_are_never_expanded(data: bytes, fmt: str) -> None:
    document = ingest(data, fmt)
    text = " ".join(u.text for u in document.provisions) + (document.title or "")
    assert "root:" not in text
    assert len(text) < 10_000
