"""The coded comparison: each jurisdiction's values for a topic, the assessment derived from them, a ranking.

Pure functions over the loaded corpus (no search engine, no parser).  The
assessment is never typed: :func:`assess` runs the rules of ``codebook.yaml``
on the coded values with three-valued logic (a test on ``unknown`` is
undecided), and every state comes with the values that decided it.  It is the
project's own assessment of the coded law, and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from indexer.corpus import CodingEntry, Corpus, topic_ancestors
from indexer.errors import BadRequest
from indexer.models import (
    NOT_APPLICABLE,
    UNKNOWN,
    AssessmentState,
    Finding,
    Rule,
    TreatyState,
    Variable,
)
from indexer.rules import Verdict, evaluate, value_text, variables

LABEL = (
    "The project's own assessment of the coded law, derived by the codebook's published rules; "
    "not the finding of a court, of GREVIO or of any other monitoring body."
)
#: ranking order: meets before partly before does-not-meet before unknown
ORDER = {
    AssessmentState.meets: 0,
    AssessmentState.partly: 1,
    AssessmentState.does_not_meet: 2,
    AssessmentState.unknown: 3,
}
BOUND = {TreatyState.ratified, TreatyState.acceded}


# --- assessment ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TreatyView:
    standard: str  # "coe-istanbul"
    status: str  # ratified, signed, ...
    bound: bool
    reservations: str | None
    verification: str


@dataclass(frozen=True)
class Assessment:
    jurisdiction: str
    standard: str  # "coe-istanbul:59(1)"
    requires: str
    state: AssessmentState
    reasons: tuple[str, ...]  # which values triggered which outcome
    deciding: tuple[str, ...]  # the variable ids whose values decided the state
    treaty: TreatyView | None
    findings: tuple[Finding, ...]  # a monitoring body's finding, as a source records it

    def finding_lines(self) -> tuple[str, ...]:
        """Each monitoring body's finding with its confidence, to show beside (never inside) our reasons."""
        return tuple(
            f"finding of {f.body} ({f.verification.status.value}; source: {f.source.title}): {f.summary}"
            for f in self.findings
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "standard": self.standard,
            "requires": self.requires,
            "state": self.state.value,
            "reasons": list(self.reasons),
            "deciding": list(self.deciding),
            "treaty": None if self.treaty is None else vars(self.treaty),
            "findings": [f.model_dump(mode="json", exclude_none=True) for f in self.findings],
            "label": LABEL,
        }


def assessed(corpus: Corpus, rule: Rule, code: str) -> bool:
    """Whether ``rule`` measures ``code``: it is coded, in the rule's scope, and did not make the standard."""
    if code not in corpus.codings or (rule.jurisdictions and code not in rule.jurisdictions):
        return False
    std = rule.standard.partition(":")[0]
    maker = {s.id: s.jurisdiction for s in corpus.vocabulary.standards} if corpus.vocabulary else {}
    return maker.get(std) != code


def _variable_ids(facts: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.split(" = ", 1)[0] for f in facts))


def assess(corpus: Corpus, rule: Rule, code: str) -> Assessment:
    """The state of ``code`` under ``rule``, with its reasons: the first outcome whose condition holds."""
    entry: CodingEntry = corpus.codings[code]
    reasons: list[str] = []
    deciding: list[str] = []
    state: AssessmentState | None = None
    for outcome in rule.outcomes:
        verdict = (
            Verdict(True, ()) if outcome.when is None else evaluate(outcome.when, rule.topic, corpus, entry.values)
        )
        if verdict.holds is None:
            if state is None:
                state = AssessmentState.unknown
                deciding += _variable_ids(verdict.facts)
                reasons.append(f"{outcome.state.value} undecided: " + "; ".join(verdict.facts))
            continue
        if verdict.holds is False:
            reasons.append(f"not {outcome.state.value}: " + "; ".join(verdict.facts))
            continue
        because = f" ({'; '.join(verdict.facts)})" if verdict.facts else ""
        if state is None:
            state = outcome.state
            deciding += _variable_ids(verdict.facts)
            reasons.append(f"{outcome.state.value}: {outcome.reason}{because}")
        elif outcome.state is not AssessmentState.unknown:
            reasons.append(f"if not, {outcome.state.value}: {outcome.reason}{because}")
        break
    treaty = _treaty(corpus, rule, code)
    if treaty is not None:
        if not treaty.bound:
            reasons.append(f"not bound by {treaty.standard} (status: {treaty.status}); measured as a benchmark")
        if treaty.reservations:
            reasons.append("reservation or declaration recorded: " + " ".join(treaty.reservations.split()))
    findings = tuple(f for f in entry.findings if rule.standard.startswith(f.standard))
    return Assessment(
        code,
        rule.standard,
        rule.requires,
        state or AssessmentState.unknown,
        tuple(reasons),
        tuple(dict.fromkeys(deciding)),
        treaty,
        findings,
    )


