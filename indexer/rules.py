"""The codebook's rule interpreter: coded values, allowed values, and conditions in three-valued logic.

Pure functions over the loaded corpus.  A test on a value coded ``unknown`` is
undecided (None), one on ``n/a`` does not hold; ``all``/``any``/``none`` combine
them as Kleene's logic does, and every verdict carries the values that decided it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from indexer.corpus import Corpus
from indexer.models import NOT_APPLICABLE, UNKNOWN, CodedValue, Condition, Variable, VariableType


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


@dataclass(frozen=True)
class Verdict:
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


def _leaf(test: Condition, var: Variable, coded: CodedValue | None) -> Verdict:
    value = coded.value if coded is not None else UNKNOWN
    fact = f"{var.id} = {value_text(var, value)}, needs {_expectation(test)}"
    if value == UNKNOWN or allowed(var, value) is not None:
        return Verdict(None, (fact,))  # a value validation rejects decides nothing either
    if value == NOT_APPLICABLE:
        return Verdict(False, (fact,))
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
    return Verdict(holds, (fact,))


def evaluate(cond: Condition, topic: str, corpus: Corpus, values: dict[tuple[str, str], CodedValue]) -> Verdict:
    """Kleene three-valued logic over the coded values; the facts are those that decided the result."""
    if cond.variable is not None:
        return _leaf(cond, variables(corpus)[(topic, cond.variable)], values.get((topic, cond.variable)))
    group = cond.all if cond.all is not None else cond.any if cond.any is not None else cond.none or []
    parts = [evaluate(c, topic, corpus, values) for c in group]

    def facts(which: bool | None) -> tuple[str, ...]:
        return tuple(f for p in parts if p.holds is which for f in p.facts)

    decisive = cond.all is None  # any/none: one true part decides; all: one false part decides
    if any(p.holds is decisive for p in parts):
        result: Verdict = Verdict(decisive, facts(decisive))
    elif any(p.holds is None for p in parts):
        result = Verdict(None, facts(None))
    else:
        result = Verdict(not decisive, facts(not decisive))
    if cond.none is not None and result.holds is not None:
        return Verdict(not result.holds, result.facts)
    return result
