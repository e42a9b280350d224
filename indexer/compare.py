"""Comparisons as pure functions over the corpus: coverage matrix, conditions, standards, wording.

Every cell of a comparison has a state; a gap is shown as a gap ("none",
"unknown", "n/a"), never left out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from indexer.corpus import Corpus, topic_ancestors
from indexer.errors import BadRequest, NotFound
from indexer.models import Conditions, CoverageState, TreatyStatus
from indexer.records import standard_keys
from indexer.text import markdown_table

#: condition fields in the order a comparison shows them, with their row labels
CONDITION_ROWS = {
    "min_relationship_duration": "Minimum relationship duration",
    "evidence_accepted": "Evidence accepted",
    "permit_length": "Permit length",
    "renewal": "Renewal",
    "fees": "Fees",
    "decision_maker": "Who decides",
    "application_deadline": "Application deadline",
}
STATE_SYMBOL = {
    CoverageState.provisions: "● provisions",
    CoverageState.none: "✕ none",
    CoverageState.unknown: "? unknown",
    CoverageState.not_applicable: "– n/a",
}


@dataclass
class Cell:
    state: CoverageState
    provisions: list[str] = field(default_factory=list)
    practices: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass
class Matrix:
    rows: list[str]  # jurisdiction codes
    columns: list[str]  # topic ids
    cells: dict[tuple[str, str], Cell]

    def as_dict(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "columns": self.columns,
            "cells": [
                {
                    "jurisdiction": j,
                    "topic": t,
                    "state": c.state.value,
                    "provisions": c.provisions,
                    "practices": c.practices,
                    "note": c.note,
                }
                for (j, t), c in self.cells.items()
            ],
        }


def coverage_markdown(matrix: Matrix, *, with_records: bool = False) -> list[str]:
    """The matrix as the lines of a Markdown table: a row per jurisdiction, a column per topic.

    ``with_records`` names each cell's provisions after its state (``instrument slug``).
    """

    def cell(code: str, topic: str) -> str:
        found = matrix.cells[(code, topic)]
        ids = ", ".join(" ".join(pid.rsplit("/", 2)[-2:]) for pid in found.provisions) if with_records else ""
        return STATE_SYMBOL[found.state] + (f": {ids}" if ids else "")

    return markdown_table(
        ("jurisdiction", *matrix.columns), [(code, *(cell(code, t) for t in matrix.columns)) for code in matrix.rows]
    )


def _check(corpus: Corpus, jurisdictions: Sequence[str] | None, topics: Sequence[str] | None) -> None:
    for code in jurisdictions or ():
        if code not in corpus.jurisdictions:
            raise BadRequest(f"unknown jurisdiction {code!r}")
    for tid in topics or ():
        if tid not in corpus.topics:
            raise BadRequest(f"unknown topic {tid!r}")


def default_jurisdictions(corpus: Corpus) -> list[str]:
    """Top-level jurisdictions first (EU, COE, then states by code), then regions and cities."""
    order = {"international": 0, "supranational": 0, "state": 1, "region": 2, "city": 3}
    return sorted(corpus.jurisdictions, key=lambda c: (order[corpus.jurisdictions[c].kind.value], c))


def coverage_matrix(
    corpus: Corpus, jurisdictions: Sequence[str] | None = None, topics: Sequence[str] | None = None
) -> Matrix:
    """Jurisdictions × topics; each cell holds its state and the provisions and practices behind it.

    By default: every jurisdiction and the core topics.  A provision counts
    for its topics and their broader topics; a cell without provisions takes
    the state written in coverage.yaml, or ``unknown``.
    """
    _check(corpus, jurisdictions, topics)
    rows = list(jurisdictions) if jurisdictions else default_jurisdictions(corpus)
    columns = list(topics) if topics else [tid for tid, t in corpus.topics.items() if t.core]
    cells = {(j, t): Cell(CoverageState.unknown) for j in rows for t in columns}
    for pid, entry in sorted(corpus.provisions.items()):
        for tid in {a for t in entry.provision.topics for a in topic_ancestors(corpus, t)}:
            if (entry.jurisdiction, tid) in cells:
                cells[(entry.jurisdiction, tid)].provisions.append(pid)
    for gid, practice in sorted(corpus.practices.items()):
        for tid in {a for t in practice.practice.topics for a in topic_ancestors(corpus, t)}:
            if (practice.jurisdiction, tid) in cells:
                cells[(practice.jurisdiction, tid)].practices.append(gid)
    for key, cell in cells.items():
        stated = corpus.coverage.get(key)
        if cell.provisions:
            cell.state = CoverageState.provisions
        elif stated is not None:
            cell.state, cell.note = stated.state, stated.note
    return Matrix(rows, columns, cells)


@dataclass
class ConditionsTable:
    ids: list[str]
    rows: list[tuple[str, list[str | None]]]  # (label, one value per provision; None = not recorded)


def _condition_value(conditions: Conditions | None, name: str) -> str | None:
    if conditions is None:
        return None
    value = getattr(conditions, name)
    if isinstance(value, list):
        return "; ".join(value) or None
    return value


def conditions_table(corpus: Corpus, provision_ids: Sequence[str]) -> ConditionsTable:
    """Structured conditions of the given provisions lined up row by row (missing ones are None)."""
    entries = []
    for pid in provision_ids:
        entry = corpus.provisions.get(corpus.aliases.get(pid, pid))
        if entry is None:
            raise BadRequest(f"no provision {pid!r}")
        entries.append(entry)
    rows: list[tuple[str, list[str | None]]] = []
    for name, label in CONDITION_ROWS.items():
        values = [_condition_value(e.provision.conditions, name) for e in entries]
        if any(v is not None for v in values):
            rows.append((label, values))
    others = sorted({k for e in entries if e.provision.conditions for k in e.provision.conditions.other})
    for key in others:
        values = [e.provision.conditions.other.get(key) if e.provision.conditions else None for e in entries]
        rows.append((key.replace("-", " ").capitalize(), values))
    return ConditionsTable([e.id for e in entries], rows)


@dataclass
class StandardRow:
    jurisdiction: str
    treaty: TreatyStatus | None  # the jurisdiction's status under the standard's treaty, if recorded
    provisions: list[str]


def by_standard(corpus: Corpus, ref: str) -> list[StandardRow]:
    """Every jurisdiction with the provisions that implement or relate to ``ref`` (e.g. ``coe-istanbul:59(1)``).

    ``coe-istanbul:59`` also finds provisions tagged ``coe-istanbul:59(1)``.
    """
    ref = ref.replace(" ", "")
    standard = ref.partition(":")[0]
    known = {s.id for s in corpus.vocabulary.standards} if corpus.vocabulary else set()
    if standard not in known:
        raise BadRequest(f"unknown standard {standard!r}")
    rows = []
    for code in default_jurisdictions(corpus):
        pids = [
            pid
            for pid, e in sorted(corpus.provisions.items())
            if e.jurisdiction == code and any(ref in standard_keys(s) for s in e.provision.standards)
        ]
        rows.append(StandardRow(code, corpus.jurisdictions[code].treaties.get(standard), pids))
    return rows


def treaty_dates(status: TreatyStatus) -> str:
    """The recorded dates of a treaty status: ``signed 2011-05-11, ratified 2017-11-10`` ("" when none)."""
    named = (("signed", status.signed), ("ratified", status.ratified), ("in force", status.in_force))
    return ", ".join(f"{label} {day.isoformat()}" for label, day in named if day)


@dataclass(frozen=True)
class StandardParty:
    """One jurisdiction measured against a standard: its treaty status, reservation and implementing provisions."""

    jurisdiction: str
    status: str  # treaty status (ratified, signed, ...), "" when none is recorded
    dates: str  # "signed 2011-05-11, ratified 2017-11-10", "" when none is recorded
    reservations: str | None
    verification: str | None  # how far the treaty status was checked
    provisions: tuple[str, ...]  # the provisions implementing or relating to the standard


@dataclass(frozen=True)
class StandardComparison:
    """A standard paragraph compared: its own wording's provisions, then every other jurisdiction."""

    ref: str
    title: str  # the standard's full title, or its id when the vocabulary lacks it
    paragraph: tuple[str, ...]  # the standard's own provisions the reference names (its instrument in the corpus)
    parties: tuple[StandardParty, ...]


