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
    CodedValue,
    Condition,
    Finding,
    Rule,
    TreatyState,
    Variable,
    VariableType,
    VerificationStatus,
)

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


def variables(corpus: Corpus) -> dict[tuple[str, str], Variable]:
    """Every codebook variable by (topic, variable id), in codebook order."""
    if corpus.codebook is None:
        return {}
    return {(block.topic, var.id): var for block in corpus.codebook.topics for var in block.variables}


def value_text(var: Variable, value: Any) -> str:
    """A coded value as a table shows it: ``24 months``, ``yes``, ``police-report, conviction``."""
    if value in (UNKNOWN, NOT_APPLICABLE):
        return str(value)
    if var.type is VariableType.boolean:
        return "yes" if value else "no"
    if var.type is VariableType.integer:
        return f"{value} {var.unit}"
    if var.type is VariableType.set:
        return ", ".join(value) if value else "none"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def allowed(var: Variable, value: object) -> str | None:
    """Why ``value`` is not allowed for ``var``, or None when it is."""
    if value in (UNKNOWN, NOT_APPLICABLE):
        return None
    names = [v.value for v in var.values]
    if var.type is VariableType.enum:
        ok = isinstance(value, str) and value in names
    elif var.type is VariableType.set:
        ok = isinstance(value, list) and all(v in names for v in value) and len(set(value)) == len(value)
    elif var.type is VariableType.integer:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif var.type is VariableType.boolean:
        ok = isinstance(value, bool)
    else:
        ok = isinstance(value, dt.date)
    if ok:
        return None
    expected = {
        VariableType.enum: f"one of {', '.join(names)}",
        VariableType.set: f"a list of distinct values from {', '.join(names)}",
        VariableType.integer: f"a whole number of {var.unit}, 0 or more",
        VariableType.boolean: "true or false",
        VariableType.date: "a date (YYYY-MM-DD)",
    }[var.type]
    return f"{value!r} is not allowed: expected {expected}, {UNKNOWN} or {NOT_APPLICABLE}"


# --- rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Verdict:
    holds: bool | None  # None: undecided, a value it needs is unknown
    facts: tuple[str, ...]  # the values that decided it ("min-duration = 36 months, needs at most 0")


def _expectation(test: Condition) -> str:
    if test.one_of is not None:
        return "one of " + ", ".join(test.one_of)
    if test.includes is not None:
        return "including one of " + ", ".join(test.includes)
    if test.equals is not None:
        return "yes" if test.equals else "no"
    if test.at_most is not None:
        return f"at most {test.at_most}"
    return f"at least {test.at_least}"


def _leaf(test: Condition, var: Variable, coded: CodedValue | None) -> _Verdict:
    value = coded.value if coded is not None else UNKNOWN
    fact = f"{var.id} = {value_text(var, value)}, needs {_expectation(test)}"
    if value == UNKNOWN or allowed(var, value) is not None:
        return _Verdict(None, (fact,))  # a value validation rejects decides nothing either
    if value == NOT_APPLICABLE:
        return _Verdict(False, (fact,))
    if test.one_of is not None:
        holds = value in test.one_of
    elif test.includes is not None:
        holds = isinstance(value, list) and bool(set(value) & set(test.includes))
    elif test.equals is not None:
        holds = value is test.equals
    elif isinstance(value, int) and test.at_most is not None:
        holds = value <= test.at_most
    else:
        holds = isinstance(value, int) and value >= (test.at_least or 0)
    return _Verdict(holds, (fact,))


def evaluate(cond: Condition, topic: str, corpus: Corpus, values: dict[tuple[str, str], CodedValue]) -> _Verdict:
    """Kleene three-valued logic over the coded values; the facts are those that decided the result."""
    if cond.variable is not None:
        return _leaf(cond, variables(corpus)[(topic, cond.variable)], values.get((topic, cond.variable)))
    group = cond.all if cond.all is not None else cond.any if cond.any is not None else cond.none or []
    parts = [evaluate(c, topic, corpus, values) for c in group]

    def facts(which: bool | None) -> tuple[str, ...]:
        return tuple(f for p in parts if p.holds is which for f in p.facts)

    decisive = cond.all is None  # any/none: one true part decides; all: one false part decides
    if any(p.holds is decisive for p in parts):
        result: _Verdict = _Verdict(decisive, facts(decisive))
    elif any(p.holds is None for p in parts):
        result = _Verdict(None, facts(None))
    else:
        result = _Verdict(not decisive, facts(not decisive))
    if cond.none is not None and result.holds is not None:
        return _Verdict(not result.holds, result.facts)
    return result


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
            _Verdict(True, ()) if outcome.when is None else evaluate(outcome.when, rule.topic, corpus, entry.values)
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


