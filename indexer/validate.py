"""Cross-record checks over a loaded corpus: ids, references, vocabulary and coverage.

:func:`check` is what ``lexcompare validate`` runs: loading problems (syntax,
shape) plus these.  Every problem carries a slug code and points at a line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from indexer.codecheck import check_coding
from indexer.corpus import Corpus, Where, topic_ancestors
from indexer.load import load_corpus
from indexer.models import STANDARD_REF, CoverageState
from indexer.problems import Problem
from indexer.readcache import ReadCache
from indexer.sources.config import check_sources
from indexer.text import did_you_mean, fold


class _Checker:
    def __init__(self, corpus: Corpus):
        self.c = corpus
        self.problems: list[Problem] = []
        vocab = corpus.vocabulary
        self.target_persons = {t.id for t in vocab.target_persons} if vocab else set()
        self.standards = {s.id for s in vocab.standards} if vocab else set()
        self.ids = set(corpus.provisions) | set(corpus.aliases)

    def add(self, where: Where, code: str, message: str) -> None:
        self.problems.append(Problem(where.path, where.line, code, message))

    def known(self, where: Where, kind: str, values: Iterable[str], choices: set[str]) -> None:
        if not choices:
            return  # the vocabulary file itself is missing or broken: that is the problem to report
        for value in values:
            if value not in choices:
                self.add(where, f"unknown-{kind}", f"{kind.replace('-', ' ')} {value!r}{did_you_mean(value, choices)}")

    def standard_refs(self, where: Where, refs: Iterable[str]) -> None:
        for ref in refs:
            m = STANDARD_REF.match(ref)
            if m and self.standards and m["standard"] not in self.standards:
                self.add(where, "unknown-standard", f"standard {ref!r}{did_you_mean(m['standard'], self.standards)}")

    def jurisdiction(self, where: Where, code: str | None) -> None:
        if code is not None and self.c.jurisdictions and code not in self.c.jurisdictions:
            self.add(where, "unknown-jurisdiction", f"jurisdiction {code!r}{did_you_mean(code, self.c.jurisdictions)}")

    def references(self, where: Where, ids: Iterable[str]) -> None:
        for ref in ids:
            if ref not in self.ids:
                self.add(where, "dangling-reference", f"no provision {ref!r}{did_you_mean(ref, self.ids)}")

    def acyclic(self, where: Where, what: str, start: str, up: Callable[[str], Iterable[str]]) -> None:
        # the hierarchy is walked with cycles cut everywhere else, so a cycle would only show as odd filters
        seen: set[str] = set()
        todo = list(up(start))
        while todo:
            node = todo.pop()
            if node == start:
                self.add(where, "hierarchy-cycle", f"{what} {start!r} is above itself (its parent/broader links loop)")
                return
            if node not in seen:
                seen.add(node)
                todo.extend(up(node))

    def run(self) -> list[Problem]:
        topics = set(self.c.topics)

        def parents(code: str) -> list[str]:
            jur = self.c.jurisdictions.get(code)
            return [jur.parent] if jur and jur.parent else []

        def broader(tid: str) -> list[str]:
            topic = self.c.topics.get(tid)
            return topic.broader if topic else []

        for code, jur in self.c.jurisdictions.items():
            where = self.c.where[code]
            self.jurisdiction(where, jur.parent)
            self.standard_refs(where, jur.treaties)
            self.acyclic(where, "jurisdiction", code, parents)
        self.names()
        for tid, topic in self.c.topics.items():
            where = self.c.where["topic:" + tid]
            self.known(where, "topic", topic.broader + topic.related, topics)
            self.standard_refs(where, topic.standards)
            self.acyclic(where, "topic", tid, broader)
        if self.c.vocabulary:
            instruments = set(self.c.instruments)
            for std in self.c.vocabulary.standards:
                if std.instrument and std.instrument not in instruments:
                    where = Where(self.c.root / "vocabulary.yaml", 1)
                    self.add(where, "dangling-reference", f"standard {std.id}: no instrument {std.instrument!r}")
        self.duplicate_instruments()
        for entry in self.c.instruments.values():
            self.jurisdiction(entry.where, entry.instrument.jurisdiction)
            if entry.instrument.jurisdiction != entry.jurisdiction:
                self.add(
                    entry.where,
                    "jurisdiction-mismatch",
                    f"the file is under {entry.jurisdiction.lower()}/ but says jurisdiction "
                    f"{entry.instrument.jurisdiction!r}",
                )
        for pid, p in self.c.provisions.items():
            prov = p.provision
            self.known(p.where, "topic", prov.topics, topics)
            self.known(p.where, "target-person", prov.target_persons, self.target_persons)
            self.standard_refs(p.where, prov.standards)
            self.references(p.where, (r for r in prov.related if r != pid))
        for practice in self.c.practices.values():
            self.jurisdiction(practice.where, practice.jurisdiction)
            self.known(practice.where, "topic", practice.practice.topics, topics)
            self.known(practice.where, "target-person", practice.practice.target_persons, self.target_persons)
            self.references(practice.where, practice.practice.related_provisions)
            if not practice.practice.related_provisions:
                self.add(practice.where, "practice-unlinked", "a practice names the provisions it works with")
        self.coverage(topics)
        return self.problems

    def duplicate_instruments(self) -> None:
        """One instrument, one file: a copy under another name would list every provision twice, under two ids.

        Both files are named, each in a problem of its own: which one is the copy is for the curator to say.
        """
        first: dict[tuple[str, str, str], str] = {}
        for iid in sorted(self.c.instruments):
            inst = self.c.instruments[iid].instrument
            keys = [("citation", " ".join(inst.citation.casefold().split()), inst.citation)]
            keys += [
                (name, v, v) for name, v in (("ELI", inst.identifiers.eli), ("CELEX", inst.identifiers.celex)) if v
            ]
            for name, key, shown in keys:
                seen = first.setdefault((inst.jurisdiction, name, key), iid)
                if seen != iid:
                    for this, other in ((iid, seen), (seen, iid)):
                        there = self.c.instruments[other].where
                        self.add(
                            self.c.instruments[this].where,
                            "duplicate-instrument",
                            f"{this} is the same instrument as {other} ({there}): same {name} {shown!r}; keep one file",
                        )
                    break

    def names(self) -> None:
        """A name, alias or abbreviation that means two things would send a query to the wrong place."""
        owner: dict[str, str] = {}
        for code, jur in self.c.jurisdictions.items():
            for name in {fold(n) for n in [jur.name, *jur.native_names.values(), *jur.aliases]}:
                if owner.setdefault(name, code) != code:
                    self.add(
                        self.c.where[code],
                        "name-twice",
                        f"{name!r} names both {owner[name]} and {code}; keep it on one",
                    )
        if self.c.vocabulary:
            where = Where(self.c.root / "vocabulary.yaml", 1)
            for abbreviation in self.c.vocabulary.abbreviations:
                short = fold(abbreviation.short)
                if owner.setdefault(short, abbreviation.short) != abbreviation.short:
                    self.add(where, "name-twice", f"abbreviation {abbreviation.short!r} also names {owner[short]}")
            for everyday in self.c.vocabulary.everyday_words:
                for word in everyday.words:
                    if owner.setdefault(fold(word), everyday.means) != everyday.means:
                        self.add(where, "name-twice", f"everyday word {word!r} also names {owner[fold(word)]}")

    def coverage(self, topics: set[str]) -> None:
        with_provisions = {
            (p.jurisdiction, a)
            for p in self.c.provisions.values()
            for t in p.provision.topics
            for a in topic_ancestors(self.c, t)
        }
        for (code, topic), note in self.c.coverage.items():
            where = self.c.where[f"coverage:{code}:{topic}"]
            self.jurisdiction(where, code)
            self.known(where, "topic", [topic], topics)
            if note.state is CoverageState.provisions:
                self.add(where, "coverage-derived", "'provisions' is derived from the data; do not write it")
            elif (code, topic) in with_provisions:
                self.add(
                    where,
                    "coverage-contradiction",
                    f"{code} × {topic} is stated {note.state.value!r} but the corpus has provisions for it",
                )
            elif note.state is CoverageState.none and not note.sources:
                self.add(where, "coverage-unsourced", "'none' needs the source that says there is no provision")
        core = [tid for tid, t in self.c.topics.items() if t.core]
        for code, jur in self.c.jurisdictions.items():
            if jur.parent is not None:
                continue  # regions and cities state coverage where they have measures of their own
            for topic in core:
                if (code, topic) not in with_provisions and (code, topic) not in self.c.coverage:
                    where = Where(self.c.root / code.lower() / "coverage.yaml", 1)
                    self.add(where, "coverage-missing", f"no provision and no stated coverage for {code} × {topic}")


def validate(corpus: Corpus) -> list[Problem]:
    """Cross-record problems of a loaded corpus (unknown ids, dangling references, coverage)."""
    return _Checker(corpus).run()


def check(root: Path, cache: ReadCache | None = None) -> tuple[Corpus, list[Problem]]:
    """Load and validate ``root``: the corpus and every problem, sorted by file and line."""
    corpus, problems = load_corpus(root, cache)
    return corpus, sorted(set(problems + validate(corpus) + check_coding(corpus) + check_sources(corpus)))
