"""Lovdata HTML (the public data set and lovdata.no pages), laws and amending acts.

A section is ``article.legalArticle`` with ``span.legalArticleValue`` ("§ 3") and
``span.legalArticleTitle`` in a header (``h3`` in laws with chapters, ``h2``
without); each paragraph (ledd) is an ``article.legalP``.  Lists hold further
``legalP`` inside ``li``, so paragraphs are read from the section's own children,
never by a recursive search (that would count list items twice).  The amendment
history ``article.changesToParent`` and the footnotes (``sup.footnotereference``,
``footer.footnotes``) are kept apart from the wording.  Amending acts published
in Norsk Lovtidend mark the new provisions they insert as
``article.futureLegalArticle``.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from indexer.sources.base import Document, SourceProvision, clean_line, finish, tidy_joins
from indexer.sources.parsing import has_class, html_soup, html_text

FORMAT = "lovdata"

_SECTION_CLASSES = ("legalArticle", "futureLegalArticle")
_REPEALED = ("(Opphevet)", "(Oppheva)", "(Opphevd)")  # the title Lovdata gives a repealed section


def _skip(tag: Tag) -> bool:
    return (
        has_class(tag, "footnotereference", "changesToParent", "legalArticleHeader")
        or tag.name in ("ol", "ul", "footer", "table")
        or (tag.name == "article" and has_class(tag, *_SECTION_CLASSES))
    )


def _item_blocks(item: Tag) -> list[Tag]:
    """A list item's own paragraphs and lists, in order (not those of the items nested in it)."""
    blocks: list[Tag] = []
    stack = [c for c in reversed(item.contents) if isinstance(c, Tag)]
    while stack:
        tag = stack.pop()
        if tag.name == "li":
            continue  # an item of a nested list: read with that list
        if tag.name in ("ol", "ul", "p") or (tag.name == "article" and has_class(tag, "legalP")):
            blocks.append(tag)
        if tag.name not in ("ol", "ul"):
            stack.extend(c for c in reversed(tag.contents) if isinstance(c, Tag))
    return blocks


def _list_lines(lst: Tag) -> list[str]:
    """A list's items, one line each, numbered as the source numbers them; nested lists in place.

    The walk keeps its own stack (lists can nest deeper than Python's recursion allows):
    an item's number goes before the first line found under it.
    """
    lines: list[str] = []
    labels: list[str] = []  # numbers of the open items that have no line yet
    stack: list[tuple[str, Tag, str, int]] = [("list", lst, "", 0)]
    while stack:
        kind, tag, label, start = stack.pop()
        if kind == "list":
            items = tag.find_all("li", recursive=False)
            for number, item in reversed(list(enumerate(items, start=1))):
                stack.append(("item", item, str(item.get("data-name") or "").strip() or f"{number}.", 0))
        elif kind == "item":
            labels.append(label)
            stack.append(("end", tag, label, len(lines)))
            for block in reversed(_item_blocks(tag)):
                stack.append(("list" if block.name in ("ol", "ul") else "text", block, "", 0))
        else:
            text = html_text(tag, skip=_skip) if kind == "text" or len(lines) == start else ""
            if text:
                lines.append(tidy_joins(" ".join([*labels, text])) if labels else text)
                labels.clear()
            if kind == "end" and labels and labels[-1] == label:
                labels.pop()  # an item with nothing in it
    return lines


def _paragraph_lines(block: Tag) -> list[str]:
    """A ``legalP`` and the lists inside it, one line each."""
    lines: list[str] = []
    own = html_text(block, skip=_skip)
    if own:
        lines.append(tidy_joins(own))
    for lst in block.find_all(["ol", "ul"]):
        if _owner(lst) is block:
            lines.extend(_list_lines(lst))
    return lines


def _owner(lst: Tag) -> Tag | None:
    """The ``legalP`` (or section) a list belongs to: its nearest paragraph-level ancestor."""
    for parent in lst.parents:
        if parent.name == "li":
            return None  # nested list: read with its item
        if parent.name == "article":
            return parent
    return None


def _header(section: Tag) -> Tag | None:
    """The element holding a section's number and title: ``h2``/``h3`` in laws, a span in amending acts."""
    for child in section.find_all(True, recursive=False):
        if has_class(child, "legalArticleHeader", "futureLegalArticleHeader") or (
            child.name != "article" and child.find("span", class_="legalArticleValue")
        ):
            return child
    return None


def _footnotes(soup: BeautifulSoup) -> dict[str, str]:
    notes: dict[str, str] = {}
    for note in soup.select("footer.footnotes article.footnote, footer.footnotes .footnote"):
        key = str(note.get("data-unique-footnote-counter") or note.get("data-name") or "")
        label = note.find(class_="footnoteLabel")
        text = html_text(note, skip=lambda t: has_class(t, "footnoteLabel"))
        if key and text:
            notes[key] = f"{clean_line(label.get_text()) if label else key} {text}"
    return notes


