"""Safe parsing of HTML and XML, and the inline-text walk the ingesters share.

XML is parsed by lxml with entity resolution, DTD loading and network access off,
so a hostile document can neither read local files nor reach the network, and
with ``recover`` on, so that broken markup gives what can be read instead of an
error.  HTML goes through BeautifulSoup with lxml's HTML parser, which never
fetches anything.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag, XMLParsedAsHTMLWarning
from lxml import etree

from indexer.errors import SourceError
from indexer.sources.base import clean_line, tidy_joins

_BLOCK_SKIP = {"script", "style", "noscript", "template", "head"}


def html_soup(data: bytes | str) -> BeautifulSoup:
    """Parse HTML (any encoding BeautifulSoup can detect) with lxml's HTML parser."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", UserWarning)  # "looks like a URL/filename" warnings
        return BeautifulSoup(data, "lxml")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def xml_root(data: bytes) -> etree._Element:
    """The root element of an XML document, parsed without entities, DTDs or network."""
    parser = _parser()
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        raise SourceError(f"not well-formed XML: {exc}") from None
    if root is None:
        raise SourceError("not well-formed XML: no root element")
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" and "depth" in error.message:
            # libxml2 stops at 256 levels of nesting and, recovering, would drop what lies below
            limit = error.message.split(",")[0].strip()
            raise SourceError(f"XML beyond what the parser reads at line {error.line} ({limit}); not read")
    return root


def local(element: etree._Element) -> str:
    """The local name of an lxml element ("" for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def xml_text(element: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """The text of an element and its descendants, leaving out elements named in ``skip``.

    The walk keeps its own stack, so no nesting depth can exhaust Python's.
    """
    parts: list[str] = []
    stack: list[etree._Element | str] = [element]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if item.text:
            parts.append(item.text)
        for child in reversed(item):
            if child.tail:
                stack.append(child.tail)
            if local(child) not in skip:
                stack.append(child)
    return tidy_joins(clean_line("".join(parts)))


def html_text(tag: Tag, skip: Callable[[Tag], bool] | None = None) -> str:
    """The inline text of an HTML element on one line: ``<br>`` is a space, ``skip`` drops tags."""
    parts: list[str] = []
    stack: list[PageElement] = list(reversed(tag.contents))
    while stack:
        child = stack.pop()
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name in _BLOCK_SKIP or (skip is not None and skip(child)):
                continue
            if child.name == "br":
                parts.append(" ")
                continue
            stack.extend(reversed(child.contents))
    return clean_line("".join(parts))


def has_class(tag: Tag, *names: str) -> bool:
    """Whether an HTML element carries one of the given classes."""
    classes: list[str] = list(tag.get("class") or [])
    return any(name in classes for name in names)
