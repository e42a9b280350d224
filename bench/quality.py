"""``python -m bench.quality``: how often search puts a right answer first, on a labelled query set.

The set (``bench/quality.yaml``) is what users type, grouped by kind (citation,
abbreviation, country named, plain-language question, topic word, typo,
cross-language), each query with the records that count as right.  The harness
builds an index of the real corpus (or opens ``--index``), runs every query
and prints recall@1, recall@5 and MRR per kind and overall; ``--json`` writes
them with every miss, and ``--fail-under`` makes it a gate.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from indexer.build import build
from indexer.corpus import Corpus
from indexer.load import load_corpus
from indexer.search import Index, open_index

ROOT = Path(__file__).resolve().parent.parent
QUERY_SET = Path(__file__).with_name("quality.yaml")
#: ranks past this count as not found (MRR contribution 0)
DEPTH = 20


@dataclass(frozen=True)
class Labelled:
    """One query of the set and the ids that count as a right answer."""

    kind: str
    lang: str
    text: str
    right: frozenset[str]


def load_set(path: Path, corpus: Corpus) -> list[Labelled]:
    """The query set at ``path``, ``topic:<id>`` labels expanded to the records of that topic.

    Raises ValueError naming the query when a label names no record or topic.
    """
    data = yaml.safe_load(path.read_text("utf-8"))
    records = {pid: e.provision.topics for pid, e in corpus.provisions.items()}
    records |= {gid: g.practice.topics for gid, g in corpus.practices.items()}
    out = []
    for kind, queries in data.items():
        for item in queries:
            right: set[str] = set()
            for label in item["right"]:
                if label.startswith("topic:"):
                    topic = label.removeprefix("topic:")
                    if topic not in corpus.topics:
                        raise ValueError(f"{path}: {item['q']!r}: unknown topic {topic!r}")
                    right |= {rid for rid, topics in records.items() if topic in topics}
                elif label in records:
                    right.add(label)
                else:
                    raise ValueError(f"{path}: {item['q']!r}: no record {label!r}")
            out.append(Labelled(kind, item["lang"], item["q"], frozenset(right)))
    return out


def rank_of(index: Index, query: Labelled) -> int | None:
    """The 1-based rank of the first right answer in the top :data:`DEPTH`, or None."""
    hits = index.search(query.text, limit=DEPTH).hits
    return next((n for n, hit in enumerate(hits, 1) if hit.id in query.right), None)


def scores(ranks: Iterable[int | None]) -> dict[str, float]:
    """recall@1, recall@5 and MRR of a list of ranks (None: not found)."""
    ranks = list(ranks)
    n = len(ranks) or 1
    return {
        "n": len(ranks),
        "recall@1": round(sum(r == 1 for r in ranks) / n, 3),
        "recall@5": round(sum(r is not None and r <= 5 for r in ranks) / n, 3),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
    }


def evaluate(index: Index, queries: list[Labelled]) -> dict[str, Any]:
    """Figures per kind and overall, and every query that missed the top 5 or was not first."""
    ranked = [(q, rank_of(index, q)) for q in queries]
    kinds = list(dict.fromkeys(q.kind for q in queries))
    return {
        "kinds": {k: scores(r for q, r in ranked if q.kind == k) for k in kinds},
        "overall": scores(r for _q, r in ranked),
        "languages": sorted({q.lang for q in queries}),
        "not_first": [{"kind": q.kind, "query": q.text, "rank": r} for q, r in ranked if r != 1],
    }


def render(report: dict[str, Any]) -> str:
    """The figures as a fixed-width table."""
    lines = [f"{'kind':<16}{'n':>5}{'recall@1':>10}{'recall@5':>10}{'MRR':>8}"]
    rows = [*report["kinds"].items(), ("overall", report["overall"])]
    for name, s in rows:
        lines.append(f"{name:<16}{s['n']:>5}{s['recall@1']:>10.3f}{s['recall@5']:>10.3f}{s['mrr']:>8.3f}")
    lines.append(f"languages: {len(report['languages'])} ({', '.join(report['languages'])})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the query set; 0, or 1 when ``--fail-under`` is given and a figure is below it."""
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--index", type=Path, help="an index of the corpus (default: build one in a temp dir)")
    parser.add_argument("--set", type=Path, default=QUERY_SET, dest="query_set")
    parser.add_argument("--json", type=Path, help="write the figures and the misses here")
    parser.add_argument("--misses", action="store_true", help="print every query whose right answer was not first")
    parser.add_argument(
        "--fail-under",
        nargs=2,
        type=float,
        metavar=("RECALL5", "MRR"),
        help="exit 1 when overall recall@5 or MRR is below these",
    )
    args = parser.parse_args(argv)
    corpus, problems = load_corpus(args.corpus)
    if problems:
        print(f"bench.quality: {args.corpus} has problems; run 'lexcompare validate'", file=sys.stderr)
        return 2
    try:
        queries = load_set(args.query_set, corpus)
    except (OSError, ValueError, KeyError, yaml.YAMLError) as exc:
        print(f"bench.quality: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lexcompare-quality-") as tmp:
        if args.index is None:
            build(args.corpus, Path(tmp) / "index", Path(tmp) / "texts")
        index = open_index(args.index or Path(tmp) / "index")
        try:
            report = evaluate(index, queries)
        finally:
            index.close()
    print(render(report))
    if args.misses:
        for miss in report["not_first"]:
            print(f"  {miss['kind']:<15} rank {miss['rank'] or '-':>3}  {miss['query']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    if args.fail_under:
        recall5, mrr = args.fail_under
        return int(report["overall"]["recall@5"] < recall5 or report["overall"]["mrr"] < mrr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