def _section(section: Tag, footnotes: dict[str, str]) -> SourceProvision:
    header = _header(section)
    scope = header if header is not None else section  # never the title of a quoted section
    value = scope.find("span", class_="legalArticleValue")
    title = scope.find("span", class_="legalArticleTitle")
    pinpoint = clean_line(value.get_text()) if value else str(section.get("data-name") or "")
    lines: list[str] = []
    for child in section.children:
        if not isinstance(child, Tag) or child is header:
            continue
        if child.name == "article" and has_class(child, "legalP"):
            lines.extend(_paragraph_lines(child))
        elif child.name in ("ol", "ul"):
            lines.extend(_list_lines(child))
        elif child.name == "article" and has_class(child, *_SECTION_CLASSES):
            inner = _section(child, footnotes)
            lines.append(f"{inner.pinpoint} {inner.heading}".strip())
            lines.extend(inner.text.splitlines())
        elif child.name in ("p", "div", "table") and not has_class(child, "changesToParent"):
            text = html_text(child, skip=_skip)
            if text:
                lines.append(text)
    changes = [
        clean_line(c.get_text(" "))
        for c in section.find_all("article", class_="changesToParent")
        if c.find_parent("article", class_=list(_SECTION_CLASSES)) is section
    ]
    notes = []
    for ref in section.find_all("sup", class_="footnotereference"):
        if ref.find_parent("article", class_=list(_SECTION_CLASSES)) is not section:
            continue
        key = str(ref.get("data-unique-footnote-counter") or ref.get("data-footnotereferencevalue") or "")
        if key in footnotes:
            notes.append(footnotes[key])
    heading = html_text(title) if title else ""
    status = "new provision in an amending act" if has_class(section, "futureLegalArticle") else None
    if heading in _REPEALED:
        status = "repealed"
    return SourceProvision(
        pinpoint=pinpoint,
        heading=heading,
        text="\n".join(lines),
        notes=tuple(notes),
        amended_by=tuple(tidy_joins(c) for c in changes if c),
        status=status,
    )


def _key_info(soup: BeautifulSoup) -> dict[str, str]:
    info: dict[str, str] = {}
    box = soup.select_one("dl.data-document-key-info")
    if box is None:
        return info
    for dd in box.find_all("dd"):
        for name in dd.get("class") or []:
            info[str(name)] = clean_line(dd.get_text(" "))
    return info


def _in_paragraph(tag: Tag, part: Tag) -> bool:
    """Whether a list sits in a list item or a paragraph of the part (read with them), not in the part itself."""
    for parent in tag.parents:
        if parent is part:
            return False
        if parent.name == "li" or has_class(parent, "legalP", "defaultP"):
            return True
    return False


def _part(part: Tag, footnotes: dict[str, str]) -> SourceProvision:
    """A numbered part ("I", "II") of an amending act, with the new sections it quotes."""
    heading = part.find(["h2", "h3"])
    lines: list[str] = []
    for block in part.find_all(["article", "ol", "ul"]):
        if block.find_parent("article", class_="futureLegalArticle") is not None:
            continue  # rendered with its section below
        if has_class(block, "futureLegalArticle"):
            inner = _section(block, footnotes)
            lines.append(f"{inner.pinpoint} {inner.heading}".strip())
            lines.extend(inner.text.splitlines())
        elif has_class(block, "legalP", "defaultP") and block.find_parent("li") is None:
            lines.extend(_paragraph_lines(block))
        elif block.name in ("ol", "ul") and not _in_paragraph(block, part):
            lines.extend(_list_lines(block))  # a part that is only a list ("1. Loven gjelder fra ...")
    notes = [
        footnotes[key]
        for ref in part.find_all("sup", class_="footnotereference")
        if (key := str(ref.get("data-unique-footnote-counter") or "")) in footnotes
    ]
    return SourceProvision(
        pinpoint=clean_line(heading.get_text()) if heading else str(part.get("data-name") or ""),
        heading="",
        text="\n".join(lines),
        notes=tuple(notes),
    )


def parse(data: bytes) -> Document:
    """Read a Lovdata law or amending act into its sections (§), or an amending act's parts."""
    soup = html_soup(data)
    footnotes = _footnotes(soup)
    units = []
    if soup.find("article", class_="legalArticle") is None and soup.find("section", class_="section") is not None:
        # an amending act: its parts I, II, ... and the new sections they insert
        for part in soup.find_all("section", class_="section"):
            units.append(_part(part, footnotes))
            for new in part.find_all("article", class_="futureLegalArticle"):
                units.append(_section(new, footnotes))
    for section in soup.find_all("article", class_="legalArticle"):
        if section.find_parent("article", class_=list(_SECTION_CLASSES)) is not None:
            continue  # read as part of the section that quotes it
        units.append(_section(section, footnotes))
    info = _key_info(soup)
    title = info.get("title") or (clean_line(soup.title.get_text()) if soup.title else None)
    lang = soup.html.get("lang") if soup.html else None
    meta = {k: v for k, v in info.items() if k in ("legacyID", "dokid", "dateOfPublication", "lastChangeInForce")}
    return Document(
        format=FORMAT,
        provisions=finish(units),
        title=title or None,
        language=str(lang) if lang else None,
        in_force=info.get("dateInForce"),
        amended_by=(info["lastChangedBy"],) if info.get("lastChangedBy") else (),
        meta=meta,
    )
