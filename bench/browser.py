"""First paint in real Chromium: a fresh open of each app page, and an in-app click, on the real corpus.

``python -m bench.browser [--runs 5]`` (with ``LEXCOMPARE_CORPUS`` / ``LEXCOMPARE_INDEX`` set) starts
``lexcompare app`` as a user does and prints JSON:

* ``streamlit_start_s``: from starting the command to the server answering its health check;
* ``first_visit_ms``: the first page view of the fresh server (the corpus and the index are loaded);
* ``fresh_open``: per page, a new browser context (no session, no cache) navigating to the page's URL,
  to its first content (the page's title in the main area); ``shell_ms`` is the part before the
  Streamlit client has drawn its empty frame (HTML, scripts, the connection: Streamlit's own);
* ``click``: per page, from a click on its link in the sidebar of an open page to its title;
* ``floor``: a fresh open of a Streamlit page that only shows a title, served the same way: what Streamlit
  itself costs on this machine now, whatever the app does (measured in turn with the app's pages, so
  that both see the same load).

Times are milliseconds, median (``p50_ms``) and p95 of ``--runs`` runs.  Chromium is
``/usr/bin/chromium``; without it the run is skipped with a reason.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.apppages import QUERY_PARAMS, VIEWS
from bench.load import CHROMIUM, CHROMIUM_ARGS, free_port, running_app, serving
from bench.report import percentiles
from bench.run import WorkerFailed, run_module

RUNS = 5
DEFAULT_PAGE = "search"
SHELL = "[data-testid='stApp']"
CONTENT = "[data-testid='stMain'] h1"
BUSY = "[data-testid='stStatusWidget']"  # shown while the script runs
TIMEOUT_MS = 60_000
#: the floor: a page with nothing of ours on it
FLOOR_APP = 'import streamlit as st\n\nst.title("An empty Streamlit page")\n'


def _url(base: str, page: str) -> str:
    params = QUERY_PARAMS.get(page, {})
    path = "" if page == DEFAULT_PAGE else page  # the default page lives at the root ("/search" is not found)
    return f"{base}/{path}" + (f"?{urlencode(params)}" if params else "")


def measure(corpus_dir: Path, index_dir: Path, runs: int) -> dict[str, Any]:
    """Every figure of the module docstring, against one app started here."""
    from playwright.sync_api import sync_playwright

    pages = sorted(path.stem for path in VIEWS.glob("*.py"))
    with tempfile.TemporaryDirectory(prefix="lexcompare-browser-") as tmp:
        started = time.perf_counter()
        with running_app(corpus_dir, index_dir, Path(tmp) / "texts", Path(tmp) / "app.log") as base:
            start_s = time.perf_counter() - started
            with _floor_app(Path(tmp)) as floor_base, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    first_visit = _fresh_open(browser, _url(base, DEFAULT_PAGE))[1]
                    _fresh_open(browser, floor_base)  # its first visit, too
                    opens: dict[str, list[tuple[float, float]]] = {page: [] for page in [*pages, FLOOR]}
                    for _ in range(runs):  # in turn, so that a change of load touches every page alike
                        opens[FLOOR].append(_fresh_open(browser, floor_base))
                        for page in pages:
                            opens[page].append(_fresh_open(browser, _url(base, page)))
                    click = {page: _clicks(browser, base, page, runs) for page in pages if page != DEFAULT_PAGE}
                finally:
                    browser.close()
    fresh = {page: _summary(times) for page, times in opens.items()}
    return {
        "streamlit_start_s": round(start_s, 3),
        "first_visit_ms": round(first_visit, 1),
        "floor": fresh.pop(FLOOR),
        "fresh_open": fresh,
        "click": click,
        "runs": runs,
    }


FLOOR = ""  # the floor's key among the pages while they are measured (no page is called so)


@contextmanager
def _floor_app(folder: Path) -> Iterator[str]:
    """The floor page, served as ``lexcompare app`` serves the app (headless, no usage statistics)."""
    script = folder / "floor.py"
    script.write_text(FLOOR_APP, encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with serving(command, port, folder / "floor.log") as url:
        yield url


def _fresh_open(browser: Any, url: str) -> tuple[float, float]:
    """(ms to Streamlit's empty frame, ms to the page's first content) of one navigation in a new context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_selector(SHELL, state="attached", timeout=TIMEOUT_MS)
        shell = time.perf_counter()
        page.wait_for_selector(CONTENT, state="visible", timeout=TIMEOUT_MS)
        done = time.perf_counter()
    finally:
        context.close()
    return (shell - started) * 1000, (done - started) * 1000


def _summary(opens: list[tuple[float, float]]) -> dict[str, Any]:
    shells, contents = zip(*opens, strict=True)
    return {**percentiles(list(contents)), "shell_p50_ms": percentiles(list(shells))["p50_ms"]}


def _clicks(browser: Any, base: str, target: str, runs: int) -> dict[str, Any]:
    """ms from clicking ``target``'s sidebar link on the search page to ``target``'s title."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    times = []
    try:
        page = context.new_page()
        for _ in range(runs):
            page.goto(_url(base, DEFAULT_PAGE), timeout=TIMEOUT_MS)
            title = page.wait_for_selector(CONTENT, state="visible", timeout=TIMEOUT_MS)
            before = title.inner_text() if title else ""
            # the page is inert while its script runs: click once it has finished, as a reader would
            page.wait_for_function(f"() => !document.querySelector({BUSY!r})", timeout=TIMEOUT_MS)
            link = page.get_by_role("link", name=target.title(), exact=True)  # the navigation menu's entry
            started = time.perf_counter()
            link.click(timeout=TIMEOUT_MS)
            page.wait_for_function(
                "([sel, before]) => { const h = document.querySelector(sel); return h && h.innerText !== before; }",
                arg=[CONTENT, before],
                timeout=TIMEOUT_MS,
            )
            times.append((time.perf_counter() - started) * 1000)
    finally:
        context.close()
    return percentiles(times)


def measure_browser(corpus_dir: Path, index_dir: Path, runs: int = RUNS, timeout: float = 1800) -> dict[str, Any]:
    """Run this module in a fresh process against ``index_dir``; its figures, or why they were skipped."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    env = dict(os.environ, LEXCOMPARE_CORPUS=str(corpus_dir), LEXCOMPARE_INDEX=str(index_dir))
    try:
        return run_module("bench.browser", "--runs", str(runs), timeout=timeout, env=env)
    except WorkerFailed as exc:
        return {"skipped": f"the browser run failed: {str(exc)[-500:]}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    from indexer.paths import corpus_dir, index_dir

    print(json.dumps(measure(corpus_dir(), index_dir(), max(1, args.runs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
