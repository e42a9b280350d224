"""Swedish statutes: the government's SFS text and riksdagen.se HTML.

The SFS database shows a law as hard-wrapped plain text in one block: "5 kap.
Uppehållstillstånd" opens a chapter, "16 §" (or "2 a §") a section, a short line
before a section is its heading, and each section may end with an amendment
stamp "Lag (2021:765)." and a force note "/Träder i kraft I:2014-01-01/" or
"/Upphör att gälla U:2026-01-01/".  Stamps and force notes are kept apart from
the wording.  riksdagen.se marks sections ``a.paragraf[name=K5P16]`` and
chapters ``h3[name=K5]``: its page is read as the same text.  The Government
Offices' legal database (rkrattsbaser.gov.se) and older pages give the plain text
itself in one element (``<pre>`` or ``div.body-text``): that element is read.  A section that
exists in an expiring and an incoming version appears twice, expiring first.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from indexer.sources.base import Document, Unit, Units, clean_line
from indexer.sources.parsing import html_soup

FORMAT = "sfs"

_CHAPTER = re.compile(r"^(?P<num>\d+\s?[a-z]?)\s*kap\.\s*(?P<title>.*)$")
_SECTION = re.compile(r"^(?P<num>\d+\s?[a-z]?)\s*§\s*(?P<rest>.*)$")
_STAMP = re.compile(r"\s*(?P<stamp>(?:Lag|Förordning|Kungörelse) \(\d{4}:\d+\))\.?\s*$")
_FORCE = re.compile(r"^/(?P<note>(?:Träder i kraft|Upphör att gälla)[^/]*)/$")
_ITEM = re.compile(r"^(?:\d+\.|\d+ [a-z]\.|[a-z]\))\s")
# a line of the plain-text layout inside a page: "5 kap. Uppehållstillstånd", "16 § Tillstånd ..."
TEXT_LAYOUT = re.compile(r"\n\d+ (?:kap\.|(?:[a-z] )?§)\s")
_SFS_TITLE = re.compile(r"^\s*(?:Lag|Förordning|Kungörelse) \(\d{4}:\d+\)[^\n]*$")


def _is_heading(line: str, following: str | None) -> bool:
    return (
        following is not None
        and _SECTION.match(following) is not None
        and len(line) < 120
        and not line.endswith((".", ",", ";", ":"))
        and line[:1].isupper()
    )


def parse_text(text: str) -> Document:
    """Read SFS plain text (hard-wrapped lines, blank lines between paragraphs)."""
    raw_lines = [clean_line(x) for x in text.replace("\r\n", "\n").split("\n")]
    units: Units[Unit] = Units()
    chapter: str | None = None
    pending_heading = ""
    nonblank = [(i, x) for i, x in enumerate(raw_lines) if x]
    following = {nonblank[k][0]: nonblank[k + 1][1] for k in range(len(nonblank) - 1)}
    previous_blank = True
    for index, line in enumerate(raw_lines):
        current = units.current
        if not line:
            if current is not None:
                current.end_paragraph()
            previous_blank = True
            continue
        chap = _CHAPTER.match(line)
        section = _SECTION.match(line)
        force = _FORCE.match(line)
        if chap and previous_blank:
            units.close()
            chapter = clean_line(chap.group("num"))
            pending_heading = ""
        elif section and (previous_blank or current is None or _ends_sentence(current)):
            number = clean_line(section.group("num"))
            pinpoint = f"{chapter} kap. {number} §" if chapter else f"{number} §"
            _add(units.open(Unit(pinpoint, pending_heading)), section.group("rest"))
            pending_heading = ""
        elif force and current is not None:
            note = force.group("note")
            current.status = f"{current.status}; {note}" if current.status else note
        elif _is_heading(line, following.get(index)) and previous_blank:
            units.close()
            pending_heading = line
        elif current is not None:
            _add(current, line)
        previous_blank = False
    units.close()
    return Document(format=FORMAT, provisions=units.read, language="sv")


def _add(current: Unit, line: str) -> None:
    """Add a line of wording to a section: a stamp goes apart, a numbered item starts a line."""
    stamp = _STAMP.search(line)
    if stamp:
        current.amended_by.append(stamp.group("stamp"))
        line = line[: stamp.start()].rstrip()
    if _ITEM.match(line):
        current.end_paragraph()
    if line:
        current.continue_line(line)


def _ends_sentence(current: Unit) -> bool:
    last = next((line for line in reversed(current.lines) if line), None)
    return last is None or last.endswith((".", ":"))


def _page_text(root: Tag) -> str:
    """riksdagen.se HTML as SFS text: a blank line at every block, chapter and section mark."""
    out: list[str] = []
    for node in root.descendants:
        if isinstance(node, NavigableString):
            if node.find_parent(["script", "style"]) is None:
                out.append(str(node).replace("\n", " "))
        elif isinstance(node, Tag):
            if node.name in ("p", "div", "h1", "h2", "h3", "h4", "pre", "li"):
                out.append("\n\n")
            elif node.name == "br":
                out.append("\n")
            elif node.name == "a" and "paragraf" in (node.get("class") or []):
                out.append("\n\n")
    return "".join(out)


def _plain_text_element(soup: BeautifulSoup) -> Tag | None:
    """The element that holds the statute as plain text (``<pre>``, or a text block with "16 §" lines)."""
    pre = soup.find("pre")
    if isinstance(pre, Tag):
        return pre
    string = soup.find(string=TEXT_LAYOUT)
    return string.parent if string is not None else None


def parse(data: bytes) -> Document:
    """Read SFS text, or a riksdagen.se page, into its sections ("5 kap. 16 §")."""
    head = data[:4000].decode("utf-8", errors="replace").lstrip().lower()
    if head.startswith(("<!doctype", "<html", "<div", "<body", "<?xml")):
        soup = html_soup(data)
        body = _plain_text_element(soup)
        text = body.get_text() if body is not None else _page_text(soup.body or soup)
        named = soup.find(string=_SFS_TITLE)  # "Lag (2099:1) om ..." on the database's page
        title = clean_line(str(named)) if named else clean_line(soup.title.get_text()) if soup.title else None
        document = parse_text(text)
        return Document(format=FORMAT, provisions=document.provisions, title=title, language="sv")
    return parse_text(data.decode("utf-8", errors="replace"))