# --- flat tables (CLI csv, data package) --------------------------------------------------------


def coding_rows(result: CodedComparison, topic: str | None = None) -> list[dict[str, str]]:
    """Long format, one row per jurisdiction × variable: the columns of the data package's coding table."""
    return [
        {
            "jurisdiction": c.jurisdiction,
            "topic": topic or result.topic,
            "variable": c.variable,
            "value": c.text if c.value in (UNKNOWN, NOT_APPLICABLE) else _raw(c.value),
            "provisions": ";".join(c.citations),
            "verification": c.verification,
            "date": c.verified_on.isoformat() if c.verified_on else "",
            "note": " ".join((c.note or "").split()),
        }
        for c in result.cells
    ]


def _raw(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def assessment_rows(result: CodedComparison) -> list[dict[str, str]]:
    """One row per jurisdiction × standard: the columns of the data package's assessment table."""
    return [
        {
            "jurisdiction": a.jurisdiction,
            "standard": a.standard,
            "state": a.state.value,
            "reasons": " | ".join(a.reasons),
        }
        for a in result.assessments
    ]


# --- the data package's coded tables --------------------------------------------------------------

#: the coded tables' columns with their descriptions (Table Schema fields of type string unless _FIELD_EXTRAS says)
_COLUMNS: dict[str, dict[str, str]] = {
    "codebook": {
        "topic": "topic id",
        "variable": "variable id, unique within its topic",
        "label": "short label",
        "question": "the question the value answers",
        "type": "enum, set, integer, boolean or date",
        "unit": "unit of an integer variable",
        "values": "allowed values of an enum or set variable, ';'-separated (defined in codebook_values)",
        "standards": "standard paragraphs the variable operationalises, ';'-separated",
    },
    "codebook_values": {
        "topic": "topic id",
        "variable": "variable id",
        "value": "an allowed value",
        "definition": "what the value means",
    },
    "coding": {
        "jurisdiction": "jurisdiction code",
        "topic": "topic id",
        "variable": "variable id",
        "value": "the coded value: unknown, n/a, true/false, a number, a date, or values separated by ';'",
        "provisions": "provisions the value rests on, ';'-separated: '<provision id>' or '<id> <pinpoint>'",
        "verification": "how far the value was checked",
        "date": "when the value was verified",
        "note": "why this value, in the project's own words",
    },
    "assessment": {
        "jurisdiction": "jurisdiction code",
        "standard": "standard paragraph, e.g. coe-istanbul:59(1)",
        "state": "the project's own assessment, derived by the codebook's rules",
        "reasons": "which coded values triggered which outcome, ' | '-separated",
    },
}
_FIELD_EXTRAS: dict[tuple[str, str], dict[str, Any]] = {
    ("coding", "date"): {"type": "date"},
    ("coding", "verification"): {"constraints": {"enum": [s.value for s in VerificationStatus]}},
    ("assessment", "state"): {"constraints": {"required": True, "enum": [s.value for s in AssessmentState]}},
}
#: Table Schema fields of the coded tables, by table
CODED_FIELDS: dict[str, list[dict[str, Any]]] = {
    table: [
        {"name": name, "type": "string", "description": text} | _FIELD_EXTRAS.get((table, name), {})
        for name, text in columns.items()
    ]
    for table, columns in _COLUMNS.items()
}


def codebook_rows(corpus: Corpus) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The codebook as two flat tables: one row per variable, and one per allowed value."""
    variables_rows, values_rows = [], []
    for (topic, _), var in variables(corpus).items():
        variables_rows.append(
            {
                "topic": topic,
                "variable": var.id,
                "label": var.label,
                "question": " ".join(var.question.split()),
                "type": var.type.value,
                "unit": var.unit or "",
                "values": ";".join(v.value for v in var.values),
                "standards": ";".join(var.standards),
            }
        )
        values_rows += [
            {"topic": topic, "variable": var.id, "value": v.value, "definition": v.definition} for v in var.values
        ]
    return variables_rows, values_rows


def coded_tables(corpus: Corpus) -> dict[str, list[dict[str, str]]]:
    """Codebook, coding (long format) and assessment of every coded topic and jurisdiction (data package tables)."""
    if corpus.codebook is None:
        return {}
    book, values = codebook_rows(corpus)
    coding: list[dict[str, str]] = []
    assessment: list[dict[str, str]] = []
    for topic in coded_topics(corpus):
        result = coded(corpus, topic)
        coding += coding_rows(result)
        assessment += assessment_rows(result)
    return {"codebook": book, "codebook_values": values, "coding": coding, "assessment": assessment}
