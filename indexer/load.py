"""Load corpus/ into a :class:`~indexer.corpus.Corpus`, collecting every problem on the way.

Each record is validated on its own, so one bad provision is reported with its
line and the rest of its file still loads.  Cross-record checks (unknown ids,
dangling references, coverage) are in :mod:`indexer.validate`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from indexer.corpus import (
    CodingEntry,
    Corpus,
    InstrumentEntry,
    PracticeEntry,
    ProvisionEntry,
    Where,
)
from indexer.errors import CorpusError
from indexer.files import FileRefused, read_regular
from indexer.models import (
    SLUG_PATTERN,
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
from indexer.problems import Problem
from indexer.readcache import ReadCache
from indexer.yamlread import MAX_FILE_BYTES, Loc, YamlDoc, read_yaml

M = TypeVar("M", bound=BaseModel)

#: files at the top of corpus/ that the editorial loader leaves to other layers
OTHER_FILES = {"sources.yaml"}
#: a top file a corpus may go without (no codebook: no coded comparison, and no coding is required)
CODEBOOK_FILE = "codebook.yaml"
DIR_NAME = re.compile(r"^(eu|coe|[a-z]{2}(-[a-z0-9]{1,4})?)$")

# pydantic error types -> our problem codes
_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "string_too_short": "empty-field",
    "too_short": "too-few",
    "too_long": "too-many",
    "enum": "bad-value",
    "literal_error": "bad-value",
    "string_pattern_mismatch": "bad-id",
    "value_error": "bad-value",
}


def _code(error_type: str, loc: tuple[Any, ...]) -> str:
    if error_type.startswith("date") or error_type.startswith("datetime"):
        return "bad-date"
    if error_type == "string_too_short" and loc and loc[-1] == "summary":
        return "empty-summary"
    return _CODES.get(error_type, "wrong-type")


def _message(err: Any, loc: tuple[Any, ...]) -> str:
    where = ".".join(str(part) for part in loc)
    if err["type"] == "extra_forbidden":
        return f"unknown field {where!r}"
    if err["type"] == "missing":
        return f"missing field {where!r}"
    return f"{where}: {err['msg']}" if where else err["msg"]


def validate_record(doc: YamlDoc, model: type[M], data: Any, loc: Loc) -> tuple[M | None, list[Problem]]:
    """Validate one record against its model; problems point at the offending line."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            inner = tuple(part for part in err["loc"] if part != "[key]")
            full = (*loc, *inner)
            problems.append(doc.problem(full, _code(err["type"], inner), _message(err, inner)))
        return None, problems


def _records(doc: YamlDoc, key: str, model: type[M]) -> Iterator[tuple[int, M | None, list[Problem]]]:
    """Yield each record of the list under ``key`` in a file shaped ``{key: [...]}``."""
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        yield -1, None, [doc.problem((key,), "wrong-type", f"expected a list under {key!r}")]
        return
    for i, item in enumerate(items):
        record, problems = validate_record(doc, model, item, (key, i))
        yield i, record, problems


def _shape(doc: YamlDoc, allowed: set[str], required: set[str]) -> list[Problem]:
    """Top-level keys of a file: only ``allowed``, and each of ``required``."""
    if not isinstance(doc.data, dict):
        return [doc.problem((), "wrong-type", "expected a mapping at the top of the file")]
    problems = [
        doc.problem((key,), "unknown-field", f"unknown field {key!r} (expected {', '.join(sorted(allowed))})")
        for key in doc.data
        if key not in allowed
    ]
    problems += [doc.problem((), "missing-field", f"missing field {key!r}") for key in sorted(required - set(doc.data))]
    return problems


def corpus_files(root: Path) -> list[Path]:
    """Every YAML file of the corpus, in a stable order (the dataset's fingerprint covers these)."""
    return sorted(p for p in root.rglob("*.yaml") if "schema" not in p.relative_to(root).parts)


def fingerprint(root: Path) -> str:
    """sha256 over the relative paths and bytes of every corpus file (a refused one counts by its problem).

    It is read as validation reads: a FIFO, a device or a link outside the corpus is not
    opened (``search`` computes this on every run: it must never wait or read /dev/zero).
    """
    digest = hashlib.sha256()
    for path in corpus_files(root):
        digest.update(os.fsencode(path.relative_to(root)) + b"\0")  # a name need not be UTF-8
        try:
            data = read_regular(path, root, MAX_FILE_BYTES)
        except FileRefused as exc:  # validation reports it with its path
            data = f"{exc.code}: {exc.message}".encode()
        digest.update(data + b"\0")
    return digest.hexdigest()


