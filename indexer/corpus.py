"""The loaded corpus: every record with its id and the place it was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from indexer.models import (
    Codebook,
    CodedValue,
    CoverageNote,
    Finding,
    Instrument,
    Jurisdiction,
    Practice,
    Provision,
    Topic,
    Verification,
    Vocabulary,
)
from indexer.problems import shown_path


@dataclass(frozen=True)
class Where:
    """A place in a corpus file, for messages that point at the line to fix."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{shown_path(self.path)}:{self.line}"


@dataclass(frozen=True)
class InstrumentEntry:
    id: str  # "<code>/<instrument-slug>"
    jurisdiction: str
    instrument: Instrument
    where: Where


@dataclass(frozen=True)
class ProvisionEntry:
    id: str  # "<code>/<instrument-slug>/<slug>"
    instrument_id: str
    jurisdiction: str
    provision: Provision
    where: Where


@dataclass(frozen=True)
class PracticeEntry:
    id: str  # "<code>/practices/<slug>"
    jurisdiction: str
    practice: Practice
    where: Where


@dataclass(frozen=True)
class CodingEntry:
    """One jurisdiction's ``coding.yaml``: its values by (topic, variable), each with its place."""

    jurisdiction: str
    verification: Verification | None  # the file's default; None when it is broken (reported)
    values: dict[tuple[str, str], CodedValue]
    where: dict[tuple[str, str], Where]
    findings: list[Finding]
    file: Where

    def verification_of(self, key: tuple[str, str]) -> Verification | None:
        """The value's own verification, else the file's."""
        return self.values[key].verification or self.verification


@dataclass
class Corpus:
    """Everything in corpus/, keyed by id.  Built by :func:`indexer.load.load_corpus`."""

    root: Path
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    vocabulary: Vocabulary | None = None
    instruments: dict[str, InstrumentEntry] = field(default_factory=dict)
    provisions: dict[str, ProvisionEntry] = field(default_factory=dict)
    practices: dict[str, PracticeEntry] = field(default_factory=dict)
    #: stated coverage, (jurisdiction code, topic id) -> note; "provisions" is derived, never stored
    coverage: dict[tuple[str, str], CoverageNote] = field(default_factory=dict)
    #: ``codebook.yaml`` (None when the corpus has none, or it is broken: reported)
    codebook: Codebook | None = None
    #: each jurisdiction's coding.yaml, by jurisdiction code
    codings: dict[str, CodingEntry] = field(default_factory=dict)
    #: provision id aliases (old ids) -> current id
    aliases: dict[str, str] = field(default_factory=dict)
    #: where each jurisdiction ("CZ"), topic ("topic:<id>") and coverage entry
    #: ("coverage:<code>:<topic>"), codebook variable ("variable:<topic>:<id>") and
    #: rule ("rule:<index>") was written, for cross-record messages
    where: dict[str, Where] = field(default_factory=dict)
    #: sha256 over every corpus file, in path order: the dataset version's fingerprint
    sha256: str = ""


def topic_ancestors(corpus: Corpus, topic: str) -> list[str]:
    """``topic`` and every broader topic above it (cycles are cut)."""
    seen: list[str] = []
    todo = [topic]
    while todo:
        tid = todo.pop()
        if tid in seen:
            continue
        seen.append(tid)
        if tid in corpus.topics:
            todo.extend(corpus.topics[tid].broader)
    return seen
