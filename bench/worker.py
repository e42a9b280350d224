"""One measurement in a fresh process, so memory and cold-open figures belong to one engine only.

``python -m bench.worker TASK ...`` prints one JSON object on its last stdout
line.  Imports of either engine happen inside the task, after the process
started, so that a cold open pays for them.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import resource
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: hits per query, as a results page shows them
LIMIT = 20
#: marks the line the parent waits for when timing a cold open
FIRST_RESULT = "first-result"


def peak_mb() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _tree_kib(root: int) -> int:
    """Memory of process ``root`` and its descendants in KiB: the sum of their proportional set sizes
    (a page that n of them share counts 1/n in each), or of their resident sets where Linux tells no PSS."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            children[int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])].append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        with contextlib.suppress(OSError, ValueError, IndexError):
            sizes = dict(line.split()[:2] for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines())
            total += int(sizes.get("Pss:", sizes["Rss:"]))
    return total


@contextlib.contextmanager
def tree_peak() -> Iterator[list[float]]:
    """Sample, while the block runs, the memory of this process and of those it starts (a build's writer
    processes); the peak in MiB is in the yielded list afterwards (this process's own peak if higher)."""
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_kib(os.getpid()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    found: list[float] = []
    try:
        yield found
    finally:
        done.set()
        sampler.join()
        found.append(max(peak_mb(), round(peak[0] / 1024, 1)))


def tree_bytes(path: Path) -> int:
    """Bytes of a file, or of every file under a directory."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class Searcher:
    """A query runner for one engine: ``run(query)`` returns the number of matches."""

    def __init__(self, engine: str, index: Path):
        self.engine = engine
        if engine == "lexcompare":
            from indexer.search import open_index

            self.lex = open_index(index)
        else:
            from bench.fts5 import Reference

            self.fts = Reference(index)

    def run(self, query: dict[str, Any]) -> int:
        """Run one query of the mix (a :class:`bench.queries.Query` as JSON); the total it found."""
        if self.engine == "lexcompare":
            from indexer.filters import Filters

            text = f'"{query["text"]}"' if query["phrase"] else query["text"]
            result = self.lex.search(
                text, Filters.of(jurisdiction=query["jurisdictions"], topic=query["topics"]), limit=LIMIT
            )
            return result.total
        found = self.fts.search(
            query["text"],
            phrase=query["phrase"],
            jurisdictions=query["jurisdictions"],
            topics=query["topics"],
            limit=LIMIT,
        )
        return found.total


def task_build(engine: str, corpus_dir: Path, out: Path) -> dict[str, Any]:
    """Build one engine's index of ``corpus_dir`` at ``out``, from scratch."""
    from indexer.paths import texts_dir

    started = time.perf_counter()
    if engine == "lexcompare":
        from indexer.build import build

        with tree_peak() as peak:
            manifest = build(corpus_dir, out, texts_dir())
        documents = manifest["counts"]["documents"]
        size = tree_bytes(out / "current" / "")
        load_s = None
    else:
        from bench.fts5 import build as build_fts5
        from indexer.build import documents as index_documents
        from indexer.engine import TEXT_FIELDS
        from indexer.errors import CorpusError
        from indexer.sources.cache import official_texts
        from indexer.validate import check

        # the same load and validation lexcompare's build does, then the same documents
        corpus, problems = check(corpus_dir)
        if problems:
            raise CorpusError(f"{len(problems)} problem(s), first: {problems[0]}")
        load_s = time.perf_counter() - started
        with tree_peak() as peak:
            documents = build_fts5(out, index_documents(corpus, official_texts(corpus, texts_dir())), TEXT_FIELDS)
        size = tree_bytes(out)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "build_s": round(time.perf_counter() - started, 3),
        # what the build cost this process and the writer processes it started, whatever else ran meanwhile
        "build_cpu_s": round(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 3),
        "load_validate_s": None if load_s is None else round(load_s, 3),
        "documents": documents,
        "index_mb": round(size / 2**20, 2),
        "build_peak_mb": peak[0],
    }


def edited_summary(corpus_dir: Path) -> tuple[Path, str, str]:
    """The first instrument file with a summary, its text, and the text with that summary edited."""
    for path in sorted(corpus_dir.glob("*/*.yaml")):
        if path.name in ("practices.yaml", "coverage.yaml"):
            continue
        text = path.read_text(encoding="utf-8")
        plain = re.search(r'^ +summary: "?(?=[A-Za-z])', text, re.MULTILINE)  # a one-line value, maybe quoted
        if plain:
            return path, text, text[: plain.end()] + "Edited by the benchmark, " + text[plain.end() :]
    raise ValueError(f"{corpus_dir}: no instrument file with a summary")


