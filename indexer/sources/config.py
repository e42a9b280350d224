"""``corpus/sources.yaml``: where each instrument's official text lives.

The file's own comment block documents the fields; this module reads it with
line numbers, so a mistake is reported as ``corpus/sources.yaml:12: ...``.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from indexer.corpus import Corpus, Problem
from indexer.errors import SourceError
from indexer.models import SourceEntry
from indexer.names import did_you_mean
from indexer.yamlread import read_yaml

FILE_NAME = "sources.yaml"


@dataclass(frozen=True)
class Sources:
    """The parsed ``sources.yaml``: instrument id -> entry, with the line of each entry."""

    path: Path
    entries: dict[str, SourceEntry] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def where(self, instrument_id: str) -> str:
        """``path:line`` of an entry, for messages."""
        return f"{self.path}:{self.lines.get(instrument_id, 1)}"

    def match_file(self, name: str) -> list[str]:
        """The instruments whose ``files`` patterns match a file name."""
        return [
            iid
            for iid, entry in self.entries.items()
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in entry.files)
        ]


def load_sources(corpus_root: Path) -> Sources:
    """Read ``<corpus>/sources.yaml``; an absent file is an empty configuration."""
    path = corpus_root / FILE_NAME
    if not path.exists():
        return Sources(path)
    doc, problems = read_yaml(path)
    if problems or doc is None:
        raise SourceError(str(problems[0]) if problems else f"{path}: cannot read")
    data = doc.data or {}
    if not isinstance(data, dict) or not isinstance(data.get("instruments", {}), dict):
        raise SourceError(f"{path}:1: expected a mapping 'instruments:' of instrument id -> entry")
    entries: dict[str, SourceEntry] = {}
    lines: dict[str, int] = {}
    for iid, raw in (data.get("instruments") or {}).items():
        line = doc.line(("instruments", iid))
        try:
            entry = SourceEntry.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(x) for x in err["loc"])
            at = doc.line(("instruments", iid, *err["loc"]))
            raise SourceError(f"{path}:{at}: {iid}: {loc}: {err['msg']}") from None
        entries[str(iid)] = entry
        lines[str(iid)] = line
    return Sources(path, entries, lines)


def check_sources(corpus: Corpus) -> list[Problem]:
    """Problems of ``sources.yaml`` against the corpus, for ``lexcompare validate``.

    An entry must name a corpus instrument, and the slugs its ``pinpoints`` and
    ``provisions`` list must be provisions of that instrument.
    """
    try:
        sources = load_sources(corpus.root)
    except SourceError as exc:
        where, _, message = str(exc).partition(": ")
        path, _, number = where.rpartition(":")
        return [Problem(Path(path), int(number) if number.isdigit() else 1, "bad-sources", message or str(exc))]
    problems: list[Problem] = []
    for iid, entry in sources.entries.items():
        line = sources.lines.get(iid, 1)
        if iid not in corpus.instruments:
            hint = did_you_mean(iid, corpus.instruments)
            problems.append(
                Problem(sources.path, line, "unknown-instrument", f"{iid!r} is not a corpus instrument{hint}")
            )
            continue
        slugs = {e.provision.slug for e in corpus.provisions.values() if e.instrument_id == iid}
        for slug in [*entry.pinpoints, *(entry.provisions or [])]:
            if slug not in slugs:
                hint = did_you_mean(slug, slugs)
                problems.append(Problem(sources.path, line, "unknown-provision", f"{iid}: no provision {slug!r}{hint}"))
    return problems
