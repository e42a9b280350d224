"""Load test on 127.0.0.1: many searches at once through the library, many browser sessions against the app.

``python -m bench.load [--index DIR] [--threads 8] [--queries 400] [--sessions 20] [--rounds 2] [--json PATH]``

* **library**: ``--threads`` threads share one open index (as the app's
  sessions share its cached one) and run ``--queries`` searches of the
  benchmark's query mix between them.  Every total is compared with the same
  query run alone first, so a race that changes an answer counts as an error.
* **app**: ``lexcompare app`` is started on a free loopback port; ``--sessions``
  Chromium pages (each its own Streamlit session) open search URLs at the same
  time, ``--rounds`` each, and wait for the results heading.

Both phases are bounded in count and in time (``--seconds`` each) and stop by
themselves.  The report gives throughput, latency p50/p95 and the errors
(expected: none); the exit status is 1 when there were errors.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.queries import query_mix
from bench.report import percentiles
from bench.run import ROOT
from bench.worker import Searcher
from indexer.build import build
from indexer.load import load_corpus

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_HEADING = re.compile(r"^\d+ (records|results?)$")
APP_START_SECONDS = 90
PAGE_SECONDS = 60  # for one page to show its results; a loaded machine may need more


def _summary(latencies_ms: list[float], errors: list[str], wall_seconds: float, unit: str) -> dict[str, Any]:
    figures = percentiles(latencies_ms) if latencies_ms else {"n": 0}
    return {
        unit: len(latencies_ms),
        "wall_seconds": round(wall_seconds, 3),
        "throughput_per_second": round(len(latencies_ms) / wall_seconds, 2) if wall_seconds else 0.0,
        "p50_ms": figures.get("p50_ms"),
        "p95_ms": figures.get("p95_ms"),
        "errors": len(errors),
        "error_samples": errors[:5],
    }


# --- library ----------------------------------------------------------------------------------


def library_load(corpus_dir: Path, index_dir: Path, threads: int, queries: int, seconds: float) -> dict[str, Any]:
    """``queries`` searches spread over ``threads`` threads sharing one open index; each answer checked."""
    mix = [q.to_json() for q in query_mix(load_corpus(corpus_dir)[0], per_kind=8, seed=7)]
    searcher = Searcher("lexcompare", index_dir)
    expected = [searcher.run(q) for q in mix]  # each query alone: the answer concurrency must not change
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(queries))

    def work() -> None:
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            q = mix[n % len(mix)]
            started = time.perf_counter()
            try:
                total = searcher.run(q)
            except Exception as exc:  # noqa: BLE001 - every failure is a finding of the load test
                with lock:
                    errors.append(f"{q['text']!r}: {type(exc).__name__}: {exc}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if total != expected[n % len(mix)]:
                    errors.append(f"{q['text']!r}: {total} results under load, {expected[n % len(mix)]} alone")

    started = time.perf_counter()
    workers = [threading.Thread(target=work, name=f"load-{i}") for i in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(seconds + 60)
    wall = time.perf_counter() - started
    if len(latencies) + len(errors) < queries:
        errors.append(f"stopped at the {seconds:.0f} s limit after {len(latencies)} of {queries} searches")
    return {"threads": threads, **_summary(latencies, errors, wall, "searches")}


# --- app --------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_app(corpus_dir: Path, index_dir: Path, texts_dir: Path, log_path: Path) -> Iterator[str]:
    """``lexcompare app`` on a free loopback port, as a user starts it; yields its base URL, stops it after."""
    port = free_port()
    command = [sys.executable, "-m", "indexer.cli", "--corpus", str(corpus_dir), "--index", str(index_dir)]
    command += ["--texts", str(texts_dir), "app", "--address", "127.0.0.1", "--port", str(port)]
    with serving(command, port, log_path) as url:
        yield url


@contextmanager
def serving(command: list[str], port: int, log_path: Path) -> Iterator[str]:
    """A Streamlit server started by ``command`` on ``port``, once it answers; stopped (with its children) after."""
    with log_path.open("w") as log:
        # a session of its own, so that stopping it also stops the Streamlit server it starts
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + APP_START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def search_paths(corpus_dir: Path, count: int) -> list[str]:
    """``count`` search URLs (path and query string) from the query mix, with their filters."""
    mix = query_mix(load_corpus(corpus_dir)[0], per_kind=4, seed=11)
    paths = []
    for q in itertools.islice(itertools.cycle(mix), count):
        params: list[tuple[str, str]] = [("q", f'"{q.text}"' if q.phrase else q.text)]
        params += [("j", j) for j in q.jurisdictions] + [("t", t) for t in q.topics]
        paths.append("/search?" + urlencode(params))
    return paths


@dataclass(frozen=True)
class Sessions:
    """The app phase: how many browser sessions, how many pages each, and its limits in seconds."""

    sessions: int = 20
    rounds: int = 2
    seconds: float = 300  # the whole phase
    page_seconds: float = PAGE_SECONDS  # one page, from the request to its results


class _Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors: list[str] = []


async def _session(browser: Any, url: str, paths: list[str], plan: Sessions, tally: _Tally) -> None:
    context = await browser.new_context(base_url=url)
    page = await context.new_page()
    try:
        for path in paths:
            started = time.perf_counter()
            try:
                await page.goto(path, timeout=plan.page_seconds * 1000)
                heading = page.locator("[data-testid='stMain'] h2").filter(has_text=RESULTS_HEADING)
                await heading.first.wait_for(timeout=plan.page_seconds * 1000)
                if await page.locator("[data-testid='stException']").count():
                    raise RuntimeError("the page shows an exception")
            except Exception as exc:  # noqa: BLE001 - every failure is a finding of the load test
                tally.errors.append(f"{path}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                continue
            tally.latencies.append((time.perf_counter() - started) * 1000)
    finally:
        await context.close()


async def _drive(url: str, paths: list[str], plan: Sessions) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    warm, tally = _Tally(), _Tally()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # the first visitor waits for the corpus and index to open: measured apart from the load
            await _session(browser, url, paths[:1], plan, warm)
            # every session opens its first page at the same moment, then goes on through its own URLs
            n = plan.sessions
            tasks = [
                _session(browser, url, [paths[(s + r * n) % len(paths)] for r in range(plan.rounds)], plan, tally)
                for s in range(n)
            ]
            started = time.perf_counter()
            try:
                await asyncio.wait_for(asyncio.gather(*tasks), timeout=plan.seconds)
            except TimeoutError:
                tally.errors.append(
                    f"stopped at the {plan.seconds:.0f} s limit after {len(tally.latencies)} page loads"
                )
            wall = time.perf_counter() - started
        finally:
            await browser.close()
    return {
        "sessions": plan.sessions,
        "rounds": plan.rounds,
        "first_load_ms": round(warm.latencies[0], 1) if warm.latencies else None,
        **_summary(tally.latencies, warm.errors + tally.errors, wall, "page_loads"),
    }


def app_load(corpus_dir: Path, index_dir: Path, texts_dir: Path, plan: Sessions, log_path: Path) -> dict[str, Any]:
    """Concurrent browser sessions opening search pages of a freshly started app, as ``plan`` says."""
    paths = search_paths(corpus_dir, plan.sessions * plan.rounds)
    with running_app(corpus_dir, index_dir, texts_dir, log_path) as url:
        return asyncio.run(_drive(url, paths, plan))


# --- command line -----------------------------------------------------------------------------


def render(report: dict[str, Any]) -> str:
    """The report as a few lines of text."""
    lines = []
    for name, unit in (("library", "searches"), ("app", "page_loads")):
        phase = report.get(name)
        if not phase:
            continue
        who = f"{phase['threads']} threads" if name == "library" else f"{phase['sessions']} sessions"
        lines.append(
            f"{name:<8} {who:<12} {phase[unit]:>5} {unit.replace('_', ' ')} in {phase['wall_seconds']:.1f} s: "
            f"{phase['throughput_per_second']:.1f}/s, p50 {phase['p50_ms']} ms, p95 {phase['p95_ms']} ms, "
            f"{phase['errors']} errors"
        )
        if name == "app":
            lines.append(f"         first page load (opens the corpus and index): {phase['first_load_ms']} ms")
        lines += [f"         error: {e}" for e in phase["error_samples"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the load test; 0 without errors, 1 with errors."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--index", type=Path, help="an index of --corpus (default: build one in a temporary directory)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--queries", type=int, default=400, help="searches in the library phase (0: skip it)")
    parser.add_argument("--sessions", type=int, default=20, help="browser sessions in the app phase (0: skip it)")
    parser.add_argument("--rounds", type=int, default=2, help="search pages each session opens")
    parser.add_argument("--seconds", type=float, default=300, help="time limit of each phase")
    parser.add_argument("--page-seconds", type=float, default=PAGE_SECONDS, help="time limit of one page load")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lexcompare-load-") as tmp:
        work = Path(tmp)
        index = args.index
        if index is None:
            index = work / "index"
            build(args.corpus, index, work / "texts")
        report: dict[str, Any] = {"corpus": str(args.corpus)}
        if args.queries > 0:
            report["library"] = library_load(args.corpus, index, args.threads, args.queries, args.seconds)
        if args.sessions > 0:
            plan = Sessions(args.sessions, args.rounds, args.seconds, args.page_seconds)
            report["app"] = app_load(args.corpus, index, work / "texts", plan, work / "app.log")
    print(render(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2), "utf-8")
    return 1 if any(report.get(p, {}).get("errors") for p in ("library", "app")) else 0


if __name__ == "__main__":
    sys.exit(main())