def standard_comparison(corpus: Corpus, ref: str, jurisdictions: Sequence[str] = ()) -> StandardComparison:
    """``ref`` (``coe-istanbul:59(1)``) compared: the paragraph itself, each jurisdiction's treaty status and
    reservation, and the provisions implementing it; the standard's maker is the paragraph, not a party."""
    rows = by_standard(corpus, ref)
    known = {s.id: s for s in corpus.vocabulary.standards} if corpus.vocabulary else {}
    standard = known[ref.replace(" ", "").partition(":")[0]]
    own = [pid for row in rows for pid in row.provisions if corpus.provisions[pid].instrument_id == standard.instrument]
    parties = []
    for row in rows:
        if row.jurisdiction == standard.jurisdiction or (jurisdictions and row.jurisdiction not in jurisdictions):
            continue
        treaty = row.treaty
        parties.append(
            StandardParty(
                row.jurisdiction,
                treaty.status.value if treaty else "",
                treaty_dates(treaty) if treaty else "",
                treaty.reservations if treaty else None,
                treaty.verification.status.value if treaty else None,
                tuple(pid for pid in row.provisions if pid not in own),
            )
        )
    return StandardComparison(ref, standard.title, tuple(own), tuple(parties))


@dataclass(frozen=True)
class CoverageRow:
    """One jurisdiction's answer on a compared topic or standard: what a side-by-side comparison shows."""

    jurisdiction: str
    subject: str  # topic id or standard reference
    state: str  # a topic's coverage state; for a standard "provisions" or "no provision linked"
    note: str  # a topic's coverage note; for a standard the jurisdiction's treaty status ("" if not recorded)
    entry_ids: tuple[str, ...]  # the provisions (and, for a topic, practices) behind it


