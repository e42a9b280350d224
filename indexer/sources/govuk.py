"""GOV.UK Immigration Rules pages, as HTML or as the Markdown a page reader makes of them.

Rule numbers are plain text at the start of a paragraph ("VDA 4.2.", "GEN.1.1.",
"A284.", "289A.", "SETF 1.1."); sub-points are list items starting "(a)";
accordion section headings carry button text (", Show"); the page has full site
chrome before and after the rules.  A rule runs from its number to the next
number or section heading, and takes its section's heading.  The page reader's
Markdown renders some rules as list items ("1.   VDA 1.2. ..."): that "1." is an
artefact and is dropped.  A page without numbered rules (Appendix EU's table of
definitions) is returned as one unit, pinpoint "page".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import Tag

from indexer.sources.base import Document, SourceProvision, Unit, Units, clean_line
from indexer.sources.markdown import inline
from indexer.sources.parsing import has_class, html_soup, html_text

FORMAT = "govuk"

_RULE = re.compile(
    r"^(?P<num>(?:[A-Z]{1,8}(?:-[A-Z]{1,8})*(?:[ .](?=\d)))?[A-Z]?\d+[A-Z]{0,3}(?:\.\d+[A-Z]{0,3})*)"
    r"\.?\s+(?P<rest>\S.*)$"
)
_LIST_ARTEFACT = re.compile(r"^(?:\d+\.\s{2,}|[*+-]\s+)")
_TOGGLE = re.compile(r",?\s*(?:Show|Hide)(?: all sections)?\s*$")
_STOP = re.compile(r"^(?:Print this page|Is this page useful\??|Help us improve GOV\.UK)$")
_CHROME_HEADINGS = re.compile(r"^(?:Cookies on GOV\.UK|Services and information|Government activity|Search)$")
WHOLE_PAGE = "page"


def _segment(items: Iterable[tuple[str, str]], title: str | None) -> list[SourceProvision]:
    """Turn (kind, text) items in page order into rules; kind is "heading" or "text"."""
    units: Units[Unit] = Units()
    section = ""
    loose: list[str] = []
    for kind, text in items:
        if _STOP.match(text):
            break
        if kind == "heading":
            units.close()
            section = "" if _CHROME_HEADINGS.match(text) else _TOGGLE.sub("", text).strip()
            continue
        rule = _RULE.match(text)
        if rule and not re.fullmatch(r"\d{4}", rule.group("num")):
            units.open(Unit(rule.group("num"), section, [text]))
            continue
        if units.current is not None:
            units.current.lines.append(text)
        else:
            loose.append(text)
    units.close()
    if not units.read and loose:
        units.read.append(SourceProvision(pinpoint=WHOLE_PAGE, heading=title or "", text="\n".join(loose)))
    return units.read


def _markdown_items(text: str) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    body = text.split("Markdown Content:", 1)[-1]
    previous: str | None = None
    for raw in body.splitlines():
        stripped = raw.strip()
        if re.fullmatch(r"=+|-{3,}", stripped) and previous is not None:
            items[-1] = ("heading", previous)
            previous = None
            continue
        heading = re.match(r"^#{1,6}\s*(.*)$", stripped)
        if heading:
            items.append(("heading", inline(heading.group(1))))
            previous = None
            continue
        line = inline(_LIST_ARTEFACT.sub("", stripped))
        line = inline(_LIST_ARTEFACT.sub("", line))  # nested artefacts: "1.   1.   (a)"
        if not line:
            previous = None
            continue
        items.append(("text", line))
        previous = line
    return items


def _html_items(root: Tag) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for tag in root.find_all(["h1", "h2", "h3", "h4", "p", "li"]):
        if tag.name == "p" and tag.find_parent("li") is not None:
            continue  # read with its list item
        if tag.name.startswith("h"):
            text = html_text(tag, skip=lambda t: has_class(t, "govuk-accordion__section-toggle"))
            if text:
                items.append(("heading", text))
            continue
        skip = (lambda t: t.name in ("ol", "ul")) if tag.name == "li" else None
        text = html_text(tag, skip=skip)
        if text:
            items.append(("text", text))
    return items


def parse(data: bytes) -> Document:
    """Read a GOV.UK rules page (HTML, or the page reader's Markdown) into its numbered rules."""
    head = data[:2000].decode("utf-8", errors="replace").lstrip()
    if head.startswith("<") and not head.startswith("<!--"):
        soup = html_soup(data)
        root = soup.select_one("div.govspeak") or soup.find("main") or soup.body or soup
        title_tag = soup.find("h1")
        title = clean_line(title_tag.get_text(" ")) if title_tag else None
        items = _html_items(root)
    else:
        text = data.decode("utf-8", errors="replace")
        match = re.search(r"^Title:\s*(.*)$", text, re.MULTILINE)
        title = clean_line(match.group(1)) if match else None
        items = _markdown_items(text)
    updated = next((m.group(1) for _, t in items if (m := re.search(r"Updated:\s*(\d{1,2} \w+ \d{4})", t))), None)
    return Document(
        format=FORMAT,
        provisions=_segment(items, title),
        title=title,
        language="en",
        in_force=updated,
        meta={"updated": updated} if updated else {},
    )