class _Loader:
    def __init__(self, root: Path, cache: ReadCache | None = None):
        self.root = root
        self.cache = cache
        self.corpus = Corpus(root=root)
        self.problems: list[Problem] = []

    def label(self, path: Path) -> Path:
        return self.root / path.relative_to(self.root)

    def read(self, path: Path) -> YamlDoc | None:
        if self.cache is not None:
            doc, problems = self.cache.read(path, self.label(path), self.root)
        else:
            doc, problems = read_yaml(path, self.label(path), self.root)
        self.problems += problems
        return doc

    def run(self) -> None:
        # the files at the top of corpus/, each with its reader
        top = {
            "jurisdictions.yaml": self._jurisdictions,
            "topics.yaml": self._topics,
            "vocabulary.yaml": self._vocabulary,
        }
        for name, reader in top.items():
            path = self.root / name
            if not path.exists():
                self.problems.append(Problem(path, 1, "missing-file", f"the corpus needs {name}"))
                continue
            doc = self.read(path)
            if doc is not None:
                reader(doc)
        for path in corpus_files(self.root):
            rel = path.relative_to(self.root)
            if len(rel.parts) == 1:
                if rel.name == CODEBOOK_FILE:
                    doc = self.read(path)
                    if doc is not None:
                        self._codebook(doc)
                elif rel.name not in top and rel.name not in OTHER_FILES:
                    self.problems.append(Problem(path, 1, "unknown-file", "not a corpus file name"))
                continue
            if len(rel.parts) > 2 or not DIR_NAME.match(rel.parts[0]):
                self.problems.append(
                    Problem(path, 1, "bad-path", "corpus files live in corpus/<jurisdiction code in lower case>/")
                )
                continue
            if not re.match(SLUG_PATTERN, path.stem):  # the name is part of every id made from the file
                self.problems.append(
                    Problem(path, 1, "bad-path", "a corpus file is named <slug>.yaml: a-z, 0-9 and '-' only")
                )
                continue
            doc = self.read(path)
            if doc is None:
                continue
            code = rel.parts[0].upper()
            if rel.name == "practices.yaml":
                self._practices(doc, code)
            elif rel.name == "coverage.yaml":
                self._coverage(doc, code)
            elif rel.name == "coding.yaml":
                self._coding(doc, code)
            else:
                self._instrument(doc, code, f"{rel.parts[0]}/{path.stem}")
        for path in sorted(self.root.rglob("*.yml")):
            self.problems.append(Problem(path, 1, "bad-path", "corpus files end in .yaml, not .yml"))
        self.corpus.sha256 = fingerprint(self.root)

    def _jurisdictions(self, doc: YamlDoc) -> None:
        self.problems += _shape(doc, {"jurisdictions"}, {"jurisdictions"})
        for i, rec, problems in _records(doc, "jurisdictions", Jurisdiction):
            self.problems += problems
            if rec is not None:
                if rec.code in self.corpus.jurisdictions:
                    self.problems.append(
                        doc.problem(("jurisdictions", i, "code"), "duplicate-id", f"jurisdiction {rec.code} twice")
                    )
                self.corpus.jurisdictions[rec.code] = rec
                self.corpus.where[rec.code] = Where(doc.path, doc.line(("jurisdictions", i)))

    def _topics(self, doc: YamlDoc) -> None:
        self.problems += _shape(doc, {"topics"}, {"topics"})
        for i, rec, problems in _records(doc, "topics", Topic):
            self.problems += problems
            if rec is not None:
                if rec.id in self.corpus.topics:
                    self.problems.append(doc.problem(("topics", i, "id"), "duplicate-id", f"topic {rec.id!r} twice"))
                self.corpus.topics[rec.id] = rec
                self.corpus.where["topic:" + rec.id] = Where(doc.path, doc.line(("topics", i)))

    def _vocabulary(self, doc: YamlDoc) -> None:
        rec, problems = validate_record(doc, Vocabulary, doc.data, ())
        self.problems += problems
        self.corpus.vocabulary = rec

    def _instrument(self, doc: YamlDoc, code: str, instrument_id: str) -> None:
        self.problems += _shape(doc, {"instrument", "provisions"}, {"instrument"})
        if not isinstance(doc.data, dict):
            return
        instrument, problems = validate_record(doc, Instrument, doc.data.get("instrument"), ("instrument",))
        self.problems += problems
        if instrument is None:
            return
        self.corpus.instruments[instrument_id] = InstrumentEntry(
            instrument_id, code, instrument, Where(doc.path, doc.line(("instrument",)))
        )
        if "provisions" not in doc.data:
            return
        for i, rec, problems in _records(doc, "provisions", Provision):
            self.problems += problems
            if rec is None:
                continue
            pid = f"{instrument_id}/{rec.slug}"
            where = Where(doc.path, doc.line(("provisions", i)))
            if pid in self.corpus.provisions:
                self.problems.append(
                    doc.problem(("provisions", i, "slug"), "duplicate-id", f"provision {pid} is defined twice")
                )
                continue
            if pid in self.corpus.aliases:
                self.problems.append(self._alias_clash(doc, ("provisions", i, "slug"), pid))
            self.corpus.provisions[pid] = ProvisionEntry(pid, instrument_id, code, rec, where)
            for j, alias in enumerate(rec.aliases):
                if alias in self.corpus.aliases or alias in self.corpus.provisions or alias in self.corpus.practices:
                    self.problems.append(
                        doc.problem(("provisions", i, "aliases", j), "duplicate-id", f"alias {alias} is taken")
                    )
                self.corpus.aliases[alias] = pid

    def _alias_clash(self, doc: YamlDoc, loc: Loc, record_id: str) -> Problem:
        # an alias that names a live record would send its links and lookups to the other record
        return doc.problem(loc, "duplicate-id", f"{record_id} is already an alias of {self.corpus.aliases[record_id]}")

    def _practices(self, doc: YamlDoc, code: str) -> None:
        self.problems += _shape(doc, {"practices"}, {"practices"})
        for i, rec, problems in _records(doc, "practices", Practice):
            self.problems += problems
            if rec is None:
                continue
            pid = f"{code.lower()}/practices/{rec.slug}"
            if pid in self.corpus.practices:
                self.problems.append(
                    doc.problem(("practices", i, "slug"), "duplicate-id", f"practice {pid} is defined twice")
                )
                continue
            if pid in self.corpus.aliases:
                self.problems.append(self._alias_clash(doc, ("practices", i, "slug"), pid))
            self.corpus.practices[pid] = PracticeEntry(pid, code, rec, Where(doc.path, doc.line(("practices", i))))

    def _coverage(self, doc: YamlDoc, code: str) -> None:
        self.problems += _shape(doc, {"coverage"}, {"coverage"})
        entries = doc.data.get("coverage") if isinstance(doc.data, dict) else None
        if not isinstance(entries, dict):
            self.problems.append(doc.problem(("coverage",), "wrong-type", "expected topic: {state: ...} entries"))
            return
        for topic, value in entries.items():
            rec, problems = validate_record(doc, CoverageNote, value, ("coverage", topic))
            self.problems += problems
            if rec is not None:
                self.corpus.coverage[(code, str(topic))] = rec
                self.corpus.where[f"coverage:{code}:{topic}"] = Where(doc.path, doc.line(("coverage", topic)))

    def _codebook(self, doc: YamlDoc) -> None:
        rec, problems = validate_record(doc, Codebook, doc.data, ())
        self.problems += problems
        self.corpus.codebook = rec
        if rec is None:
            return
        for i, block in enumerate(rec.topics):
            for j, var in enumerate(block.variables):
                self.corpus.where[f"variable:{block.topic}:{var.id}"] = Where(
                    doc.path, doc.line(("topics", i, "variables", j))
                )
        for i in range(len(rec.rules)):
            self.corpus.where[f"rule:{i}"] = Where(doc.path, doc.line(("rules", i)))

    def _coding(self, doc: YamlDoc, code: str) -> None:
        # each value is checked on its own, so one bad value does not hide the rest of the file
        self.problems += _shape(doc, {"verification", "coding", "findings"}, {"verification", "coding"})
        if not isinstance(doc.data, dict):
            return
        verification, problems = validate_record(doc, Verification, doc.data.get("verification"), ("verification",))
        self.problems += problems
        values: dict[tuple[str, str], CodedValue] = {}
        where: dict[tuple[str, str], Where] = {}
        topics = doc.data.get("coding")
        if not isinstance(topics, dict):
            self.problems.append(doc.problem(("coding",), "wrong-type", "expected topic: {variable: {value: ...}}"))
            topics = {}
        for topic, variables in topics.items():
            if not isinstance(variables, dict):
                self.problems.append(doc.problem(("coding", topic), "wrong-type", "expected variable: {value: ...}"))
                continue
            for var, raw in variables.items():
                rec, problems = validate_record(doc, CodedValue, raw, ("coding", topic, var))
                self.problems += problems
                if rec is not None:
                    values[(str(topic), str(var))] = rec
                    where[(str(topic), str(var))] = Where(doc.path, doc.line(("coding", topic, var)))
        findings = []
        if "findings" in doc.data:
            for _, finding, problems in _records(doc, "findings", Finding):
                self.problems += problems
                if finding is not None:
                    findings.append(finding)
        self.corpus.codings[code] = CodingEntry(code, verification, values, where, findings, Where(doc.path, 1))


def load_corpus(root: Path, cache: ReadCache | None = None) -> tuple[Corpus, list[Problem]]:
    """Load every file under ``root``; return the corpus and the problems found while reading it.

    ``cache`` keeps parsed files by content, for builds that load the corpus again and again.
    Raises :class:`CorpusError` only when ``root`` is not a directory.
    """
    if not root.is_dir():
        raise CorpusError(f"{root}: no corpus directory here (use --corpus DIR)")
    loader = _Loader(root, cache)
    loader.run()
    return loader.corpus, loader.problems