def _treaty(corpus: Corpus, rule: Rule, code: str) -> TreatyView | None:
    if rule.treaty is None:
        return None
    status = corpus.jurisdictions[code].treaties.get(rule.treaty) if code in corpus.jurisdictions else None
    if status is None:
        return TreatyView(rule.treaty, "unknown", False, None, "unverified")
    return TreatyView(
        rule.treaty,
        status.status.value,
        status.status in BOUND,
        status.reservations,
        status.verification.status.value,
    )


# --- the coded comparison --------------------------------------------------------------------


@dataclass(frozen=True)
class VariableView:
    id: str
    label: str
    question: str
    type: str
    unit: str | None
    values: tuple[tuple[str, str], ...]  # (value, definition)
    standards: tuple[str, ...]


@dataclass(frozen=True)
class CodedCell:
    jurisdiction: str
    variable: str
    value: Any  # as coded: bool, int, date, list or text
    text: str  # as a table shows it
    provisions: tuple[str, ...]  # provision ids it rests on
    citations: tuple[str, ...]  # as written, with pinpoints: "es/lo-4-2000/art31bis (3)"
    verification: str
    verified_on: dt.date | None
    note: str | None
    unknown: bool
    not_applicable: bool

    @property
    def terms(self) -> tuple[str, ...]:
        """What a filter can match this value by: a set's members one by one (``none`` when empty), else its text."""
        if isinstance(self.value, list):
            return tuple(self.value) or (self.text,)
        return (self.text,)

    def as_dict(self) -> dict[str, Any]:
        out = dict(vars(self))
        out["value"] = self.value.isoformat() if isinstance(self.value, dt.date) else self.value
        out["verified_on"] = self.verified_on.isoformat() if self.verified_on else None
        out["provisions"], out["citations"] = list(self.provisions), list(self.citations)
        return out


@dataclass(frozen=True)
class RankEntry:
    rank: int  # ties share a rank
    jurisdiction: str
    state: AssessmentState
    differences: tuple[str, ...]  # the reasons it is not better, and the values that decided its state
    other_states: tuple[tuple[str, str], ...]  # (standard, state) of the topic's other rules
    good_practices: tuple[tuple[str, str], ...]  # (id, title) of practices and praised provisions


@dataclass(frozen=True)
class CodedComparison:
    topic: str
    topic_label: str
    method: str
    label: str
    jurisdictions: tuple[str, ...]
    variables: tuple[VariableView, ...]
    cells: tuple[CodedCell, ...]  # jurisdiction by jurisdiction, variables in codebook order
    assessments: tuple[Assessment, ...]
    ranked_by: str | None  # the standard the ranking orders by
    ranking: tuple[RankEntry, ...]

    def cell(self, jurisdiction: str, variable: str) -> CodedCell:
        return next(c for c in self.cells if c.jurisdiction == jurisdiction and c.variable == variable)

    def unknown_counts(self) -> dict[str, int]:
        return {j: sum(c.unknown for c in self.cells if c.jurisdiction == j) for j in self.jurisdictions}

    def all_unknown(self) -> tuple[str, ...]:
        """The jurisdictions with nothing coded on this topic yet: every value ``unknown``."""
        counts = self.unknown_counts()
        return tuple(j for j in self.jurisdictions if counts[j] == len(self.variables))

    def choices(self, variable: str) -> tuple[tuple[str, int], ...]:
        """The values a filter on ``variable`` can keep (see :attr:`CodedCell.terms`), each with how many
        jurisdictions have it: the codebook's values first, in its order, then the others, ``n/a`` and
        ``unknown`` last."""
        counts: dict[str, int] = {}
        for cell in self.cells:
            if cell.variable == variable:
                for term in dict.fromkeys(cell.terms):
                    counts[term] = counts.get(term, 0) + 1
        defined = [value for view in self.variables if view.id == variable for value, _ in view.values]
        last = {NOT_APPLICABLE: 1, UNKNOWN: 2}
        order = sorted(counts, key=lambda t: (last.get(t, 0), defined.index(t) if t in defined else len(defined)))
        return tuple((term, counts[term]) for term in order)

    def where(self, variable: str, value: str) -> tuple[str, ...]:
        """The jurisdictions whose ``variable`` is ``value`` (for a set: includes it), in column order."""
        return tuple(c.jurisdiction for c in self.cells if c.variable == variable and value in c.terms)

    def as_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "topic_label": self.topic_label,
            "method": self.method,
            "label": self.label,
            "jurisdictions": list(self.jurisdictions),
            "variables": [
                vars(v) | {"values": [{"value": a, "definition": b} for a, b in v.values], "standards": [*v.standards]}
                for v in self.variables
            ],
            "cells": [c.as_dict() for c in self.cells],
            "assessments": [a.as_dict() for a in self.assessments],
            "ranked_by": self.ranked_by,
            "ranking": [
                {
                    "rank": r.rank,
                    "jurisdiction": r.jurisdiction,
                    "state": r.state.value,
                    "differences": list(r.differences),
                    "other_states": [{"standard": s, "state": t} for s, t in r.other_states],
                    "good_practices": [{"id": i, "title": t} for i, t in r.good_practices],
                }
                for r in self.ranking
            ],
        }


def coded_topics(corpus: Corpus) -> list[str]:
    """The topics the codebook has variables for, in codebook order."""
    return [block.topic for block in corpus.codebook.topics] if corpus.codebook else []


