"""Fetching official texts, against a local HTTP server on 127.0.0.1 serving fixture files.

Fetching must never block `make run`: short timeouts, bounded retries, a deadline
for the whole run, and one line and a quick non-zero exit when offline.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.cli import main
from indexer.sources.cache import store, versions
from indexer.sources.config import load_sources
from indexer.sources.fetch import Limits, Offline, fetch_all

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT.parent / "shared" / "fixtures" / "legislation"
SAMPLES = Path(__file__).resolve().parent / "samples"
FAST = Limits(timeout=2.0, retries=1, deadline=10.0, backoff=0.05)


class _Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        _Handler.hits[self.path] = _Handler.hits.get(self.path, 0) + 1
        if self.path == "/slow":
            time.sleep(1.5)
            self._send(b"<html><body><p>late</p></body></html>")
            return
        if self.path == "/broken":
            self.send_error(503, "Service Unavailable")
            return
        if self.path == "/cookie-wall":
            self._send(b"<html><body><p>Please accept cookies</p></body></html>")
            return
        name = self.path.lstrip("/")
        for folder in (FIXTURES, SAMPLES):
            if name and (folder / name).is_file():
                self._send((folder / name).read_bytes())
                return
        self.send_error(404, "Not Found")

    def _send(self, body: bytes) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 (never any other address); yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    _Handler.hits = {}
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _corpus(tmp_path: Path, entries: dict[str, str]) -> Path:
    root = tmp_path / "corpus"
    root.mkdir(exist_ok=True)
    lines = ["instruments:"]
    for iid, url in entries.items():
        lines += [f"  {iid}:", f"    title: {iid} (test)", f"    url: {url}"]
    (root / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_fetch_stores_each_document_and_reports_progress(server: str, tmp_path: Path) -> None:
    corpus = _corpus(
        tmp_path,
        {"no/sample": f"{server}/lovdata_no_chapters.html", "eu/sample": f"{server}/eurlex_eli_current.html"},
    )
    seen: list[tuple[int, int]] = []
    outcomes = fetch_all(
        load_sources(corpus), tmp_path / "texts", limits=FAST, progress=lambda n, t, o: seen.append((n, t))
    )
    assert [o.error for o in outcomes] == [None, None]
    assert seen == [(1, 2), (2, 2)]
    stored = versions(tmp_path / "texts", "no/sample")
    assert (len(stored), stored[0].format, stored[0].provisions, stored[0].origin) == (
        1,
        "lovdata",
        3,
        f"{server}/lovdata_no_chapters.html",
    )


@pytest.mark.shared("fixtures/legislation")
def test_fetch_reads_a_real_fixture_served_over_http(server: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"es/constitucion": f"{server}/boe_BOE-A-1978-31229_constitucion.xml"})
    (outcome,) = fetch_all(load_sources(corpus), tmp_path / "texts", limits=FAST)
    assert outcome.stored is not None
    assert (outcome.stored.version.format, outcome.stored.version.provisions) == ("boe", 184)


def test_fetch_missing_skips_what_is_cached(server: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"no/sample": f"{server}/lovdata_no_chapters.html"})
    fetch_all(load_sources(corpus), tmp_path / "texts", limits=FAST)
    assert fetch_all(load_sources(corpus), tmp_path / "texts", missing_only=True, limits=FAST) == []
    assert _Handler.hits["/lovdata_no_chapters.html"] == 1


@pytest.mark.parametrize(
    ("path", "error"),
    [
        pytest.param("/missing.html", "HTTP 404", id="not-found"),
        pytest.param("/broken", "HTTP 503", id="server-error-after-retries"),
        pytest.param("/cookie-wall", "no provisions found", id="page-without-provisions"),
    ],
)
def test_a_failed_document_is_reported_and_stores_nothing(server: str, tmp_path: Path, path: str, error: str) -> None:
    corpus = _corpus(tmp_path, {"no/sample": server + path})
    (outcome,) = fetch_all(load_sources(corpus), tmp_path / "texts", limits=FAST)
    assert outcome.error is not None
    assert error in outcome.error
    assert versions(tmp_path / "texts", "no/sample") == []


def test_a_server_error_is_retried_a_bounded_number_of_times(server: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"no/sample": f"{server}/broken"})
    fetch_all(load_sources(corpus), tmp_path / "texts", limits=Limits(timeout=2, retries=2, deadline=10, backoff=0.01))
    assert _Handler.hits["/broken"] == 3


def test_a_slow_server_times_out_quickly(server: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"no/sample": f"{server}/slow"})
    started = time.monotonic()
    (outcome,) = fetch_all(load_sources(corpus), tmp_path / "texts", limits=Limits(timeout=0.3, retries=0, deadline=5))
    assert outcome.error is not None
    assert "timed out" in outcome.error
    assert time.monotonic() - started < 1.4


def test_the_whole_run_has_a_deadline(server: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {f"no/slow{i}": f"{server}/slow" for i in range(4)})
    started = time.monotonic()
    outcomes = fetch_all(load_sources(corpus), tmp_path / "texts", limits=Limits(timeout=0.4, retries=0, deadline=0.6))
    assert time.monotonic() - started < 2.5
    assert len(outcomes) == 4
    assert any(o.error == "not fetched: out of time" for o in outcomes)


def test_only_http_urls_are_fetched(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"no/sample": "file:///etc/passwd"})
    (outcome,) = fetch_all(load_sources(corpus), tmp_path / "texts", limits=FAST)
    assert outcome.error is not None
    assert "only http and https" in outcome.error


def test_one_unreachable_server_is_not_taken_for_being_offline(server: str, tmp_path: Path) -> None:
    corpus = _corpus(
        tmp_path,
        {"a/down": f"http://127.0.0.1:{_closed_port()}/x", "b/up": f"{server}/lovdata_no_chapters.html"},
    )
    down, up = fetch_all(load_sources(corpus), tmp_path / "texts", limits=FAST)
    assert down.error is not None
    assert "cannot reach" in down.error
    assert up.stored is not None


def test_offline_stops_at_the_second_connection_failure(tmp_path: Path) -> None:
    port = _closed_port()
    corpus = _corpus(tmp_path, {f"no/s{i}": f"http://127.0.0.1:{port}/x{i}" for i in range(5)})
    started = time.monotonic()
    seen: list[int] = []
    with pytest.raises(Offline):
        fetch_all(load_sources(corpus), tmp_path / "texts", limits=FAST, progress=lambda n, t, o: seen.append(n))
    assert seen == [1]  # the first failure is reported, the second stops the run
    assert time.monotonic() - started < 2


HOW = "run `lexcompare sources fetch` when online, or `lexcompare sources import DIR`"


@pytest.mark.parametrize(
    ("urls", "cached", "exit_code", "line"),
    [
        pytest.param(
            {"no/s0": "{closed}/x0", "no/s1": "{closed}/x1", "no/s2": "{closed}/x2"},
            ["no/s0"],
            3,
            f"official texts could not be fetched (offline): 2 of 3 instruments; {HOW}",
            id="offline-two-missing",
        ),
        pytest.param(
            {"no/up": "{server}/lovdata_no_chapters.html", "no/gone": "{server}/gone"},
            [],
            1,
            f"official texts could not be fetched: 1 of 2 instruments; {HOW}",
            id="one-not-found",
        ),
    ],
)
def test_cli_fetch_missing_quiet_says_in_one_line_what_is_missing_and_how_to_get_it(
    server: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    urls: dict[str, str],
    cached: list[str],
    exit_code: int,
    line: str,
) -> None:
    bases = {"closed": f"http://127.0.0.1:{_closed_port()}", "server": server}
    corpus = _corpus(tmp_path, {iid: url.format(**bases) for iid, url in urls.items()})
    texts = tmp_path / "texts"
    for iid in cached:
        store(texts, iid, (SAMPLES / "lovdata_no_chapters.html").read_bytes(), origin="a copy", title="", url=None)
    code = main(["--corpus", str(corpus), "--texts", str(texts), "sources", "fetch", "--missing", "--quiet"])
    out, err = capsys.readouterr()
    assert (code, out) == (exit_code, "")
    assert err.splitlines() == [line]


def test_cli_fetch_shows_progress_and_a_summary(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path, {"no/sample": f"{server}/lovdata_no_chapters.html"})
    code = main(["--corpus", str(corpus), "--texts", str(tmp_path / "texts"), "sources", "fetch"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "1/1 no/sample: new version, 3 provisions" in err
    assert "fetched 1 of 1; 1 new version(s)" in out
