"""The fallback for HTML no other ingester knows: find article-like headings.

The page is turned into the blocks the Markdown reader understands (headings,
paragraphs, block quotes); a paragraph that reads like a provision heading on its
own ("Article 5", "§ 12", "Art. 3") counts as a heading.  Navigation, scripts and
forms are left out.
"""

from __future__ import annotations

from bs4 import Tag

from indexer.sources.base import Document, clean_line
from indexer.sources.markdown import Block, provision_start, read_blocks
from indexer.sources.parsing import html_soup, html_text

FORMAT = "html"

_CHROME = ("nav", "header", "footer", "script", "style", "form", "aside", "noscript")
_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "dt", "dd", "pre", "td"]
_READ_APART = ("ol", "ul", "li", "blockquote")  # inside a block (but a quote), these are blocks of their own


def _lists(tag: Tag) -> bool:
    return tag.name in ("ol", "ul")


def _read_apart(tag: Tag) -> bool:
    return tag.name in _READ_APART


def _holding_blocks(root: Tag) -> set[int]:
    """The ids of the elements that hold a block element somewhere below them."""
    holding: set[int] = set()
    for tag in reversed(root.find_all(True)):  # children before their parents
        if tag.parent is not None and (tag.name in _BLOCKS or id(tag) in holding):
            holding.add(id(tag.parent))
    return holding


def _block_tags(root: Tag) -> list[Tag]:
    """The block elements to read, in document order, walked with a stack of our own.

    Chrome is skipped whole; a container's inner blocks come on their own; a quote is
    read whole (what is inside it is not read again).
    """
    holding = _holding_blocks(root)
    found: list[Tag] = []
    stack = [c for c in reversed(root.contents) if isinstance(c, Tag)]
    while stack:
        tag = stack.pop()
        if tag.name in _CHROME:
            continue
        if tag.name in _BLOCKS and (id(tag) not in holding or tag.name in ("li", "blockquote")):
            found.append(tag)
            if tag.name == "blockquote":
                continue
        stack.extend(c for c in reversed(tag.contents) if isinstance(c, Tag))
    return found


def _blocks(root: Tag) -> list[Block]:
    blocks: list[Block] = []
    for tag in _block_tags(root):
        text = html_text(tag, skip=_lists if tag.name == "blockquote" else _read_apart)  # a quote is read whole
        if not text:
            continue
        if tag.name.startswith("h") and len(tag.name) == 2:
            blocks.append(Block("heading", text, level=int(tag.name[1])))
        elif tag.name == "blockquote":
            blocks.append(Block("quote", text))
        elif len(text) < 80 and (start := provision_start(text)) is not None and start[2] != "bare":
            blocks.append(Block("heading", text, level=6))
        else:
            blocks.append(Block("para", text, lines=[text]))
    return blocks


def parse(data: bytes) -> Document:
    """Read an unknown HTML page into the provisions its headings name."""
    soup = html_soup(data)
    root = soup.find("main") or soup.body or soup
    title = clean_line(soup.title.get_text()) if soup.title else None
    lang = soup.html.get("lang") if soup.html else None
    document = read_blocks(_blocks(root), {"title": title or ""}, fmt=FORMAT)
    return Document(
        format=FORMAT,
        provisions=document.provisions,
        title=title or None,
        language=str(lang) if lang else None,
        notes=document.notes,
    )