def task_incremental(corpus_dir: Path, out: Path) -> dict[str, Any]:
    """Edit one provision's summary and rebuild the index at ``out``, then put the summary back and rebuild.

    The corpus is left as it was, and so is the index (as a full build of it would answer).
    """
    from indexer.build import build
    from indexer.paths import texts_dir

    path, before, after = edited_summary(corpus_dir)
    seconds, rewritten = [], []
    try:
        for text in (after, before):
            path.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            manifest = build(corpus_dir, out, texts_dir())
            seconds.append(round(time.perf_counter() - started, 3))
            rewritten.append(manifest["build"]["rewritten"] if manifest["build"]["mode"] == "incremental" else None)
    finally:
        path.write_text(before, encoding="utf-8")
    return {"incremental_s": seconds[0], "incremental_back_s": seconds[1], "rewritten": rewritten}


def task_first(engine: str, index: Path, query: dict[str, Any]) -> dict[str, Any]:
    """Open the index and answer one query; tell the waiting parent the moment the result is there."""
    total = Searcher(engine, index).run(query)
    print(FIRST_RESULT, flush=True)
    return {"total": total}


def task_queries(engine: str, index: Path, mix: list[dict[str, Any]], warmup: int) -> dict[str, Any]:
    """Run the mix once (after ``warmup`` unmeasured queries); latencies per kind in ms."""
    from bench.queries import FTS5_KINDS

    searcher = Searcher(engine, index)
    for query in mix[:warmup]:
        searcher.run(query)
    latencies: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    found: dict[str, int] = defaultdict(int)
    matches: dict[str, list[int]] = defaultdict(list)
    for query in mix:
        if engine == "fts5" and query["kind"] not in FTS5_KINDS:
            continue
        started, started_cpu = time.perf_counter(), time.process_time()
        total = searcher.run(query)
        latencies[query["kind"]].append((time.perf_counter() - started) * 1000)
        cpu[query["kind"]].append((time.process_time() - started_cpu) * 1000)
        found[query["kind"]] += total > 0
        matches[query["kind"]].append(total)
    return {
        "latencies_ms": latencies,
        "cpu_ms": cpu,
        "found": found,
        # the work behind the latencies: lexcompare's plain words match any of them, FTS5's every one
        "matches_median": {kind: statistics.median(totals) for kind, totals in matches.items()},
        "query_peak_mb": peak_mb(),
    }


def task_matrix(corpus_dir: Path, repeat: int) -> dict[str, Any]:
    """Time the compare matrix over every jurisdiction × every topic."""
    from indexer.compare import coverage_matrix
    from indexer.load import load_corpus

    corpus, _ = load_corpus(corpus_dir)
    gc.freeze()  # as the app does once it has loaded the corpus it keeps for the life of the process
    jurisdictions, topics = sorted(corpus.jurisdictions), sorted(corpus.topics)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        coverage_matrix(corpus, jurisdictions, topics)
        times.append((time.perf_counter() - started) * 1000)
    return {"latencies_ms": times, "cells": len(jurisdictions) * len(topics)}


def task_mix(corpus_dir: Path, out: Path, per_kind: int, seed: int) -> dict[str, Any]:
    """Draw the query mix of ``corpus_dir`` and write it to ``out`` as JSON."""
    from bench.queries import query_mix
    from indexer.load import load_corpus

    corpus, _ = load_corpus(corpus_dir)
    mix = [q.to_json() for q in query_mix(corpus, per_kind, seed)]
    out.write_text(json.dumps(mix, ensure_ascii=False), encoding="utf-8")
    return {"queries": len(mix), "provisions": len(corpus.provisions)}


def main(argv: list[str] | None = None) -> int:
    """Run one task and print its JSON result as the last line."""
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("task", choices=["build", "incremental", "first", "queries", "matrix", "mix"])
    parser.add_argument("--engine", choices=["lexcompare", "fts5"], default="lexcompare")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--mix", type=Path)
    parser.add_argument("--query", type=json.loads)
    parser.add_argument("--per-kind", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    if args.task == "build":
        result = task_build(args.engine, args.corpus, args.index)
    elif args.task == "incremental":
        result = task_incremental(args.corpus, args.index)
    elif args.task == "first":
        result = task_first(args.engine, args.index, args.query)
    elif args.task == "queries":
        mix = json.loads(args.mix.read_text(encoding="utf-8"))
        result = task_queries(args.engine, args.index, mix, args.warmup)
    elif args.task == "matrix":
        result = task_matrix(args.corpus, args.repeat)
    else:
        result = task_mix(args.corpus, args.mix, args.per_kind, args.seed)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
