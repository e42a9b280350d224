"""The benchmark run: for each corpus, build, cold-open and query both engines, each in a fresh process."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.queries import KINDS
from bench.report import ENGINES, percentiles, ratios
from bench.worker import FIRST_RESULT

ROOT = Path(__file__).resolve().parent.parent
#: a build of 100k provisions takes a while on two cores; nothing should take longer than this
TASK_SECONDS = 3 * 3600
COLD_OPENS = 3


class WorkerFailed(RuntimeError):
    """A measurement process exited with an error (its stderr is in the message)."""


def run_module(module: str, *args: str, timeout: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``python -m MODULE ARGS`` in a fresh process; the JSON it printed last, or :class:`WorkerFailed`."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise WorkerFailed(f"{module} {' '.join(args[:1])} failed:\n{done.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def worker(*args: str, timeout: float = TASK_SECONDS) -> dict[str, Any]:
    """Run ``python -m bench.worker ARGS`` and return the JSON it printed last."""
    return run_module("bench.worker", *args, timeout=timeout)


def cold_open_seconds(engine: str, index: Path, query: dict[str, Any]) -> float:
    """Seconds from starting a fresh Python process to its first result (interpreter start included)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.worker",
            "first",
            "--engine",
            engine,
            "--index",
            str(index),
            "--query",
            json.dumps(query),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    elapsed = None
    for line in proc.stdout:
        if line.strip() == FIRST_RESULT:
            elapsed = time.perf_counter() - started
            break
    _, err = proc.communicate(timeout=TASK_SECONDS)
    if elapsed is None or proc.returncode != 0:
        raise WorkerFailed(f"bench.worker first failed:\n{err.strip()[-2000:]}")
    return elapsed


def index_path(work: Path, engine: str) -> Path:
    """Where one engine's index of this dataset lives."""
    return work / ("lexcompare-index" if engine == "lexcompare" else "fts5.sqlite")


def measure_engine(
    engine: str, corpus_dir: Path, work: Path, mix_path: Path, first: dict[str, Any], edit: bool
) -> dict[str, Any]:
    """Build, cold-open and query one engine on one corpus: its figures and how many queries found something.

    With ``edit``, lexcompare's index is also rebuilt after one summary of the corpus is edited (and put back).
    """
    index = index_path(work, engine)
    if index.is_dir():
        shutil.rmtree(index)
    index.unlink(missing_ok=True)
    log(f"  {engine}: build")
    figures = worker("build", "--engine", engine, "--corpus", str(corpus_dir), "--index", str(index))
    documents = figures.pop("documents")
    if figures["load_validate_s"] is None:
        del figures["load_validate_s"]
    if engine == "lexcompare" and edit:
        log(f"  {engine}: incremental build (one summary edited, then put back)")
        incremental = worker("incremental", "--corpus", str(corpus_dir), "--index", str(index))
        figures["incremental_s"] = incremental["incremental_s"]
        figures["incremental_back_s"] = incremental["incremental_back_s"]
    log(f"  {engine}: cold open")
    figures["cold_open_s"] = round(
        statistics.median(cold_open_seconds(engine, index, first) for _ in range(COLD_OPENS)), 3
    )
    log(f"  {engine}: queries")
    measured = worker("queries", "--engine", engine, "--index", str(index), "--mix", str(mix_path))
    figures["query_peak_mb"] = measured["query_peak_mb"]
    latencies, cpu = measured["latencies_ms"], measured["cpu_ms"]
    figures["queries"] = {kind: percentiles(latencies[kind]) for kind in KINDS if kind in latencies}
    figures["queries_cpu"] = {kind: percentiles(cpu[kind]) for kind in KINDS if kind in cpu}
    figures["matches_median"] = {kind: measured["matches_median"][kind] for kind in KINDS if kind in cpu}
    found = {kind: f"{n}/{len(measured['latencies_ms'][kind])}" for kind, n in measured["found"].items()}
    return {"figures": figures, "documents": documents, "found": found}


def run_dataset(name: str, corpus_dir: Path, work: Path, per_kind: int, seed: int) -> dict[str, Any]:
    """Every figure of one corpus for both engines, plus the compare matrix."""
    log(f"{name}: {corpus_dir}")
    work.mkdir(parents=True, exist_ok=True)
    mix_path = work / "mix.json"
    mix_info = worker(
        "mix", "--corpus", str(corpus_dir), "--mix", str(mix_path), "--per-kind", str(per_kind), "--seed", str(seed)
    )
    mix = json.loads(mix_path.read_text(encoding="utf-8"))
    first = next(q for q in mix if q["kind"] == "one-term")
    run: dict[str, Any] = {"name": name, "provisions": mix_info["provisions"], "engines": {}, "found": {}}
    for engine in ENGINES:
        # the real corpus is the checkout's own: the benchmark edits only synthetic ones
        measured = measure_engine(engine, corpus_dir, work, mix_path, first, edit=name != "real")
        run["engines"][engine] = measured["figures"]
        run["found"][engine] = measured["found"]
        run["documents"] = measured["documents"]
    log("  compare matrix")
    matrix = worker("matrix", "--corpus", str(corpus_dir))
    run["engines"]["lexcompare"]["compare_matrix"] = percentiles(matrix["latencies_ms"])
    run["compare_matrix_cells"] = matrix["cells"]
    run["ratio"] = ratios(run["engines"]["lexcompare"], run["engines"]["fts5"])
    return run


def compile_bytecode() -> bool:
    """Write the bytecode of the code a cold open runs, as installing a package does (pip compiles what it
    installs; a Python started with PYTHONDONTWRITEBYTECODE would otherwise compile our modules on every
    start, about 17 ms of a 10k cold open). True if every module compiled."""
    import compileall

    return all(compileall.compile_dir(ROOT / package, quiet=1) for package in ("indexer", "bench"))


def environment() -> dict[str, Any]:
    """What the figures were measured on."""
    import platform
    import sqlite3

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "commit": commit,
        # other work on the machine skews every figure; the load says how much there was
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the table."""
    print(message, file=sys.stderr, flush=True)
