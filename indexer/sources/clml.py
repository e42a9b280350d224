"""legislation.gov.uk Crown Legislation Markup Language (``data.xml``).

A section is ``P1`` (number in ``Pnumber``), usually inside a ``P1group`` whose
``Title`` is its heading; subsections ``P2``, paragraphs ``P3``, sub-paragraphs
``P4``.  Amended words sit inside nested ``Addition``/``Substitution``/``Repeal``
with ``CommentaryRef`` markers; the notes themselves ("Words substituted by
...") are in ``Commentaries`` and are kept apart.  ``Text`` holds long runs of
newlines, so white space is normalised and no space is left before punctuation
where pieces join.  Extent and force are attributes (``RestrictExtent``,
``RestrictStartDate``, ``Status="Prospective"``).
"""

from __future__ import annotations

import re

from lxml import etree

from indexer.sources.base import Document, SourceProvision, clean_line, finish, tidy_joins
from indexer.sources.parsing import local, xml_root, xml_text

FORMAT = "clml"

_LEVELS = {"P2": "({})", "P3": "({})", "P4": "({})", "P5": "({})"}
_SKIP = frozenset({"CommentaryRef", "FootnoteRef", "MarginNoteRef"})


def _commentaries(root: etree._Element) -> dict[str, str]:
    notes: dict[str, str] = {}
    for element in root.iter():
        if local(element) == "Commentary" and element.get("id"):
            text = xml_text(element)
            kind = element.get("Type") or ""
            notes[str(element.get("id"))] = f"[{kind}] {text}" if kind else text
    return notes


def _refs(element: etree._Element) -> list[str]:
    refs: list[str] = []
    for node in element.iter():
        for ref in (node.get("CommentaryRef"), node.get("Ref") if local(node) == "CommentaryRef" else None):
            if ref and ref not in refs:
                refs.append(ref)
    return refs


def _lines(element: etree._Element, lines: list[str], pending: list[str]) -> None:
    for child in element:
        name = local(child)
        if name in ("Pnumber", "Title", "Commentaries") or name in _SKIP or not name:
            continue
        if name in _LEVELS:
            number = next((c for c in child if local(c) == "Pnumber"), None)
            if number is not None:
                pending[:] = [_LEVELS[name].format(xml_text(number, skip=_SKIP))]
            _lines(child, lines, pending)
            if pending:
                lines.append(pending.pop())
        elif name == "Text":
            text = xml_text(child, skip=_SKIP)
            if pending:
                text = tidy_joins(f"{pending.pop()} {text}")
            if text:
                lines.append(text)
        else:
            _lines(child, lines, pending)


def _schedule_prefix(p1: etree._Element) -> str:
    for ancestor in p1.iterancestors():
        if local(ancestor) == "Schedule":
            number = next((c for c in ancestor if local(c) == "Number"), None)
            label = clean_line(xml_text(number)) if number is not None else "Schedule"
            label = re.sub(r"^SCHEDULE", "Schedule", label, flags=re.IGNORECASE)
            return f"{label} para. "
    return ""


def _status(group: etree._Element) -> str | None:
    parts = []
    if group.get("Status"):
        parts.append(str(group.get("Status")).lower())
    if group.get("RestrictExtent"):
        parts.append(f"extent {group.get('RestrictExtent')}")
    if group.get("RestrictStartDate"):
        parts.append(f"from {group.get('RestrictStartDate')}")
    return "; ".join(parts) or None


def parse(data: bytes) -> Document:
    """Read a CLML document into its sections (and schedule paragraphs)."""
    root = xml_root(data)
    commentaries = _commentaries(root)
    units: list[SourceProvision] = []
    for p1 in root.iter():
        if local(p1) != "P1":
            continue
        if any(local(a) == "P1" for a in p1.iterancestors()):
            continue
        group = p1.getparent() if p1.getparent() is not None and local(p1.getparent()) == "P1group" else p1
        title = next((c for c in group if local(c) == "Title"), None) if group is not p1 else None
        number = next((c for c in p1 if local(c) == "Pnumber"), None)
        lines: list[str] = []
        _lines(p1, lines, [])
        refs = _refs(group)
        units.append(
            SourceProvision(
                pinpoint=_schedule_prefix(p1) + (xml_text(number, skip=_SKIP) if number is not None else ""),
                heading=xml_text(title, skip=_SKIP) if title is not None else "",
                text="\n".join(lines),
                notes=tuple(commentaries[r] for r in refs if r in commentaries),
                status=_status(group),
            )
        )
    title = next(
        (
            xml_text(e)
            for e in root.iter()
            if (local(e) == "Title" and local(e.getparent()) == "PrimaryPrelims") or local(e) == "title"
        ),
        None,
    )
    uri = root.get("DocumentURI") or root.get("IdURI")
    return Document(
        format=FORMAT,
        provisions=finish(units),
        title=title,
        language="en",
        meta={"uri": str(uri)} if uri else {},
    )
