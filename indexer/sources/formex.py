"""Formex 4 XML, the Publications Office's own format for the Official Journal.

``<ARTICLE IDENTIFIER="001"><TI.ART>Article 1</TI.ART><STI.ART>``, numbered
paragraphs ``<PARAG><NO.PARAG>1.</NO.PARAG><ALINEA>``, lists
``<LIST><ITEM><NP><NO.P>(a)</NO.P><TXT>``; footnotes are ``<NOTE>`` and kept
apart.  Consolidated Formex marks amendments with processing instructions,
which the safe parser drops.
"""

from __future__ import annotations

from lxml import etree

from indexer.sources.base import Document, SourceProvision, finish, tidy_joins
from indexer.sources.parsing import local, xml_root, xml_text

FORMAT = "formex"

_NUMBERS = ("NO.PARAG", "NO.P", "NO.SEQ")
_TEXTS = ("TXT", "P")
_SKIP = frozenset({"NOTE"})
_NESTED = frozenset({"NOTE", "LIST", "P", "TXT", "NP", "ITEM", "TABLE", "QUOT.S"})


def _render(element: etree._Element, lines: list[str], notes: list[str], pending: list[str]) -> None:
    for child in element:
        name = local(child)
        if not name or name in ("TI.ART", "STI.ART"):
            continue
        if name in _NUMBERS:
            pending[:] = [xml_text(child)]
        elif name == "NOTE":
            text = xml_text(child)
            if text:
                notes.append(text)
        elif name in _TEXTS or name == "ALINEA":
            own = xml_text(child, skip=_NESTED) if name == "ALINEA" else xml_text(child, skip=_SKIP)
            if own:
                if pending:
                    own = tidy_joins(f"{pending.pop()} {own}")
                lines.append(own)
            for note in child.iter():
                if local(note) == "NOTE" and name != "ALINEA":
                    notes.append(xml_text(note))
            if name == "ALINEA":
                _render(child, lines, notes, pending)
        else:
            _render(child, lines, notes, pending)


def parse(data: bytes) -> Document:
    """Read a Formex act into its articles."""
    root = xml_root(data)
    units: list[SourceProvision] = []
    for article in root.iter():
        if local(article) != "ARTICLE":
            continue
        number = next((c for c in article if local(c) == "TI.ART"), None)
        heading = next((c for c in article if local(c) == "STI.ART"), None)
        lines: list[str] = []
        notes: list[str] = []
        _render(article, lines, notes, [])
        label = xml_text(number, skip=_SKIP) if number is not None else str(article.get("IDENTIFIER") or "")
        pinpoint = label.split(None, 1)[1] if " " in label else label.lstrip("0")
        units.append(
            SourceProvision(
                pinpoint=pinpoint.rstrip("."),
                heading=xml_text(heading, skip=_SKIP) if heading is not None else "",
                text="\n".join(lines),
                notes=tuple(n for n in notes if n),
            )
        )
    title = next((xml_text(e, skip=_SKIP) for e in root.iter() if local(e) == "TITLE"), None)
    lang = next((e.get("LG.DOC") or e.text for e in root.iter() if local(e) == "LG.DOC"), None)
    return Document(format=FORMAT, provisions=finish(units), title=title or None, language=lang)
