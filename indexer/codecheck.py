"""Checks of the codebook and of every jurisdiction's coding against it.

The codebook (``corpus/codebook.yaml``) names the variables of each topic and
the rules that measure coded values against standard paragraphs; each
jurisdiction's ``coding.yaml`` answers every variable.  These checks run with
``lexcompare validate``; each problem has a code and points at its line.
"""

from __future__ import annotations

from collections.abc import Iterator

from indexer.corpus import CodingEntry, Corpus, Where, topic_ancestors
from indexer.models import (
    NOT_APPLICABLE,
    STANDARD_REF,
    UNKNOWN,
    CodedValue,
    Condition,
    VariableType,
)
from indexer.problems import Problem
from indexer.rules import allowed, variables
from indexer.text import did_you_mean

#: which test of a condition fits which type of variable
TEST_TYPES = {
    "one_of": VariableType.enum,
    "includes": VariableType.set,
    "equals": VariableType.boolean,
    "at_most": VariableType.integer,
    "at_least": VariableType.integer,
}


def needs_coding(corpus: Corpus) -> list[str]:
    """The jurisdictions that must have a coding: every one that is not a region or a city (no parent)."""
    return [code for code, jur in corpus.jurisdictions.items() if jur.parent is None]


def _tests(cond: Condition) -> Iterator[Condition]:
    """Every single-variable test inside ``cond``."""
    if cond.variable is not None:
        yield cond
    for group in cond.groups():
        for inner in group or ():
            yield from _tests(inner)


