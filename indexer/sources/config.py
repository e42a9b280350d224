"""``corpus/sources.yaml``: where each instrument's official text lives.

The file's own comment block documents the fields; this module reads it with
line numbers, so a mistake is reported as ``corpus/sources.yaml:12: ...``.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from indexer.corpus import Corpus
from indexer.errors import SourceError
from indexer.load import validate_record
from indexer.models import SourceEntry
from indexer.problems import Problem
from indexer.text import did_you_mean
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


def read_sources(corpus_root: Path) -> tuple[Sources, list[Problem]]:
    """Read ``<corpus>/sources.yaml`` with its problems as data; an absent file is an empty configuration.

    An entry with problems is left out of the :class:`Sources` returned.
    """
    path = corpus_root / FILE_NAME
    if not path.exists():
        return Sources(path), []
    doc, problems = read_yaml(path)
    if doc is None:
        return Sources(path), problems
    instruments = doc.data.get("instruments", {}) if isinstance(doc.data, dict) else None
    if not isinstance(instruments, dict):
        message = "expected a mapping 'instruments:' of instrument id -> entry"
        return Sources(path), [*problems, doc.problem(("instruments",), "wrong-type", message)]
    entries: dict[str, SourceEntry] = {}
    lines: dict[str, int] = {}
    for iid, raw in (instruments or {}).items():
        entry, found = validate_record(doc, SourceEntry, raw, ("instruments", iid))
        problems += found
        if entry is not None:
            entries[str(iid)] = entry
            lines[str(iid)] = doc.line(("instruments", iid))
    return Sources(path, entries, lines), problems


def load_sources(corpus_root: Path) -> Sources:
    """The configuration of ``<corpus>/sources.yaml``; its first problem is a :class:`SourceError`."""
    sources, problems = read_sources(corpus_root)
    if problems:
        raise SourceError(str(problems[0]))
    return sources


def check_sources(corpus: Corpus) -> list[Problem]:
    """Problems of ``sources.yaml`` against the corpus, for ``lexcompare validate``.

    An entry must name a corpus instrument, and the slugs its ``pinpoints`` and
    ``provisions`` list must be provisions of that instrument.
    """
    sources, problems = read_sources(corpus.root)
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