def side_by_side(
    corpus: Corpus, *, topic: str | None = None, standard: str | None = None, jurisdictions: Sequence[str] = ()
) -> list[CoverageRow]:
    """Each jurisdiction's state and records on one topic or one standard, gaps included.

    With no ``jurisdictions``, every jurisdiction is compared.
    """
    if (topic is None) == (standard is None):
        raise BadRequest("compare either a topic or a standard")
    codes = list(jurisdictions) or default_jurisdictions(corpus)
    if topic is not None:
        if topic not in corpus.topics:
            raise NotFound(f"no topic {topic!r}")
        matrix = coverage_matrix(corpus, jurisdictions=codes, topics=[topic])
        cells = [(code, matrix.cells[(code, topic)]) for code in matrix.rows]
        return [
            CoverageRow(code, topic, cell.state.value, cell.note or "", (*cell.provisions, *cell.practices))
            for code, cell in cells
        ]
    assert standard is not None
    return [
        CoverageRow(
            row.jurisdiction,
            standard,
            "provisions" if row.provisions else "no provision linked",
            row.treaty.status.value if row.treaty else "",
            tuple(row.provisions),
        )
        for row in by_standard(corpus, standard)
        if row.jurisdiction in codes
    ]


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """A word-level diff of two texts: (op, text) with op ``equal``, ``delete`` (only in a), ``insert`` (only in b)."""
    wa, wb = re.findall(r"\S+\s*", a), re.findall(r"\S+\s*", b)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(wa[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", "".join(wa[i1:i2])))
            if j2 > j1:
                out.append(("insert", "".join(wb[j1:j2])))
    return out
