"""Pick the ingester for a document and run it.

Every ingester module has ``FORMAT`` (its name) and ``parse(data: bytes) ->
Document``.  :func:`detect` recognises the format from the document itself (and
its file name), so ``lexcompare ingest FILE`` needs no option for any known source.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path

from indexer.errors import SourceError
from indexer.sources import akn, boe, clml, eurlex, formex, generic_html, govuk, lovdata, markdown, sfs
from indexer.sources.base import MAX_BYTES, Document

_INGESTERS = (eurlex, formex, clml, lovdata, boe, akn, sfs, govuk, markdown, generic_html)
PARSERS: dict[str, Callable[[bytes], Document]] = {module.FORMAT: module.parse for module in _INGESTERS}
FORMATS = ("auto", *PARSERS)

_SNIFF = 65536
# what a document that is not text starts with: no ingester reads these
_BINARY = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF file (save the page as HTML or text)",
    b"PK\x03\x04": "a ZIP archive (a .docx or .odt is one: save it as HTML)",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Word or Excel file",
}
_UTF16 = (b"\xff\xfe", b"\xfe\xff")
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
    if re.search(r'class="paragraf"|name="K\d+P\d+"', whole) or sfs.TEXT_LAYOUT.search(whole):
        return sfs.FORMAT
    if "govuk-" in head and "Immigration Rules" in whole:
        return govuk.FORMAT
    return generic_html.FORMAT


def _not_text(data: bytes) -> str | None:
    """What a document is when it is not text an ingester can read (an image, a PDF...)."""
    for magic, what in _BINARY.items():
        if data.startswith(magic):
            return what
    if not data.startswith(_UTF16) and b"\x00" in data[:_SNIFF]:
        return "binary data"
    return None


def ingest(data: bytes, fmt: str = "auto", name: str = "") -> Document:
    """Parse a document with the ingester for ``fmt`` ("auto" detects it).

    Whatever the format, a document larger than ``MAX_BYTES`` or one that is not text
    is refused with a message, and so is markup nested beyond what can be read.
    """
    label = name or "the document"
    if fmt not in FORMATS:
        raise SourceError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if len(data) > MAX_BYTES:
        raise SourceError(f"{label}: larger than {MAX_BYTES // (1024 * 1024)} MB; not read")
    what = _not_text(data)
    if what is not None:
        raise SourceError(f"{label} is {what}, not a document an ingester reads (HTML, XML, Markdown or text)")
    chosen = detect(data, name) if fmt == "auto" else fmt
    try:
        return PARSERS[chosen](data)
    except RecursionError:
        raise SourceError(f"{label}: markup nested too deeply to read") from None
    except SourceError as exc:
        if name and name not in str(exc):
            raise SourceError(f"{name}: {exc}") from None
        raise


def read_document(path: Path) -> bytes:
    """A document's bytes: a regular file no larger than ``MAX_BYTES``, checked before reading."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"cannot read {path}: not a regular file")
        if info.st_size > MAX_BYTES:
            raise SourceError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB; not read")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise SourceError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB; not read")
    return data


def ingest_file(path: Path, fmt: str = "auto") -> Document:
    """Parse one file; a missing, unreadable, oversized or binary file is a :class:`SourceError`."""
    return ingest(read_document(path), fmt, path.name)
