"""EUR-Lex HTML, in the four layouts EUR-Lex serves.

1. Pre-2004 Official Journal layout: bare ``<p>`` lines ("Article 1", a heading,
   "1. ...") in ``div#TexteOnly`` / ``<txt_te>``; footnotes are plain paragraphs.
2. 2011-2018 layout: ``p.ti-art``, ``p.sti-art``, ``p.normal``; points are
   one-row tables; footnotes ``p.note``.
3. Current ELI layout: ``div.eli-subdivision`` with ``p.oj-ti-art``,
   ``p.oj-sti-art``, ``p.oj-normal``; footnotes ``p.oj-note``.
4. Consolidated texts: ``p.title-article-norm``, ``p.stitle-article-norm``,
   ``p.norm``; amendment markers (▼B, ►M1 ... ◄) name the amending acts.

Layouts 2-4 are read by the class of each paragraph, layout 1 by its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from indexer.sources.base import Document, SourceProvision, Unit, Units, clean_line, finish, tidy_joins
from indexer.sources.markdown import provision_start
from indexer.sources.parsing import has_class, html_soup, html_text

FORMAT = "eurlex"

_ARTICLE_CLASSES = ("ti-art", "oj-ti-art", "title-article-norm")
_HEADING_CLASSES = ("sti-art", "oj-sti-art", "stitle-article-norm")
_NOTE_CLASSES = ("note", "oj-note", "footnote")
_TEXT_CLASSES = ("normal", "oj-normal", "norm", "tbl-txt", "oj-tbl-txt", "tbl-norm", "oj-tbl-norm", "item-none")
# a paragraph of one of these classes closes the open article
_CLOSING = re.compile(
    r"^(?:oj-)?(?:ti-section|ti-grseq|title-division|title-gr-seq|doc-ti|doc-sep|doc-end|title-annex|"
    r"ti-annex|separator-annex|final|signatory)"
)
_MARKER = re.compile(r"[▼►]\s*(?P<code>[A-Z]\d*)|◄")
_EMPTY_BRACKETS = re.compile(r"\s*\(\s*\)")
_DIVISION = re.compile(
    r"^(?:CHAPTER|SECTION|TITLE|PART|ANNEX|CHAPITRE|TITRE|KAPITEL|CAPÍTULO|CAPITOLO|ABSCHNITT)\b"
    r"|^(?:Chapter|Section|Title|Part|Annex|Chapitre|Titre|Kapitel|Abschnitt)\s+[IVXLC\d]+[a-z]?$",
)
# the closing formula and signature after the last article
_END_OF_ACT = re.compile(
    r"^(?:Done at|Fait à|Hecho en|Geschehen zu|Fatto a|Utfärdad i|Gedaan te|Udfærdiget i|Feito em)\b"
    r"|^This Regulation shall be binding in its entirety"
)
_NUMBERED = re.compile(r"^(?:\(?\d+[a-z]?[.)]|\([a-z]{1,4}\)|[a-z]\))\s")


def _is_footnote_ref(tag: Tag) -> bool:
    if has_class(tag, "super", "note-tag", "oj-note-tag", "oj-super", "superscript"):
        return True
    if tag.name == "a":
        href = str(tag.get("href") or "")
        ident = str(tag.get("id") or "")
        return bool(re.match(r"#(?:ntr|ntc|src\.|E\d)", href) or re.match(r"(?:ntr|ntc|src\.)", ident))
    return False


def _line(tag: Tag) -> tuple[str, list[str]]:
    """The text of one paragraph without markers or footnote references, and the markers' codes."""
    text = html_text(tag, skip=_is_footnote_ref)
    codes = [m.group("code") for m in _MARKER.finditer(text) if m.group("code")]
    text = _EMPTY_BRACKETS.sub("", _MARKER.sub(" ", text))
    return tidy_joins(clean_line(text)), codes


def _table_lines(table: Tag) -> list[str]:
    """A points table: each row "(a) | text" becomes one line "(a) text"."""
    lines: list[str] = []
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue
        cells = list(row.find_all(["td", "th"], recursive=False))
        pieces: list[str] = []
        for cell in cells:
            for p in cell.find_all("p"):
                if p.find_parent("table") is table:
                    pieces.append(_line(p)[0])
        nested = [t for t in row.find_all("table") if t.find_parent("table") is table]
        first = " ".join(x for x in pieces[:2] if x)
        if first:
            lines.append(first)
        lines.extend(x for x in pieces[2:] if x)
        for inner in nested:
            lines.extend(_table_lines(inner))
    return lines


@dataclass
class _Article(Unit):
    """An article being read: its heading, if any, is the line right after its number."""

    expect_heading: bool = True


