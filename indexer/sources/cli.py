"""``lexcompare ingest`` and ``lexcompare sources fetch|import|status``.

:func:`register` adds the subcommands to the main parser; each handler takes the
parsed arguments (with the global ``corpus``, ``index`` and ``texts`` paths) and
returns the exit code.  User mistakes raise :class:`~indexer.errors.SourceError`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from indexer.corpus import Corpus
from indexer.errors import SourceError
from indexer.load import load_corpus
from indexer.sources.cache import official_texts, store
from indexer.sources.config import Sources, load_sources
from indexer.sources.fetch import Offline, bar, fetch_all, to_fetch
from indexer.sources.ingest import FORMATS, ingest_file, read_document
from indexer.sources.status import status

EXIT_OFFLINE = 3
_SKIP_NAMES = {"README.md", "readme.md", "LICENSE", ".gitkeep"}


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def cmd_ingest(args: argparse.Namespace) -> int:
    """Parse one file and print the provisions found; changes nothing."""
    document = ingest_file(args.file, args.format)
    if args.json:
        _print_json([u.as_json() for u in document.provisions])
        return 0 if document.provisions else 1
    print(f"{args.file}: {document.format}, {len(document.provisions)} provisions")
    if document.title:
        print(f"title: {document.title}")
    if document.in_force:
        print(f"version: {document.in_force}")
    for unit in document.provisions:
        first = unit.text.split("\n", 1)[0]
        print(f"  {unit.pinpoint:<14} {unit.heading[:60]}")
        if first:
            print(f"  {'':<14} {first[:100]}{'…' if len(first) > 100 else ''}")
    if not document.provisions:
        print("no provisions found: is --format right?", file=sys.stderr)
        return 1
    return 0


def _corpus(args: argparse.Namespace) -> Corpus:
    corpus, _problems = load_corpus(args.corpus)  # validation is `lexcompare validate`'s job
    return corpus


def _import_targets(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.name not in _SKIP_NAMES)
    if path.is_file():
        return [path]
    raise SourceError(f"{path}: no such file or directory")


def cmd_import(args: argparse.Namespace) -> int:
    """Read local documents into the cache, each under the instrument whose ``files`` match it."""
    sources = load_sources(args.corpus)
    targets = _import_targets(args.path)
    imported = new = failed = 0
    skipped: list[str] = []
    for path in targets:
        matches = sources.match_file(path.name)
        if not matches:
            skipped.append(path.name)
            continue
        try:
            data = read_document(path)
        except SourceError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            failed += 1
            continue
        for iid in matches:
            entry = sources.entries[iid]
            try:
                stored = store(
                    args.texts,
                    iid,
                    data,
                    origin=path.name,
                    title=f"{entry.title} (local copy: {path.name}" + (f"; {entry.note})" if entry.note else ")"),
                    url=entry.url,
                )
            except SourceError as exc:
                print(f"{iid}: {exc}", file=sys.stderr)
                failed += 1
                continue
            imported += 1
            new += stored.new
            state = "new version" if stored.new else "unchanged"
            print(f"{iid}: {path.name} ({stored.version.format}, {stored.version.provisions} provisions) {state}")
    if len(targets) == 1 and skipped:
        raise SourceError(f"{args.path}: no instrument in {sources.path} lists this file under 'files'")
    if skipped:
        print(f"skipped {len(skipped)} file(s) no instrument lists: {', '.join(skipped)}", file=sys.stderr)
    corpus = _corpus(args)
    texts = official_texts(corpus, args.texts)
    print(
        f"imported {imported} document(s), {new} new version(s); "
        f"{len(texts)} of {len(corpus.provisions)} corpus provisions have official wording"
    )
    return 1 if failed else 0


def cmd_fetch(args: argparse.Namespace) -> int:
    """Download the configured official texts (only the missing ones with ``--missing``)."""
    sources = load_sources(args.corpus)
    try:
        outcomes = fetch_all(sources, args.texts, missing_only=args.missing, progress=None if args.quiet else bar)
    except Offline as exc:
        if args.quiet:
            missing = len(to_fetch(sources, args.texts, missing_only=args.missing))
            print(_not_fetched(" (offline)", missing, len(to_fetch(sources, args.texts))), file=sys.stderr)
        else:
            print(f"lexcompare: offline ({exc}); using the texts already cached", file=sys.stderr)
        return EXIT_OFFLINE
    failed = [o for o in outcomes if o.error]
    if args.quiet:
        if failed:
            print(_not_fetched("", len(failed), len(to_fetch(sources, args.texts))), file=sys.stderr)
    else:
        fresh = sum(1 for o in outcomes if o.stored and o.stored.new)
        print(f"fetched {len(outcomes) - len(failed)} of {len(outcomes)}; {fresh} new version(s)")
    return 1 if failed else 0


def _not_fetched(why: str, failed: int, total: int) -> str:
    """The one line ``make run`` shows when official texts are missing, and how to get them."""
    return (
        f"official texts could not be fetched{why}: {failed} of {total} instruments; "
        "run `lexcompare sources fetch` when online, or `lexcompare sources import DIR`"
    )


def _status_lines(records: list[Any], sources: Sources) -> None:
    for item in records:
        latest = item.versions[-1] if item.versions else None
        where = "" if item.configured else "  (not in sources.yaml)"
        if latest is None:
            print(f"{item.instrument_id}: not cached{where}")
            continue
        print(
            f"{item.instrument_id}: cached {latest.retrieved:%Y-%m-%d %H:%M} UTC, sha256 {latest.sha256[:16]}…, "
            f"{len(item.versions)} version(s), {item.with_wording} provision(s) with wording{where}"
        )
        for p in item.provisions:
            if p.state == "changed" and p.change:
                print(
                    f"  CHANGED {p.provision_id}: wording differs from the version of {p.baseline} "
                    f"(verified {p.verified}; similarity {p.change.similarity}%)"
                )
                for sentence in p.change.removed[:3]:
                    print(f"    - {sentence[:160]}")
                for sentence in p.change.added[:3]:
                    print(f"    + {sentence[:160]}")


def cmd_status(args: argparse.Namespace) -> int:
    """Per instrument: cached or not, when, sha256, and whose wording changed since verification."""
    sources = load_sources(args.corpus)
    records = status(_corpus(args), sources, args.texts)
    if args.json:
        _print_json([r.as_json() for r in records])
    else:
        _status_lines(records, sources)
        changed = sum(1 for r in records for p in r.provisions if p.state == "changed")
        cached = sum(1 for r in records if r.versions)
        print(f"{cached} of {len(records)} instruments cached; {changed} provision(s) need review")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``ingest`` and ``sources`` (``fetch``, ``import``, ``status``) to the main parser."""
    p = subparsers.add_parser("ingest", help="parse one official document and print its provisions")
    p.add_argument("file", type=Path, help="HTML, XML or Markdown file")
    p.add_argument("--format", choices=FORMATS, default="auto", help="ingester (default: detect)")
    p.add_argument("--json", action="store_true", help="print a JSON list of {pinpoint, heading, text, ...}")
    p.set_defaults(func=cmd_ingest)

    sources = subparsers.add_parser("sources", help="the official-text cache: fetch, import, status")
    sub = sources.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    p = sub.add_parser("fetch", help="download official texts from the URLs in corpus/sources.yaml")
    p.add_argument("--missing", action="store_true", help="only instruments not cached yet")
    p.add_argument("--quiet", action="store_true", help="no progress; one line when something fails")
    p.set_defaults(func=cmd_fetch)
    p = sub.add_parser("import", help="read local official documents into the cache")
    p.add_argument("path", type=Path, help="a file or a directory (searched recursively)")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("status", help="what is cached, and which provisions' wording changed")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_status)
