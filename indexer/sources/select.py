"""Find a corpus pinpoint in an ingested document: the unit, then the paragraph or point.

Curators write pinpoints as lawyers do: "Article 59(1)", "art. 31 bis.2",
"§ 53 tredje ledd", "άρθρο 90 παρ. 2", "art. 19, comma 2-bis", "para. 339J(iii)",
"§§ 44–47".  The unit is found by its comparable key (see
:func:`~indexer.sources.base.pinpoint_key`); subdivisions are then cut out of
the unit's text by their numbering.  When a subdivision cannot be found the
whole unit is returned, and the pinpoint returned says so by naming the unit only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.sources.base import SourceProvision, pinpoint_key

_ORDINALS = {
    # Norwegian and Swedish paragraph ordinals ("tredje ledd", "andra stycket")
    "første": 1, "første ledd": 1, "annet": 2, "andre": 2, "tredje": 3, "fjerde": 4, "femte": 5,
    "sjette": 6, "sjuende": 7, "syvende": 7, "åttende": 8, "niende": 9, "tiende": 10,
    "första": 1, "andra": 2, "fjärde": 4, "sjunde": 7, "åttonde": 8, "nionde": 9, "tionde": 10,
}  # fmt: skip
_COMMENT = re.compile(r"\s*\((?=[^)]*\s)[^)]*\)\s*$")  # "(original 2000 wording)"
_RANGE = re.compile(
    r"^(?:arts?\.?|articles?|άρθρα|§§|ss\.|paras?\.?|sections)\s*(?P<a>[0-9][\w ]*?)\s*[-–]\s*(?P<b>[0-9][\w ]*?)$",
    re.IGNORECASE,
)
_PEEL = (
    ("skip", re.compile(r",?\s*(?P<x>first|second|third|fourth|fifth|last)\s+subparagraph$", re.IGNORECASE)),
    ("para", re.compile(r"(?<=\))\s+(?P<x>\d+)\.$")),
    ("point", re.compile(r",?\s*lett\.\s*(?P<x>[a-z])\)?$")),
    ("point", re.compile(r"\s+(?P<x>[a-z])\)$")),
    ("para", re.compile(r",?\s*comma\s*(?P<x>\d+(?:-[a-z]+)?)$")),
    ("para", re.compile(r"\s*παρ\.\s*(?P<x>\d+)$")),
    ("ledd", re.compile(r"\s*(?P<x>[a-zæøåä]+)\s+(?:ledd|stycket)$", re.IGNORECASE)),
    ("sub", re.compile(r"\((?P<x>[0-9]+[a-z]?|[a-z]{1,5})\)$")),
    ("para", re.compile(r"(?<=[0-9a-z])\.(?P<x>\d+)$")),
)
_PARA_LINE = re.compile(r"^(?:\((?P<a>\d+[a-z]?(?:-\w+)?)\)|(?P<b>\d+[a-z]?(?:-[a-z]+)?)[.)](?!\d))\s*")
_PAREN_NUM = re.compile(r"^\(\d+[a-z]?(?:-\w+)?\)")
_DOT_NUM = re.compile(r"^\d+[a-z]?(?:-[a-z]+)?[.)](?!\d)")
_POINT_LINE = re.compile(r"^(?:\((?P<a>[a-z]{1,5})\)|(?P<b>[a-z]{1,2})\))\s*")


@dataclass(frozen=True)
class Selection:
    """The wording found for a pinpoint, and the pinpoint it was found at (source's own words)."""

    pinpoint: str
    text: str
    units: tuple[SourceProvision, ...]


def _index(units: list[SourceProvision]) -> dict[str, SourceProvision]:
    index: dict[str, SourceProvision] = {}
    for unit in units:
        index.setdefault(pinpoint_key(unit.pinpoint), unit)
    return index


def _block(
    lines: list[str], pattern: re.Pattern[str], value: str, stop: tuple[re.Pattern[str], ...], first: int = 0
) -> list[str]:
    """The lines from the one numbered ``value`` up to the next line of the same or a higher level."""
    for start, line in enumerate(lines):
        if start < first:
            continue
        match = pattern.match(line)
        if match and (match.group("a") or match.group("b")) == value:
            if pattern is _PARA_LINE:
                # "(3)" paragraphs hold "1." items and "1." paragraphs hold "(a)" points: same style closes
                stop = (_PAREN_NUM,) if match.group("a") else (_DOT_NUM,)
            end = start + 1
            while end < len(lines) and not any(p.match(lines[end]) for p in stop):
                end += 1
            return lines[start:end]
    return []


def _cut(text: str, subs: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """Apply subdivisions in order; returns the text and the subdivisions actually found."""
    lines = previous = text.splitlines()
    found: list[str] = []
    for kind, value in subs:
        value = value.lower()
        first = 1 if found else 0  # below the first level, the block's own first line is its number
        if kind == "skip":
            continue
        if kind == "ledd":
            number = _ORDINALS.get(value) or (int(value) if value.isdigit() else 0)
            if not 1 <= number <= len(lines):
                break
            lines, label = [lines[number - 1]], f" ledd {number}"
        elif kind == "point" or (kind == "sub" and not value[0].isdigit() and found):
            block = _block(lines, _POINT_LINE, value, (_POINT_LINE, _PARA_LINE), first)
            lines, label = block, f"({value})"
        else:
            block = _block(lines, _PARA_LINE, value, (_PARA_LINE,), first)
            if not block and kind == "sub" and not value[0].isdigit():
                block = _block(lines, _POINT_LINE, value, (_POINT_LINE, _PARA_LINE), first)
            lines, label = block, f"({value})"
        if not lines:
            return "\n".join(previous), found
        previous = lines
        found.append(label)
    return "\n".join(lines), found


def _peel(pinpoint: str, index: dict[str, SourceProvision]) -> tuple[SourceProvision, list[tuple[str, str]]] | None:
    rest = pinpoint.strip()
    subs: list[tuple[str, str]] = []
    for _ in range(6):
        unit = index.get(pinpoint_key(rest))
        if unit is not None:
            return unit, subs
        for kind, pattern in _PEEL:
            match = pattern.search(rest)
            if match and match.start() > 0:
                subs.insert(0, (kind, match.group("x")))
                rest = rest[: match.start()].rstrip(" ,")
                break
        else:
            return None
    return None


def _single(units: list[SourceProvision], index: dict[str, SourceProvision], pinpoint: str) -> Selection | None:
    peeled = _peel(pinpoint, index)
    if peeled is None:
        return None
    unit, subs = peeled
    text, found = _cut(unit.text, subs)
    return Selection(unit.pinpoint + "".join(found), text, (unit,))


def _join(parts: list[Selection]) -> Selection:
    units = tuple(u for p in parts for u in p.units)
    text = "\n".join(p.text for p in parts)
    return Selection(" + ".join(p.pinpoint for p in parts), text, units)


def _span(units: list[SourceProvision], first: SourceProvision, last: SourceProvision) -> Selection | None:
    start, end = units.index(first), units.index(last)
    if end < start:
        return None
    chosen = tuple(units[start : end + 1])
    text = "\n".join(f"{u.pinpoint} {u.heading}".strip() + "\n" + u.text for u in chosen)
    return Selection(f"{first.pinpoint}–{last.pinpoint}", text, chosen)


def _range(units: list[SourceProvision], index: dict[str, SourceProvision], pinpoint: str) -> Selection | None:
    """ "§§ 98 a–98 g", "VDA 1.1-1.4", "Article 60(1)-(2)": a span of units or of paragraphs."""
    listed = _RANGE.match(pinpoint)
    if listed:
        first, last = index.get(pinpoint_key(listed.group("a"))), index.get(pinpoint_key(listed.group("b")))
        return _span(units, first, last) if first and last else None
    for dash in re.finditer(r"\s*[-–]\s*", pinpoint):
        left, right = pinpoint[: dash.start()], pinpoint[dash.end() :]
        if not left or not right:
            continue
        if right.startswith("("):  # paragraphs of one unit: "60(1)-(2)"
            base = re.sub(r"\([^)]*\)$", "", left)
            a, b = _single(units, index, left), _single(units, index, base + right)
            if a and b and a.units == b.units:
                return Selection(f"{a.pinpoint}–{right}", f"{a.text}\n{b.text}", a.units)
            continue
        prefix = re.sub(r"\d.*$", "", left)  # "VDA 1.1-1.4": the right end borrows "VDA "
        start = _peel(left, index)
        end = _peel(right, index) or _peel(prefix + right, index)
        if start and end and not start[1] and not end[1]:
            return _span(units, start[0], end[0])
    return None


def select(units: list[SourceProvision], pinpoint: str) -> Selection | None:
    """The wording at a corpus pinpoint, or None when the document does not hold that unit.

    Besides one pinpoint, a range ("§§ 44–47", "VDA 1.1-1.4", "Article 60(1)-(2)") or a
    list ("paras 339IA and 339NB") gives the units (or paragraphs) it names, joined.
    """
    index = _index(units)
    pinpoint = _COMMENT.sub("", pinpoint).strip()
    found = _single(units, index, pinpoint)
    if found is not None:
        return found
    if " and " in pinpoint:
        head, *rest = pinpoint.split(" and ")
        lead = re.match(r"^\D*?(?=\w*\d)", head)
        prefix = lead.group(0) if lead else ""
        parts = [_single(units, index, head)] + [_single(units, index, prefix + r) for r in rest]
        if all(parts):
            return _join([p for p in parts if p])
    return _range(units, index, pinpoint)