def _cell(corpus: Corpus, entry: CodingEntry, topic: str, var: Variable) -> CodedCell:
    coded = entry.values.get((topic, var.id))
    value: Any = coded.value if coded is not None else UNKNOWN
    citations = tuple(coded.provisions) if coded else ()
    ids = tuple(dict.fromkeys(corpus.aliases.get(p, p) for p in (c.split(" ", 1)[0] for c in citations)))
    verification = entry.verification_of((topic, var.id)) if coded else entry.verification
    return CodedCell(
        entry.jurisdiction,
        var.id,
        value,
        value_text(var, value),
        ids,
        citations,
        verification.status.value if verification else "unverified",
        verification.date if verification else None,
        coded.note if coded else None,
        value == UNKNOWN,
        value == NOT_APPLICABLE,
    )


def _good_practices(corpus: Corpus, code: str, topic: str) -> tuple[tuple[str, str], ...]:
    def on_topic(topics: list[str]) -> bool:
        return topic in {a for t in topics for a in topic_ancestors(corpus, t)}

    out = [
        (gid, g.practice.title)
        for gid, g in sorted(corpus.practices.items())
        if corpus.jurisdictions.get(g.jurisdiction) is not None
        and code in (g.jurisdiction, corpus.jurisdictions[g.jurisdiction].parent)
        and on_topic(g.practice.topics)
    ]
    out += [
        (pid, p.provision.heading)
        for pid, p in sorted(corpus.provisions.items())
        if p.jurisdiction == code and p.provision.good_practice and on_topic(p.provision.topics)
    ]
    return tuple(out)


def _ranking(
    corpus: Corpus, topic: str, rows: Sequence[str], assessments: Sequence[Assessment], standard: str | None
) -> tuple[RankEntry, ...]:
    by: dict[tuple[str, str | None], Assessment] = {(a.jurisdiction, a.standard): a for a in assessments}
    ranked = [j for j in rows if (j, standard) in by]
    ranked.sort(key=lambda j: ORDER[by[(j, standard)].state])
    out: list[RankEntry] = []
    for position, code in enumerate(ranked, 1):
        lead = by[(code, standard)]
        same = out and out[-1].state is lead.state
        better = [s.value for s in ORDER if ORDER[s] < ORDER[lead.state]]
        decides = [r for r in lead.reasons if any(r.startswith(f"not {s}:") for s in better)]
        decides += [r for r in lead.reasons if r.startswith(f"{lead.state.value}:") or " undecided: " in r]
        out.append(
            RankEntry(
                out[-1].rank if same else position,
                code,
                lead.state,
                tuple(decides),
                tuple((a.standard, a.state.value) for a in assessments if a.jurisdiction == code and a is not lead),
                _good_practices(corpus, code, topic),
            )
        )
    return tuple(out)


def coded(
    corpus: Corpus, topic: str, jurisdictions: Sequence[str] | None = None, rank_by: str | None = None
) -> CodedComparison:
    """The coded comparison of ``topic``: values per jurisdiction, the derived assessment and the ranking.

    By default every coded jurisdiction, in the order of ``jurisdictions.yaml``; the ranking orders by
    ``rank_by`` (a standard reference), else by the topic's first rule.
    """
    if corpus.codebook is None:
        raise BadRequest("the corpus has no codebook.yaml, so there is no coded comparison")
    topics = coded_topics(corpus)
    if topic not in topics:
        raise BadRequest(f"the codebook has no variables for {topic!r} (coded topics: {', '.join(topics)})")
    for code in jurisdictions or ():
        if code not in corpus.jurisdictions:
            raise BadRequest(f"unknown jurisdiction {code!r}")
        if code not in corpus.codings:
            raise BadRequest(f"{code} has no coding (regions and cities are coded only where they have a file)")
    rows = tuple(jurisdictions) if jurisdictions else tuple(c for c in corpus.jurisdictions if c in corpus.codings)
    varlist = [v for (t, _), v in variables(corpus).items() if t == topic]
    rules = [r for r in corpus.codebook.rules if r.topic == topic]
    if rank_by is not None and rank_by not in {r.standard for r in rules}:
        raise BadRequest(f"no rule for {rank_by!r} on {topic} (rules: {', '.join(r.standard for r in rules)})")
    cells = tuple(_cell(corpus, corpus.codings[j], topic, v) for j in rows for v in varlist)
    assessments = tuple(assess(corpus, rule, j) for rule in rules for j in rows if assessed(corpus, rule, j))
    standard = rank_by or (rules[0].standard if rules else None)
    return CodedComparison(
        topic,
        corpus.topics[topic].label if topic in corpus.topics else topic,
        corpus.codebook.method,
        LABEL,
        rows,
        tuple(
            VariableView(
                v.id,
                v.label,
                v.question,
                v.type.value,
                v.unit,
                tuple((a.value, a.definition) for a in v.values),
                tuple(v.standards),
            )
            for v in varlist
        ),
        cells,
        assessments,
        standard,
        _ranking(corpus, topic, rows, assessments, standard),
    )
