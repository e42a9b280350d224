"""The benchmark end to end at its smallest size: it finishes and writes its JSON (never a timed check)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.queries import FTS5_KINDS, KINDS
from bench.run import ROOT

ENGINE_FIGURES = {
    "build_s",
    "build_cpu_s",
    "index_mb",
    "build_peak_mb",
    "cold_open_s",
    "query_peak_mb",
    "queries",
    "queries_cpu",
    "matches_median",
}
PERCENTILES = {"p50_ms", "p95_ms", "p99_ms", "n"}


@pytest.mark.slow
def test_bench_smallest_size_writes_its_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--size",
            "1000",
            "--queries",
            "3",
            "--no-real",
            "--cache",
            str(tmp_path / "cache"),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "synthetic-1000" in done.stdout  # the table is printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) == {"environment", "runs", "app_pages", "browser", "targets"}
    assert all(set(t) == {"target", "met"} for t in report["targets"])
    (run,) = report["runs"]
    assert run["provisions"] == 1000
    assert run["documents"] > 1000  # provisions and good practices
    ours, theirs = run["engines"]["lexcompare"], run["engines"]["fts5"]
    assert set(ours) >= ENGINE_FIGURES
    assert set(theirs) >= ENGINE_FIGURES
    assert set(ours["queries"]) == set(KINDS)
    assert set(theirs["queries"]) == set(FTS5_KINDS)
    assert all(set(figures) == PERCENTILES and figures["n"] == 3 for figures in ours["queries"].values())
    assert set(ours["matches_median"]) == set(KINDS)
    assert set(theirs["matches_median"]) == set(FTS5_KINDS)
    assert not any(key.startswith("matches_median.") for key in run["ratio"])  # information, not a target
    assert set(ours["compare_matrix"]) == PERCENTILES
    assert all(value > 0 for value in run["ratio"].values())
    assert {"build_s", "cold_open_s", "queries.phrase.p95_ms"} <= set(run["ratio"])
    assert report["app_pages"] == {"skipped": "--no-real"}
    assert report["browser"] == {"skipped": "--no-real"}
    assert ours["incremental_s"] > 0
    assert ours["incremental_back_s"] > 0


def test_bench_rejects_bad_arguments_without_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--size", "3"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "--size must be at least 10" in done.stderr
    assert "Traceback" not in done.stderr
