"""The ``lexcompare`` command line (the contract in DESIGN.md; keep it stable).

Every user mistake ends as one line on stderr and a non-zero exit code:
1 for corpus problems, 2 for anything else the user can fix; never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from indexer import __version__, paths
from indexer.build import build
from indexer.coded import CodedComparison, coded
from indexer.coded_tables import coding_rows
from indexer.compare import coverage_markdown, coverage_matrix
from indexer.corpus import Corpus
from indexer.engine import WRITER_MB
from indexer.errors import BadRequest, CorpusError, IndexMissing, LexcompareError, NotFound
from indexer.export import EXPORT_FORMATS, export, practice_record, provision_record
from indexer.filters import FILTERS, Filters
from indexer.load import load_corpus
from indexer.problems import codes_markdown, explain
from indexer.resolve import resolve_jurisdiction, resolve_topic
from indexer.schema import write_schemas
from indexer.search import MAX_LIMIT, Index, open_index
from indexer.sources.cli import register as register_sources
from indexer.text import did_you_mean, markdown_table, md_escape
from indexer.validate import check

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _plain(highlight: str, tty: bool) -> str:
    """A highlight for the terminal: matches in bold on a terminal, in «» otherwise; entities unescaped.

    Not brackets: in legal text "[...]" is an editorial insertion.
    """
    marked = r"\033[1m\1\033[22m" if tty else r"«\1»"
    return html.unescape(re.sub(r"<mark[^>]*>(.*?)</mark>", marked, highlight))


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


# --- commands -----------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:

    if args.explain:
        print(codes_markdown() if args.explain == "all" else explain(args.explain))
        return 0
    corpus, problems = check(args.corpus)
    if args.json:
        _print_json([p.as_dict() for p in problems])
    else:
        for problem in problems:
            print(problem)
        if not problems:
            print(
                f"{args.corpus}: OK — {len(corpus.jurisdictions)} jurisdictions, {len(corpus.topics)} topics, "
                f"{len(corpus.instruments)} instruments, {len(corpus.provisions)} provisions, "
                f"{len(corpus.practices)} practices",
                file=sys.stderr,
            )
        else:
            print(f"{len(problems)} problem(s)", file=sys.stderr)
    return EXIT_PROBLEMS if problems else 0


def cmd_build(args: argparse.Namespace) -> int:

    started = time.perf_counter()
    manifest = build(args.corpus, args.index, args.texts, full=args.full, memory_mb=args.memory_mb, procs=args.procs)
    counts, how = manifest["counts"], manifest["build"]
    if args.json:
        _print_json(manifest)
    else:
        changes = "" if how["mode"] == "full" else f" ({how['rewritten']} rewritten, {how['removed']} removed)"
        print(
            f"built {args.index}: {counts['provisions']} provisions, {counts['practices']} practices, "
            f"{counts['official_texts']} with official wording, {how['mode']}{changes}, "
            f"in {time.perf_counter() - started:.2f} s"
        )
    return 0


def _open(args: argparse.Namespace) -> Index:

    index = open_index(args.index)
    if index.is_stale(args.corpus):
        print(f"note: the index is older than {args.corpus}; run 'lexcompare build'", file=sys.stderr)
    return index


def cmd_search(args: argparse.Namespace) -> int:
    index = _open(args)
    chosen = Filters.of(**{f.name: getattr(args, f.name) for f in FILTERS if f.key})
    result = index.search(args.query, chosen, limit=args.limit, exact=args.exact, everywhere=args.everywhere)
    if args.json:
        _print_json(result.as_dict())
        return 0
    again = f"lexcompare search {_shell_quote(args.query)}"
    if result.suggestion and result.suggestion.used:
        print(f"showing results for: {result.suggestion.text}")
        print(f"search instead for {result.suggestion.typed}: {again} --exact")
    elif result.suggestion:
        print(f"did you mean: {result.suggestion.text}")
    if result.place:
        print(
            f"in {', '.join(result.place.words)} ({', '.join(result.place.codes)}) first — "
            f"search all jurisdictions: {again} --everywhere"
        )
    print(f"{result.total} result(s)")
    tty = sys.stdout.isatty()
    for hit in result.hits:
        where = f"{hit.pinpoint} {hit.instrument}".strip()
        print(f"\n{hit.id}  ({hit.jurisdiction}) {where} — {hit.heading}  ({hit.verification})")
        print(f"  {_plain(hit.highlight, tty)}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:

    corpus, _ = load_corpus(args.corpus)
    jurisdictions = [_jurisdiction(corpus, j) for j in args.jurisdiction] or None
    topics = [_topic(corpus, t) for t in args.topic] or None
    if args.coded:
        if not topics or len(topics) != 1:
            raise BadRequest("--coded compares one topic: give exactly one -t TOPIC")
        _print_coded(args, coded(corpus, topics[0], jurisdictions, rank_by=args.rank_by))
        return 0
    matrix = coverage_matrix(corpus, jurisdictions, topics)
    if args.json:
        _print_json(matrix.as_dict())
    elif args.format == "csv":
        print("jurisdiction," + ",".join(matrix.columns))
        for code in matrix.rows:
            print(code + "," + ",".join(matrix.cells[(code, t)].state.value for t in matrix.columns))
    else:
        print("\n".join(coverage_markdown(matrix, with_records=True)))
    return 0


def _print_coded(args: argparse.Namespace, result: CodedComparison) -> None:
    if args.json:
        _print_json(result.as_dict())
        return
    if args.format == "csv":
        rows = coding_rows(result)
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    codes = result.jurisdictions
    counts = result.unknown_counts()

    def cell(code: str, variable: str) -> str:
        c = result.cell(code, variable)
        cited = ", ".join(citation.split("/", 1)[-1] for citation in c.citations)
        return c.text + (f" ({cited})" if cited else "")

    values = [(var.label, *(cell(code, var.id) for code in codes)) for var in result.variables]
    values.append(("unknown values", *(str(counts[code]) for code in codes)))
    assessments = [
        (a.jurisdiction, a.standard, a.state.value, "; ".join(a.reasons + a.finding_lines()))
        for a in result.assessments
    ]
    ranking = [
        (
            str(r.rank),
            r.jurisdiction,
            r.state.value,
            "; ".join(r.differences),
            "; ".join(f"{s}: {t}" for s, t in r.other_states),
            "; ".join(title for _, title in r.good_practices),
        )
        for r in result.ranking
    ]
    print(f"# {md_escape(result.topic_label)}: coded comparison\n")
    print("\n".join(markdown_table(("variable", *codes), values)))
    print(f"\n## Assessment\n\n{md_escape(result.label)}\n")
    print("\n".join(markdown_table(("jurisdiction", "standard", "state", "reasons"), assessments)))
    print(f"\n## Who does it best, by {result.ranked_by}\n")
    header = ("rank", "jurisdiction", "state", "what decides", "other standards", "good practice")
    print("\n".join(markdown_table(header, ranking)))
    print(f"\nMethod: {' '.join(result.method.split())}")


def _jurisdiction(corpus: Corpus, text: str) -> str:

    code = resolve_jurisdiction(corpus, text)
    if code is None:
        raise BadRequest(f"unknown jurisdiction {text!r}{did_you_mean(text, corpus.jurisdictions)}")
    return code


def _topic(corpus: Corpus, text: str) -> str:

    tid = resolve_topic(corpus, text)
    if tid is None:
        raise BadRequest(f"unknown topic {text!r}{did_you_mean(text, corpus.topics)}")
    return tid


def cmd_show(args: argparse.Namespace) -> int:

    corpus, _ = load_corpus(args.corpus)
    pid = corpus.aliases.get(args.id, args.id)
    if pid in corpus.provisions:
        record = provision_record(corpus, pid)
    elif pid in corpus.practices:
        record = practice_record(corpus, pid)
    else:
        raise NotFound(
            f"no provision or practice {args.id!r}{did_you_mean(args.id, [*corpus.provisions, *corpus.practices])}"
        )
    official = _official(args, pid)
    if official:
        record["official_text"] = official
    if args.json:
        _print_json(record)
        return 0
    print(f"{record.pop('id')}\n")
    _print_fields(record, indent="")
    return 0


def _print_fields(record: dict[str, Any], indent: str, bullet: str = "") -> None:
    """A record as readable text: short values on one line, long ones and structures indented.

    ``bullet`` ("- ") starts the first line of a list item; the item's later lines align under it.
    """
    first = True
    for key, value in record.items():
        if value in (None, [], {}, ""):
            continue
        lead = indent + (bullet if first else " " * len(bullet))
        inner = indent + " " * len(bullet) + "  "
        first = False
        if isinstance(value, dict):
            print(f"{lead}{key}:")
            _print_fields(value, inner)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            print(f"{lead}{key}: {'; '.join(value)}")
        elif isinstance(value, list):
            print(f"{lead}{key}:")
            for item in value:
                if isinstance(item, dict):
                    _print_fields(item, inner, bullet="- ")
                else:
                    print(f"{inner}- {item}")
        elif isinstance(value, str) and len(value) > 100:
            print(f"{lead}{key}:\n{inner}" + " ".join(value.split()))
        else:
            print(f"{lead}{key}: {value}")


def _official(args: argparse.Namespace, pid: str) -> dict[str, Any] | None:
    """The official wording stored in the index, when there is an index and it holds some."""

    try:
        doc = open_index(args.index).document(pid)
    except IndexMissing:
        return None
    if not doc or not doc.get("official_text"):
        return None
    return {k.removeprefix("official_"): v for k, v in doc.items() if k.startswith("official_")}


def cmd_export(args: argparse.Namespace) -> int:

    corpus, problems = check(args.corpus)
    if problems:
        raise CorpusError(f"the corpus has {len(problems)} problem(s); run 'lexcompare validate' first")
    out = export(corpus, args.format, args.out)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:

    for path in write_schemas(args.corpus / "schema"):
        print(path)
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    app = Path(__file__).resolve().parent.parent / "app" / "main.py"
    env = dict(os.environ)
    env.update(
        LEXCOMPARE_CORPUS=str(args.corpus.resolve()),
        LEXCOMPARE_INDEX=str(args.index.resolve()),
        LEXCOMPARE_TEXTS=str(args.texts.resolve()),
    )
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    try:
        return subprocess.call(command, env=env, cwd=app.parent.parent)
    except KeyboardInterrupt:
        return 0


# --- parser ---------------------------------------------------------------------------


def port(text: str) -> int:
    """A TCP port number, for argparse (which turns the ValueError into a usage error)."""
    number = int(text)
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a TCP port (1-65535)")
    return number


def hits(text: str) -> int:
    """How many hits ``--limit`` asks for, for argparse: the library's bound, named as the user typed it."""
    number = int(text)
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"{number} is not a number of hits (1-{MAX_LIMIT})")
    return number


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``lexcompare`` (all subcommands)."""

    top = argparse.ArgumentParser(
        prog="lexcompare",
        description="Find, read and compare asylum and migration law for migrant victims of "
        "domestic and gender-based violence.",
    )
    top.add_argument("--version", action="version", version=f"lexcompare {__version__}")
    top.add_argument("--corpus", type=Path, default=paths.corpus_dir(), help="corpus directory (default: ./corpus)")
    top.add_argument("--index", type=Path, help="index directory (default: one per corpus in the per-user cache)")
    top.add_argument(
        "--texts", type=Path, default=paths.texts_dir(), help="official-text cache (default: per-user data)"
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Any, help_text: str, json_flag: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if json_flag:
            p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(func=func)
        return p

    p = command("validate", cmd_validate, "check the corpus; exit 1 on problems")
    p.add_argument("--explain", metavar="CODE", help="what a problem code means ('all': every code, as Markdown)")
    p = command("build", cmd_build, "build the search index from the corpus and cached official texts")
    p.add_argument("--full", action="store_true", help="rebuild every document, not only those that changed")
    p.add_argument(
        "--memory-mb",
        type=int,
        help=f"bound the build's sorting memory in MB, all its writer processes together "
        f"(default: $LEXCOMPARE_BUILD_MB or {WRITER_MB})",
    )
    p.add_argument(
        "--procs",
        type=int,
        help="write a full build with N processes, one part of the documents each: quicker on several cores, "
        "more memory, queries a little slower (default: $LEXCOMPARE_BUILD_PROCS or 1)",
    )
    p = command("search", cmd_search, "search provisions and good practices")
    p.add_argument("query", help='words, "phrases", AND/OR/NOT, field:value, or a citation like "utlendingsloven § 53"')
    for f in FILTERS:
        if f.switch:
            p.add_argument(f.flag, action="store_true", help=f.hint)
        elif f.key:
            p.add_argument(f"-{f.key}", f.flag, action="append", default=[], help=f.hint)
    p.add_argument("--limit", type=hits, default=10, help=f"how many hits, 1-{MAX_LIMIT} (default 10)")
    p.add_argument("--exact", action="store_true", help="search the words as typed: no spelling correction")
    p.add_argument(
        "--everywhere", action="store_true", help="a place named in the words does not rank its records first"
    )
    p = command("compare", cmd_compare, "coverage matrix of jurisdictions × topics")
    p.add_argument("-t", "--topic", action="append", default=[], help="topic (repeatable; default: core topics)")
    p.add_argument("-j", "--jurisdiction", action="append", default=[], help="jurisdiction (repeatable; default: all)")
    p.add_argument("--format", choices=["md", "csv"], default="md")
    p.add_argument(
        "--coded", action="store_true", help="the coded values, the derived assessment and the ranking of one topic"
    )
    p.add_argument(
        "--rank-by", metavar="STANDARD", help="with --coded: rank by this standard (default: the topic's first)"
    )
    p = command("show", cmd_show, "one provision or practice with its annotation and official wording")
    p.add_argument("id", help="e.g. no/utlendingsloven/s53")
    p = command("export", cmd_export, "export the dataset", json_flag=False)
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument("--out", type=Path, required=True, help="file (a directory for datapackage)")
    command("schema", cmd_schema, "write JSON Schemas of the corpus files to corpus/schema/", json_flag=False)
    p = command("app", cmd_app, "start the Streamlit app (headless)", json_flag=False)
    p.add_argument("--port", type=port, default=8501, help="TCP port, 1-65535 (default 8501)")
    p.add_argument("--address", default="127.0.0.1", help="interface to listen on (default 127.0.0.1; 0.0.0.0 for all)")
    register_sources(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lexcompare`` console script."""
    args = parser().parse_args(argv)
    args.index = args.index or paths.index_dir(args.corpus)
    try:
        return int(args.func(args))
    except LexcompareError as exc:
        print(f"lexcompare: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("lexcompare: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # a path that is a file, a directory that cannot be created, a full disk: the user's to fix
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"lexcompare: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
