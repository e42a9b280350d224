"""Pick the ingester for a document and run it.

Every ingester module has ``FORMAT`` (its name) and ``parse(data: bytes) ->
Document``.  :func:`detect` recognises the format from the document itself (and
its file name), so ``lexcompare ingest FILE`` needs no option for any known source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from indexer.errors import SourceError
from indexer.sources import akn, boe, clml, eurlex, formex, generic_html, govuk, lovdata, markdown, sfs
from indexer.sources.base import Document

_INGESTERS = (eurlex, formex, clml, lovdata, boe, akn, sfs, govuk, markdown, generic_html)
PARSERS: dict[str, Callable[[bytes], Document]] = {module.FORMAT: module.parse for module in _INGESTERS}
FORMATS = ("auto", *PARSERS)

_SNIFF = 65536
_EURLEX_MARKS = re.compile(r'class="(?:oj-)?ti-art"|class="title-article-norm"|eli-subdivision|id="TexteOnly"|<txt_te')


def detect(data: bytes, name: str = "") -> str:
    """The format of a document, from its first bytes and its file name."""
    head = data[:_SNIFF].decode("utf-8", errors="replace")
    lower = head.lstrip("\ufeff \t\r\n").lower()
    suffix = Path(name).suffix.lower()
    if "URL Source: https://www.gov.uk" in head:
        return govuk.FORMAT
    if suffix in (".md", ".markdown", ".txt") and re.search(r"^#{1,6}\s*\S", head, re.MULTILINE):
        return markdown.FORMAT
    if lower.startswith("<") and not lower.startswith(("<!--", "<meta")):
        return _markup_format(data, head)
    if re.search(r"^#{1,6}\s*\S", head, re.MULTILINE):
        return markdown.FORMAT
    if re.search(r"^\d+ kap\.", head, re.MULTILINE) or re.search(r"^\d+ (?:[a-z] )?§ ", head, re.MULTILINE):
        return sfs.FORMAT
    if re.search(r"<(?:p|h\d|div)[\s>]", head, re.IGNORECASE):
        return generic_html.FORMAT
    raise SourceError(
        f"cannot tell the format of {name or 'the document'}; give --format "
        f"({', '.join(f for f in FORMATS if f != 'auto')})"
    )


def _markup_format(data: bytes, head: str) -> str:
    if "<akomaNtoso" in head:
        return akn.FORMAT
    if "<documento" in head and ("<metadatos" in head or "<texto" in head):
        return boe.FORMAT
    if "legislation.gov.uk/namespaces/legislation" in head:
        return clml.FORMAT
    if re.search(r"<(?:ACT|CONS\.ACT|CONS\.DOC|FORMEX)[\s>]", head) or "<TI.ART>" in head:
        return formex.FORMAT
    if "legalArticle" in head or "data-document-key-info" in head:
        return lovdata.FORMAT
    whole = data.decode("utf-8", errors="replace")
    if _EURLEX_MARKS.search(whole):
        return eurlex.FORMAT
    if re.search(r'class="paragraf"|name="K\d+P\d+"', whole):
        return sfs.FORMAT
    if "govuk-" in head and "Immigration Rules" in whole:
        return govuk.FORMAT
    return generic_html.FORMAT


def ingest(data: bytes, fmt: str = "auto", name: str = "") -> Document:
    """Parse a document with the ingester for ``fmt`` ("auto" detects it)."""
    if fmt not in FORMATS:
        raise SourceError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    chosen = detect(data, name) if fmt == "auto" else fmt
    return PARSERS[chosen](data)


def ingest_file(path: Path, fmt: str = "auto") -> Document:
    """Parse one file; a missing or unreadable file is a :class:`SourceError`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    return ingest(data, fmt, path.name)