def _add(units: Units[_Article], line: str, codes: list[str] | None = None) -> None:
    """A line of the open article, with the amendment codes (►M1) it carries; nothing when none is open."""
    article = units.current
    if article is None:
        return
    article.expect_heading = False
    if line:
        article.lines.append(line)
    article.amended_by.extend(c for c in codes or [] if c != "B" and c not in article.amended_by)


def _article_number(text: str) -> str | None:
    start = provision_start(text)
    return start[0] if start and start[2] != "bare" and not start[1] else None


def _classed(soup: BeautifulSoup) -> tuple[list[SourceProvision], list[str]]:
    """Layouts 2-4: classify every paragraph and table by its class."""
    units: Units[_Article] = Units()
    notes: list[str] = []
    body = soup.body or soup
    for tag in body.find_all(["p", "table", "div"]):
        if tag.name == "div":
            if has_class(tag, "final", "oj-final"):
                units.close()
            continue
        if tag.name == "table":
            if tag.find_parent("table") is None and units.current is not None:
                for line in _table_lines(tag):
                    _add(units, line)
            continue
        if tag.find_parent("table") is not None:
            continue  # read with its table
        classes = [str(c) for c in tag.get("class") or []]
        if any(c in _NOTE_CLASSES for c in classes):
            note = clean_line(tag.get_text(" "))
            if note:
                notes.append(tidy_joins(note))
            continue
        if any(c in _ARTICLE_CLASSES for c in classes):
            number = _article_number(html_text(tag)) or clean_line(html_text(tag))
            units.open(_Article(number))
            continue
        if any(c in _HEADING_CLASSES for c in classes):
            article = units.current
            if article is not None and article.expect_heading:
                article.heading = _line(tag)[0]
                article.expect_heading = False
            continue
        if any(_CLOSING.match(c) for c in classes) or tag.find_parent(class_=_final_class) is not None:
            units.close()
            continue
        if any(c in _TEXT_CLASSES for c in classes):
            line, codes = _line(tag)
            _add(units, line, codes)
    units.close()
    return units.read, notes


def _final_class(value: object) -> bool:
    return value in ("final", "oj-final")


def _bare(soup: BeautifulSoup) -> tuple[list[SourceProvision], list[str]]:
    """Layout 1: no classes; read "Article N", an optional heading and the numbered lines."""
    root = soup.find(id="TexteOnly") or soup.find("txt_te") or soup.body or soup
    units: Units[_Article] = Units()
    notes: list[str] = []
    ended = False
    skip_title = False
    for p in root.find_all("p"):
        text = _line(p)[0]
        if not text:
            continue
        if ended:
            if re.match(r"^\(\d+\)", text):
                notes.append(text)
            continue
        number = _article_number(text)
        if number:
            units.open(_Article(number))
            continue
        if _DIVISION.match(text):
            units.close()
            skip_title = True
            continue
        if skip_title:
            skip_title = False
            if not _NUMBERED.match(text) and units.current is None:
                continue
        if _END_OF_ACT.match(text):
            units.close()
            ended = True
            continue
        article = units.current
        if (
            article is not None
            and article.expect_heading
            and len(text) < 200
            and not _NUMBERED.match(text)
            and not text.endswith((".", ";", ":", ","))
        ):
            article.heading = text
            article.expect_heading = False
            continue
        _add(units, text)
    units.close()
    return units.read, notes


def _amending_acts(soup: BeautifulSoup) -> tuple[str, ...]:
    """Consolidated texts list their amending acts as "►M1 | DIRECTIVE ..." rows."""
    acts: list[str] = []
    for arrow in soup.select("p.arrow"):
        code = clean_line(arrow.get_text()).lstrip("►▼ ")
        row = arrow.find_parent("tr")
        if not row or not code or code == "B":
            continue
        title = row.find("p", class_="title-fam-member-star") or row.find("p", class_="title-fam-member")
        if title:
            acts.append(f"{code}: {clean_line(title.get_text(' '))}")
    return tuple(acts)


def parse(data: bytes) -> Document:
    """Read an EUR-Lex HTML page (any of the four layouts) into its articles."""
    soup = html_soup(data)
    classed = soup.find("p", class_=list(_ARTICLE_CLASSES))
    units, notes = _classed(soup) if classed else _bare(soup)
    title_parts: list[str] = []
    for p in soup.find_all("p"):
        if has_class(p, *_ARTICLE_CLASSES):
            break  # titles after the first article belong to annexes
        if has_class(p, "doc-ti", "oj-doc-ti", "title-doc-first"):
            title_parts.append(_line(p)[0])
    reference = soup.select_one("p.reference")
    meta = {"consolidated": clean_line(reference.get_text(" "))} if reference else {}
    lang = soup.html.get("lang") if soup.html else None
    return Document(
        format=FORMAT,
        provisions=finish(units),
        title=" ".join(x for x in title_parts[:3] if x) or None,
        language=str(lang) if lang else None,
        amended_by=_amending_acts(soup),
        notes=tuple(notes),
        meta=meta,
    )
