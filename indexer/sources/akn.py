"""Akoma Ntoso 3.0 (Normattiva's export, and Akoma Ntoso acts generally).

``<article eId="art_2"><num><heading><paragraph><num><content><p>``; points
``<point><num>a)</num>``; lists with ``<intro>``.  Normattiva brackets amended
words "((...))", often inside ``<ins>``, and writes accents as vowel plus
apostrophe ("identita'"): both are the published wording and are kept.
``authorialNote`` is editorial and kept apart.  Acts built of ``<section>``
instead of ``<article>`` are read the same way.
"""

from __future__ import annotations

import re

from lxml import etree

from indexer.sources.base import Document, SourceProvision, clean_line, finish, tidy_joins
from indexer.sources.parsing import local, xml_root, xml_text

FORMAT = "akn"

_UNIT_NAMES = ("article", "section")
_NOTE_NAMES = frozenset({"authorialNote", "noteRef", "footnote"})
_SKIP_NAMES = frozenset({"heading", "subheading", "num"})
_LEAD = re.compile(r"^(?:Art(?:icle|icolo|ículo|\.)?|Section|Sec\.|Sezione)\s*", re.IGNORECASE)


def _pinpoint(num: str) -> str:
    text = clean_line(num)
    text = _LEAD.sub("", text).strip()
    return text.rstrip(".").strip()


def _render(element: etree._Element, lines: list[str], notes: list[str], pending: list[str], top: bool = False) -> None:
    """Lines of an article's body: each ``<p>`` a line, prefixed by the ``<num>`` it belongs to."""
    for child in element:
        name = local(child)
        if not name or (top and name == "num"):
            continue
        if name == "num":
            pending[:] = [xml_text(child)]
        elif name in _NOTE_NAMES:
            note = xml_text(child)
            if note:
                notes.append(note)
        elif name in ("heading", "subheading"):
            continue
        elif name in ("p", "blockList") or (name == "content" and not any(local(c) == "p" for c in child)):
            for note in child.iter():
                if local(note) in _NOTE_NAMES and note is not child:
                    text = xml_text(note)
                    if text:
                        notes.append(text)
            text = xml_text(child, skip=_NOTE_NAMES)
            if pending:
                text = tidy_joins(f"{pending[0]} {text}".strip())
                pending.clear()
            if text:
                lines.append(text)
        else:
            _render(child, lines, notes, pending)
    if pending and local(element) in ("paragraph", "point", "item", "alinea", "indent"):
        lines.append(pending.pop())


def _unit(element: etree._Element) -> SourceProvision:
    num = next((c for c in element if local(c) == "num"), None)
    heading = next((c for c in element if local(c) == "heading"), None)
    lines: list[str] = []
    notes: list[str] = []
    _render(element, lines, notes, [], top=True)
    status = "repealed" if element.get("status") in ("removed", "repealed") else None
    return SourceProvision(
        pinpoint=_pinpoint(xml_text(num)) if num is not None else str(element.get("eId") or ""),
        heading=xml_text(heading, skip=_NOTE_NAMES) if heading is not None else "",
        text="\n".join(lines),
        notes=tuple(notes),
        status=status,
    )


def parse(data: bytes) -> Document:
    """Read an Akoma Ntoso act into its articles (or sections)."""
    root = xml_root(data)
    body = next((e for e in root.iter() if local(e) == "body"), root)
    units: list[SourceProvision] = []
    for name in _UNIT_NAMES:
        found = [e for e in body.iter() if local(e) == name]
        # an article quoted inside another (an amending provision) belongs to its host
        found = [e for e in found if not any(local(a) in _UNIT_NAMES for a in e.iterancestors())]
        if found:
            units = [_unit(e) for e in found]
            break
    title = next((xml_text(e) for e in root.iter() if local(e) == "docTitle"), None)
    lang = next((e.get("language") or e.get("value") for e in root.iter() if local(e) == "FRBRlanguage"), None)
    expression_date = next(
        (d.get("date") for e in root.iter() if local(e) == "FRBRExpression" for d in e if local(d) == "FRBRdate"),
        None,
    )
    preface_notes = [
        xml_text(n) for e in root.iter() if local(e) == "preface" for n in e.iter() if local(n) == "authorialNote"
    ]
    passive = [xml_text(e) or str(e.get("href") or "") for e in root.iter() if local(e) == "passiveRef"]
    return Document(
        format=FORMAT,
        provisions=finish(units),
        title=title or None,
        language=lang,
        in_force=expression_date,
        amended_by=tuple(p for p in passive if p),
        notes=tuple(n for n in preface_notes if n),
    )
