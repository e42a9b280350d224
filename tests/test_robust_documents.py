"""Hostile HTML and XML against every ingester: nothing crashes, nothing is read, fetched or run.

test_ingest_props.py has random markup and bytes, one external file entity (BOE)
and one billion-laughs document (Akoma Ntoso).  Here every ingester gets every
hostile document: entities pointing at a local file and at a listener on
127.0.0.1 (which must never see a connection), external DTDs, parameter
entities, XInclude, scripts, huge attributes, invalid encodings and 100,000
levels of nesting.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from indexer.errors import SourceError
from indexer.sources.base import Document
from indexer.sources.ingest import PARSERS, ingest

FORMATS = [*sorted(PARSERS), "auto"]
SECRET = "lexcompare-secret-3f9a"  # written to a local file the documents try to pull in
SCRIPT = "lexcompare-script-77c1"  # what a script would write if anything ran it


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections: a fetch would show here."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(SECRET + "\n", "utf-8")
    return path


def _xml(doctype: str, body: str) -> bytes:
    return f'<?xml version="1.0"?>\n{doctype}\n{body}'.encode()


BOE_BODY = '<documento><texto><p class="articulo">Artículo 1</p><p class="parrafo">&e; texto</p></texto></documento>'
AKN_BODY = (
    '<akomaNtoso><act><body><article eId="art_1"><num>Art. 1.</num>'
    "<paragraph><content><p>&e; text</p></content></paragraph></article></body></act></akomaNtoso>"
)
HTML_BODY = "<html><head><title>&e;</title></head><body><h2>Article 1</h2><p>&e; text</p></body></html>"

# id -> document, given the listener's port and the secret file's path
Maker = Callable[[int, Path], bytes]
HOSTILE: dict[str, Maker] = {
    "xxe-file-boe": lambda port, f: _xml(f'<!DOCTYPE documento [<!ENTITY e SYSTEM "file://{f}">]>', BOE_BODY),
    "xxe-passwd-akn": lambda port, f: _xml('<!DOCTYPE akomaNtoso [<!ENTITY e SYSTEM "file:///etc/passwd">]>', AKN_BODY),
    "xxe-http-boe": lambda port, f: _xml(
        f'<!DOCTYPE documento [<!ENTITY e SYSTEM "http://127.0.0.1:{port}/e">]>', BOE_BODY
    ),
    "xxe-http-html": lambda port, f: f'<!DOCTYPE html [<!ENTITY e SYSTEM "http://127.0.0.1:{port}/e">]>{HTML_BODY}'.encode(),
    "xxe-file-html": lambda port, f: f'<!DOCTYPE html [<!ENTITY e SYSTEM "file://{f}">]>{HTML_BODY}'.encode(),
    "parameter-entity": lambda port, f: _xml(
        f'<!DOCTYPE akomaNtoso [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p"> %p;<!ENTITY e "x">]>', AKN_BODY
    ),
    "external-dtd": lambda port, f: _xml(
        f'<!DOCTYPE akomaNtoso SYSTEM "http://127.0.0.1:{port}/akn.dtd"><!-- -->', AKN_BODY.replace("&e;", "")
    ),
    "xinclude": lambda port, f: _xml(
        "",
        '<akomaNtoso xmlns:xi="http://www.w3.org/2001/XInclude"><act><body><article eId="art_1"><num>Art. 1.</num>'
        f'<xi:include href="file://{f}" parse="text"/><xi:include href="http://127.0.0.1:{port}/x"/>'
        "</article></body></act></akomaNtoso>",
    ),
    "billion-laughs-boe": lambda port, f: _xml(
        "<!DOCTYPE documento [<!ENTITY a \"aaaaaaaaaa\">"
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "<!ENTITY e \"&i;&i;\">]>",
        BOE_BODY,
    ),
    "scripts-and-handlers": lambda port, f: (
        f"<html><body><h2>Article 1</h2><p onclick=\"document.write('{SCRIPT}')\">words</p>"
        f"<script>document.write('{SCRIPT}')</script><style>p::after{{content:'{SCRIPT}'}}</style>"
        f"<noscript>{SCRIPT}</noscript><template>{SCRIPT}</template></body></html>"
    ).encode(),
    "remote-resources": lambda port, f: (
        f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
        f'<base href="http://127.0.0.1:{port}/"></head><body><h2>Article 1</h2>'
        f'<img src="http://127.0.0.1:{port}/i.png"><iframe src="file://{f}"></iframe>'
        f'<object data="file://{f}"></object><p>words</p></body></html>'
    ).encode(),
    "huge-attribute": lambda port, f: b'<html><body><h2 class="' + b"x" * 8_000_000
    + b'">Article 1</h2><p>w</p></body></html>',
    "100k-attributes": lambda port, f: b"<html><body><h2 "
    + b" ".join(b'a%d="1"' % i for i in range(100_000))
    + b">Article 1</h2></body></html>",
    "xml-bad-encoding-name": lambda port, f: b'<?xml version="1.0" encoding="x-no-such-9"?><akomaNtoso/>',
    "xml-declares-utf16-is-utf8": lambda port, f: b'<?xml version="1.0" encoding="UTF-16"?><documento/>',
    "xml-utf16": lambda port, f: '<?xml version="1.0" encoding="UTF-16"?><akomaNtoso><act/></akomaNtoso>'.encode(
        "utf-16"
    ),
    "html-utf16": lambda port, f: "<html><body><h2>Article 1</h2><p>téxt</p></body></html>".encode("utf-16"),
    "html-nonsense-charset": lambda port, f: b'<html><head><meta charset="x-nonsense"></head><body><h2>Article 1</h2>'
    b"<p>\xff\xfe\xc3\x28</p></body></html>",
    "invalid-utf8-and-surrogates": lambda port, f: b"<html><body><h2>Article 1 \xc3\x28</h2>"
    b"<p>\xed\xa0\x80 w</p></body></html>",
    "nul-bytes": lambda port, f: b"<html><body><h2>Article\x00 1</h2><p>a\x00b</p></body></html>",
}  # fmt: skip


def _ingest(data: bytes, fmt: str) -> Document | None:
    """Parse, allowing SourceError (a clear refusal) and nothing else; check every unit's types."""
    try:
        document = ingest(data, fmt)
    except SourceError:
        return None
    for unit in document.provisions:
        assert isinstance(unit.pinpoint, str)
        assert isinstance(unit.text, str)
    return document


