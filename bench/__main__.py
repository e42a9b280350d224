"""``python -m bench --size N [--size N ...] --json PATH``: measure, print the table, write the JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from bench.apppages import measure_pages
from bench.browser import measure_browser
from bench.generate import cached_corpus
from bench.report import render, targets
from bench.run import ROOT, WorkerFailed, compile_bytecode, environment, log, run_dataset


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` to ``path`` whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when every figure was measured, 1 on a failed measurement, 2 on bad input."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--size",
        type=int,
        action="append",
        default=[],
        help="provisions in a synthetic corpus (repeat for several sizes)",
    )
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(user_cache_dir("lexcompare")) / "bench",
        help="where synthetic corpora and indexes are kept (default: %(default)s)",
    )
    parser.add_argument("--queries", type=int, default=50, help="queries of each kind (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="the real corpus (default: %(default)s)")
    parser.add_argument("--no-real", action="store_true", help="skip the real corpus and the app pages")
    args = parser.parse_args(argv)
    if any(size < 10 for size in args.size) or args.queries < 1:
        parser.error("--size must be at least 10 and --queries at least 1")
    if not args.size and args.no_real:
        parser.error("nothing to measure: give --size or drop --no-real")
    env = environment()
    env["bytecode_compiled"] = compile_bytecode()  # before any timing: the state of an installed package
    runs = []
    try:
        for size in args.size:
            started = time.perf_counter()
            corpus_dir = cached_corpus(args.cache, size, args.seed)
            log(f"synthetic-{size}: corpus ready in {time.perf_counter() - started:.1f} s")
            runs.append(
                run_dataset(f"synthetic-{size}", corpus_dir, args.cache / f"work-{size}", args.queries, args.seed)
            )
        pages: dict[str, Any] = {"skipped": "--no-real"}
        browser: dict[str, Any] = {"skipped": "--no-real"}
        if not args.no_real:
            real_work = args.cache / "work-real"
            runs.append(run_dataset("real", args.corpus.resolve(), real_work, args.queries, args.seed))
            pages = measure_pages(args.corpus.resolve(), real_work / "lexcompare-index")
            log("real: the app in Chromium")
            browser = measure_browser(args.corpus.resolve(), real_work / "lexcompare-index")
    except WorkerFailed as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    env["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report = {
        "environment": env,
        "runs": runs,
        "app_pages": pages,
        "browser": browser,
        "targets": targets(runs, browser),
    }
    print(render(runs, pages, browser))
    if args.json:
        write_json(args.json, report)
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