class _Checker:
    def __init__(self, corpus: Corpus):
        self.c = corpus
        self.problems: list[Problem] = []
        self.vars = variables(corpus)
        self.standards = {s.id for s in corpus.vocabulary.standards} if corpus.vocabulary else set()

    def add(self, where: Where, code: str, message: str) -> None:
        self.problems.append(Problem(where.path, where.line, code, message))

    def standard(self, where: Where, ref: str) -> None:
        m = STANDARD_REF.match(ref)
        if m is None:
            self.add(where, "bad-value", f"{ref!r} is not a standard reference like 'coe-istanbul:59(1)'")
        elif self.standards and m["standard"] not in self.standards:
            self.add(where, "unknown-standard", f"standard {ref!r}{did_you_mean(m['standard'], self.standards)}")

    def run(self) -> list[Problem]:
        book = self.c.codebook
        if book is None:
            return []  # no codebook (or a broken one, reported while loading): nothing to code against
        seen: set[tuple[str, str]] = set()
        topics: set[str] = set()
        for block in book.topics:
            first = self.c.where[f"variable:{block.topic}:{block.variables[0].id}"]
            if block.topic in topics:
                self.add(first, "duplicate-id", f"topic {block.topic!r} has two blocks in the codebook")
            topics.add(block.topic)
            if self.c.topics and block.topic not in self.c.topics:
                self.add(first, "unknown-topic", f"topic {block.topic!r}{did_you_mean(block.topic, self.c.topics)}")
            for var in block.variables:
                where = self.c.where[f"variable:{block.topic}:{var.id}"]
                if (block.topic, var.id) in seen:
                    self.add(where, "duplicate-id", f"variable {var.id!r} twice in {block.topic}")
                seen.add((block.topic, var.id))
                for ref in var.standards:
                    self.standard(where, ref)
        for i in range(len(book.rules)):
            self.rule(i)
        for code in needs_coding(self.c):
            if code not in self.c.codings:
                where = Where(self.c.root / code.lower() / "coding.yaml", 1)
                self.add(
                    where,
                    "coding-missing",
                    f"{code} has no coding: every jurisdiction that is not a region or a city answers the codebook "
                    f"(write {code.lower()}/coding.yaml; 'unknown' is a value)",
                )
        for code, entry in self.c.codings.items():
            self.coding(code, entry)
        return self.problems

    def rule(self, i: int) -> None:
        assert self.c.codebook is not None
        rule = self.c.codebook.rules[i]
        where = self.c.where[f"rule:{i}"]
        self.standard(where, rule.standard)
        if rule.treaty is not None and self.standards and rule.treaty not in self.standards:
            self.add(where, "rule-bad-reference", f"treaty {rule.treaty!r} is not a standard of vocabulary.yaml")
        for code in rule.jurisdictions:
            if self.c.jurisdictions and code not in self.c.jurisdictions:
                hint = did_you_mean(code, self.c.jurisdictions)
                self.add(where, "rule-bad-reference", f"jurisdiction {code!r}{hint}")
        names = [v for (t, v) in self.vars if t == rule.topic]
        if not names:
            self.add(where, "rule-bad-reference", f"{rule.standard}: the codebook has no variables for {rule.topic!r}")
            return
        for outcome in rule.outcomes:
            for test in _tests(outcome.when) if outcome.when else ():
                assert test.variable is not None
                var = self.vars.get((rule.topic, test.variable))
                if var is None:
                    self.add(
                        where,
                        "rule-bad-reference",
                        f"{rule.standard}: {rule.topic} has no variable {test.variable!r}"
                        f"{did_you_mean(test.variable, names)}",
                    )
                    continue
                kind = next(k for k, t in zip(TEST_TYPES, test.tests(), strict=True) if t is not None)
                if TEST_TYPES[kind] is not var.type:
                    self.add(
                        where,
                        "rule-bad-reference",
                        f"{rule.standard}: '{kind}' tests a {TEST_TYPES[kind].value} variable; "
                        f"{test.variable!r} is {var.type.value}",
                    )
                listed = test.one_of or test.includes or []
                for value in listed:
                    if value not in {v.value for v in var.values}:
                        self.add(
                            where, "rule-bad-reference", f"{rule.standard}: {test.variable!r} has no value {value!r}"
                        )

    def coding(self, code: str, entry: CodingEntry) -> None:
        if self.c.jurisdictions and code not in self.c.jurisdictions:
            self.add(entry.file, "unknown-jurisdiction", f"coding for unknown jurisdiction {code!r}")
        for key, coded in entry.values.items():
            self.value(entry, key, coded)
        for topic, var in self.vars:
            if (topic, var) not in entry.values:
                self.add(
                    entry.file,
                    "coding-missing-variable",
                    f"{code} does not answer {topic} / {var} (write its value, or 'unknown')",
                )
        for finding in entry.findings:
            self.standard(entry.file, finding.standard)

    def value(self, entry: CodingEntry, key: tuple[str, str], coded: CodedValue) -> None:
        where = entry.where[key]
        topic, name = key
        var = self.vars.get(key)
        if var is None:
            hint = did_you_mean(f"{topic}/{name}", [f"{t}/{v}" for t, v in self.vars])
            self.add(where, "coding-unknown-variable", f"the codebook has no {topic}/{name}{hint}")
            return
        why = allowed(var, coded.value)
        if why:
            self.add(where, "coding-bad-value", f"{topic} / {name}: {why}")
        for ref in coded.provisions:
            pid = ref.split(" ", 1)[0]
            pid = self.c.aliases.get(pid, pid)
            prov = self.c.provisions.get(pid)
            if prov is None:
                self.add(where, "dangling-reference", f"no provision {pid!r}{did_you_mean(pid, self.c.provisions)}")
            elif topic not in {a for t in prov.provision.topics for a in topic_ancestors(self.c, t)}:
                self.add(where, "coding-off-topic", f"{pid} is cited for {topic} but does not carry that topic")
        if coded.value == UNKNOWN and coded.provisions and not coded.note:
            self.add(
                where,
                "coding-unknown-unexplained",
                f"{topic} / {name} is 'unknown' beside a cited provision: say in a note why it does not answer",
            )
        if coded.value not in (UNKNOWN, NOT_APPLICABLE) and not coded.provisions and not coded.note:
            self.add(
                where,
                "coding-uncited",
                f"{topic} / {name} = {coded.value!r} cites no provision: cite one, or say in a note what it rests on",
            )


def check_coding(corpus: Corpus) -> list[Problem]:
    """Problems of the codebook and of the codings (none when the corpus has no codebook)."""
    return _Checker(corpus).run()