def _all_text(document: Document) -> str:
    parts = [document.title or "", *document.notes]
    for unit in document.provisions:
        parts += [unit.pinpoint, unit.heading or "", unit.text, *unit.notes]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_document_never_crashes_reads_or_fetches(
    listener: Listener, secret_file: Path, name: str, fmt: str
) -> None:
    before = listener.connections
    document = _ingest(HOSTILE[name](listener.port, secret_file), fmt)
    if document is not None:
        text = _all_text(document)
        assert SECRET not in text, "a local file was read into the document"
        assert "root:x:0:0" not in text, "/etc/passwd was read into the document"
        assert SCRIPT not in text, "script or style content reached the wording"
        assert len(text) < 1_000_000, "an entity was expanded"
    assert listener.connections == before, "the ingester connected to a URL in the document"


def _deep(open_tag: bytes, close_tag: bytes, inner: bytes, levels: int = 100_000) -> bytes:
    return open_tag * levels + inner + close_tag * levels


XML_FORMATS = {"akn", "boe", "clml", "formex"}
DEEP_HTML = b"<html><body>" + _deep(b"<div>", b"</div>", b"<h2>Article 1</h2><p>w</p>") + b"</body></html>"
DEEP_XML = (
    b'<?xml version="1.0"?><akomaNtoso><act><body>'
    + _deep(b"<article><paragraph>", b"</paragraph></article>", b"<num>1</num>")
    + b"</body></act></akomaNtoso>"
)
DEEP_UNCLOSED = b"<html><body>" + b"<span><b>" * 50_000 + b"<h2>Article 1</h2>"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fmt", "data"),
    [pytest.param(fmt, DEEP_XML if fmt in XML_FORMATS else DEEP_HTML, id=fmt) for fmt in sorted(PARSERS)]
    + [pytest.param("auto", DEEP_UNCLOSED, id="auto-unclosed")],
)
def test_100k_levels_of_nesting_never_crash(fmt: str, data: bytes) -> None:
    # each ingester gets the markup it reads, so the walk below the parser runs too
    _ingest(data, fmt)
