"""Figures: percentiles, the lexcompare/FTS5 ratios, the printed table."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from typing import Any

ENGINES = ("lexcompare", "fts5")


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50, p95 and p99 (interpolated between samples) and the sample count."""
    if len(samples_ms) < 2:
        only = round(samples_ms[0], 3) if samples_ms else float("nan")
        return {"p50_ms": only, "p95_ms": only, "p99_ms": only, "n": len(samples_ms)}
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49], 3),
        "p95_ms": round(cuts[94], 3),
        "p99_ms": round(cuts[98], 3),
        "n": len(samples_ms),
    }


def flatten(figures: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """``{"queries": {"phrase": {"p50_ms": 3}}}`` -> ``{"queries.phrase.p50_ms": 3}`` (numbers only)."""
    out: dict[str, float] = {}
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        elif isinstance(value, int | float) and not isinstance(value, bool) and key != "n":
            out[name] = value
    return out


#: figures shown side by side for information, without a ratio: the matches of a query kind (median) say how
#: much work each engine's answer is (lexcompare's plain words match any of them, FTS5's every one)
INFORMATION = ("matches_median.",)


def ratios(lexcompare: dict[str, Any], fts5: dict[str, Any]) -> dict[str, float]:
    """lexcompare / FTS5 for every figure both engines have (a ratio > 1: lexcompare is slower or bigger)."""
    ours, theirs = flatten(lexcompare), flatten(fts5)
    return {
        key: round(ours[key] / theirs[key], 2) for key in ours if theirs.get(key) and not key.startswith(INFORMATION)
    }


def _cell(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


def table(run: dict[str, Any]) -> str:
    """One dataset's figures side by side: figure, lexcompare, FTS5, ratio."""
    ours = flatten(run["engines"].get("lexcompare", {}))
    theirs = flatten(run["engines"].get("fts5", {}))
    names = list(ours) + [k for k in theirs if k not in ours]
    width = max((len(n) for n in names), default=10)
    lines = [
        f"== {run['name']}: {run['provisions']} provisions, {run['documents']} documents",
        f"{'figure':<{width}}  {'lexcompare':>12}  {'fts5':>12}  {'ratio':>7}",
    ]
    for name in names:
        ratio = run["ratio"].get(name)
        lines.append(
            f"{name:<{width}}  {_cell(ours.get(name)):>12}  {_cell(theirs.get(name)):>12}  "
            f"{'' if ratio is None else f'{ratio:.2f}':>7}"
        )
    return "\n".join(lines)


def pages_table(pages: dict[str, Any]) -> str:
    """The app pages' server-side times, or why they were not measured."""
    if "skipped" in pages:
        return f"== app pages: skipped ({pages['skipped']})"
    lines = [
        "== app pages on the real corpus (server-side, ms)",
        f"{'first visit (corpus and index loaded)':<40}  {_cell(pages['first_visit_ms'])}",
    ]
    lines += [f"{name:<40}  {_format_page(figures)}" for name, figures in pages["pages"].items()]
    return "\n".join(lines)


def _format_page(figures: dict[str, Any]) -> str:
    if "error" in figures:
        return f"error: {figures['error']}"
    return f"p50 {_cell(figures['p50_ms'])}  p95 {_cell(figures['p95_ms'])}  (n={figures['n']})"


def _query_targets(run: dict[str, Any], p95_ms: float, p50_ms: float | None = None) -> list[tuple[str, bool]]:
    out = []
    for kind, figures in run["engines"]["lexcompare"]["queries"].items():
        out.append((f"{run['name']}: {kind} p95 {figures['p95_ms']:.1f} ms <= {p95_ms:g}", figures["p95_ms"] <= p95_ms))
        if p50_ms is not None:
            out.append(
                (f"{run['name']}: {kind} p50 {figures['p50_ms']:.1f} ms <= {p50_ms:g}", figures["p50_ms"] <= p50_ms)
            )
    return out


def _ratio_targets(run: dict[str, Any]) -> list[tuple[str, bool]]:
    """Issue 16 at 10k provisions: each figure against FTS5 on the same documents, in the same run."""
    ours, ratio, name = run["engines"]["lexcompare"], run["ratio"], run["name"]
    checks: list[tuple[str, bool]] = []
    for key, what, most in (("build_s", "full build", 3), ("cold_open_s", "cold open", 3)):
        if key in ratio:
            checks.append((f"{name}: {what} {ratio[key]:.2f}x FTS5 <= {most}", ratio[key] <= most))
    for kind in ours["queries"]:
        for cut in ("p50_ms", "p95_ms"):
            value = ratio.get(f"queries.{kind}.{cut}")
            if value is not None:
                checks.append((f"{name}: {kind} {cut[:3]} {value:.2f}x FTS5 <= 2", value <= 2))
    if "build_peak_mb" in ours:
        peak = ours["build_peak_mb"]
        checks.append((f"{name}: build peak memory {peak:.0f} MB <= 400", peak <= 400))
    if "incremental_s" in ours:
        seconds = ours["incremental_s"]
        checks.append((f"{name}: one-summary incremental build {seconds:.1f} s <= 5", seconds <= 5))
    return checks


def browser_targets(browser: dict[str, Any]) -> list[tuple[str, bool]]:
    """Issue 16 in real Chromium on the real corpus: fresh opens and in-app clicks, medians."""
    checks: list[tuple[str, bool]] = []
    for page, figures in browser.get("fresh_open", {}).items():
        if "p50_ms" in figures:
            median = figures["p50_ms"]
            checks.append((f"browser: fresh open of {page} median {median:.0f} ms <= 1200", median <= 1200))
    for page, figures in browser.get("click", {}).items():
        if "p50_ms" in figures:
            median = figures["p50_ms"]
            checks.append((f"browser: click to {page} median {median:.0f} ms <= 400", median <= 400))
    return checks


def targets(runs: Iterable[dict[str, Any]], browser: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Issue 6's and issue 16's targets, each with the figure it rests on and whether it is met.

    10k provisions: every query kind p95 <= 100 ms and p50 <= 25 ms, p50 within 3x of FTS5
    where both answer, build <= 60 s, cold open <= 1 s; the real corpus: every kind p95 <= 20 ms;
    the compare matrix <= 100 ms (p95, every corpus); 100k provisions: every kind p95 <= 500 ms.

    Issue 16, 10k provisions against FTS5 in the same run: full build <= 3x, cold open <= 3x, every
    query kind p50 and p95 <= 2x; build peak memory <= 400 MB; a one-summary incremental build <= 5 s.
    100k: full build <= 5 min, every kind p95 <= 200 ms.  Browser (real corpus): a fresh open of any
    page to its first content <= 1.2 s and an in-app click <= 0.4 s, medians.
    """
    checks: list[tuple[str, bool]] = []
    for run in runs:
        if run["name"] == "synthetic-10000":
            checks += _ratio_targets(run)
        elif run["name"] == "synthetic-100000":
            build_s = run["engines"]["lexcompare"]["build_s"]
            checks.append((f"{run['name']}: full build {build_s:.0f} s <= 300", build_s <= 300))
            checks += _query_targets(run, 200)
        ours = run["engines"]["lexcompare"]
        matrix = ours["compare_matrix"]["p95_ms"]
        checks.append((f"{run['name']}: compare matrix p95 {matrix:.1f} ms <= 100", matrix <= 100))
        if run["name"] == "synthetic-10000":
            checks += _query_targets(run, 100, 25)
            for kind in ours["queries"]:
                ratio = run["ratio"].get(f"queries.{kind}.p50_ms")
                if ratio is not None:
                    checks.append((f"{run['name']}: {kind} p50 {ratio:.2f}x FTS5 <= 3", ratio <= 3))
            checks.append((f"{run['name']}: build {ours['build_s']:.1f} s <= 60", ours["build_s"] <= 60))
            checks.append((f"{run['name']}: cold open {ours['cold_open_s']:.2f} s <= 1", ours["cold_open_s"] <= 1))
        elif run["name"] == "real":
            checks += _query_targets(run, 20)
        elif run["name"] == "synthetic-100000":
            checks += _query_targets(run, 500)
    checks += browser_targets(browser or {})
    return [{"target": text, "met": met} for text, met in checks]


def browser_table(browser: dict[str, Any]) -> str:
    """Fresh opens and clicks in Chromium, or why they were not measured."""
    if "skipped" in browser:
        return f"== browser: skipped ({browser['skipped']})"
    lines = [
        f"== browser, real corpus (ms; median and p95 of {browser['runs']})",
        f"{'Streamlit server start (to its health check)':<44}  {browser['streamlit_start_s'] * 1000:,.0f}",
        f"{'first visit of the fresh server':<44}  {_cell(browser['first_visit_ms'])}",
    ]
    if "floor" in browser:
        floor = browser["floor"]
        lines.append(f"{'fresh open: an empty Streamlit page (floor)':<44}  {_format_page(floor)}")
    for page, figures in browser["fresh_open"].items():
        shell = f"  (Streamlit's frame at {_cell(figures['shell_p50_ms'])})"
        lines.append(f"{'fresh open: ' + page:<44}  {_format_page(figures)}{shell}")
    lines += [f"{'click to: ' + page:<44}  {_format_page(figures)}" for page, figures in browser["click"].items()]
    return "\n".join(lines)


def render(runs: list[dict[str, Any]], pages: dict[str, Any], browser: dict[str, Any] | None = None) -> str:
    """The whole printed report: a table per corpus, the app pages, the browser, the targets."""
    browser = browser or {"skipped": "not run"}
    checked = targets(runs, browser)
    lines = ["== targets (issues 6 and 16)"]
    lines += [f"{'met    ' if t['met'] else 'NOT MET'}  {t['target']}" for t in checked]
    return "\n\n".join([*(table(run) for run in runs), pages_table(pages), browser_table(browser), "\n".join(lines)])
