"""Corpus (+ cached official texts) -> index, built aside and swapped in atomically.

Layout of an index directory::

    <index>/current -> gen-20261121T101500-1234   (symlink, replaced atomically)
    <index>/gen-.../                               (Whoosh files + sidecars + manifest.json)
    <index>/.lock                                  (held by the one build running)
    <index>/parsed/                                (corpus files as last read, by content hash)

A build writes a new generation next to the current one and only then points
``current`` at it, so a build that is interrupted (even by ``kill -9``) leaves
the previous index serving.  The previous generation is kept for readers
that still have it open; older ones are removed.

A build is incremental: documents whose content hash is unchanged are kept
from the current generation (whose segment files are linked, never changed),
only changed, added and removed ones are written, and corpus files are parsed
again only when their bytes changed.  A change to the code that builds, or
``full=True``, rebuilds everything.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import hashlib
import json
import os
import pickle
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer import __version__, engine, filters, readcache, records
from indexer import text as folding
from indexer.corpus import Corpus, PracticeEntry, ProvisionEntry, topic_ancestors
from indexer.engine import (
    ENGINE_VERSION,
    WRITER_MB,
    IndexDoc,
    text_field_for,
    update_index,
    write_index,
)
from indexer.errors import BadRequest, CorpusError, IndexBusy
from indexer.filters import FILTERS, facet_values, filter_values
from indexer.layout import MANIFEST, SCHEMA_VERSION, TABLES, WORDS, doc_sidecars
from indexer.records import standard_keys
from indexer.resolve import abbreviation_table, jurisdiction_names, topic_names
from indexer.sources.cache import OfficialText, official_texts
from indexer.text import TOKEN, fold_word
from indexer.validate import check

#: build state of a generation: each document's hash and texts (packed apart, unpacked only when it changes) and the
#: word counts, for the next build to compare with and update
BUILD_STATE = "build-state.pickle"
#: an incremental build is refused (the build is full) once this share of the documents was replaced
REWRITE_SHARE = 0.25


def _scopes(corpus: Corpus, code: str, topics: list[str], standards: list[str]) -> dict[str, list[str]]:
    jurisdictions = [code]
    parent = corpus.jurisdictions[code].parent if code in corpus.jurisdictions else None
    while parent and parent not in jurisdictions:
        jurisdictions.append(parent)
        parent = corpus.jurisdictions[parent].parent if parent in corpus.jurisdictions else None
    return {
        "jurisdiction_scope": jurisdictions,
        "topic_scope": sorted({a for t in topics for a in topic_ancestors(corpus, t)}),
        "standard_scope": sorted({k for s in standards for k in standard_keys(s)}),
    }


def _labels(corpus: Corpus, topics: list[str], persons: list[str]) -> str:
    words: list[str] = []
    for tid in topics:
        topic = corpus.topics.get(tid)
        if topic:
            words += [topic.label, *topic.labels.values()]
            words += [s for syns in topic.synonyms.values() for s in syns]
    if corpus.vocabulary:
        words += [p.label for p in corpus.vocabulary.target_persons if p.id in persons]
    return " · ".join(words)


def _jurisdiction_text(table: dict[str, list[str]], codes: list[str]) -> list[str]:
    return [name for code in codes for name in table.get(code, [code])]


def provision_doc(
    corpus: Corpus,
    entry: ProvisionEntry,
    official: OfficialText | None,
    names: dict[str, list[str]] | None = None,
) -> IndexDoc:
    """The index document of one provision (``names``: the corpus's :func:`jurisdiction_names`, if at hand)."""
    p = entry.provision
    inst = corpus.instruments[entry.instrument_id].instrument
    scopes = _scopes(corpus, entry.jurisdiction, p.topics, p.standards)
    conditions = p.conditions.model_dump(exclude_none=True) if p.conditions else {}
    condition_text = [
        v if isinstance(v, str) else " ".join(v if isinstance(v, list) else v.values()) for v in conditions.values()
    ]
    data: dict[str, Any] = {
        "id": entry.id,
        "doc_type": "provision",
        "jurisdiction": entry.jurisdiction,
        "instrument_id": entry.instrument_id,
        "instrument": inst.title.english,
        "instrument_original": inst.title.original,
        "citation": inst.citation,
        "instrument_names": [inst.title.original, inst.title.english, *inst.title.short, inst.citation],
        "kind": inst.kind.value,
        "language": inst.language,
        "pinpoint": p.pinpoint,
        "heading": p.heading,
        "summary": p.summary,
        "topics": p.topics,
        "target_persons": p.target_persons,
        "standards": p.standards,
        "status": p.status.value,
        "verification": p.verification.status.value,
        "verified_on": p.verification.date.isoformat() if p.verification.date else None,
        "good_practice": p.good_practice is not None,
        "url": inst.identifiers.url,
    }
    native: dict[str, str] = {}
    if official is not None:
        data.update(
            official_text=official.text,
            official_pinpoint=official.pinpoint,
            official_source=official.source_title,
            official_url=official.source_url,
            official_retrieved=official.retrieved.isoformat(),
            official_heading=official.heading,
            official_notes=list(official.notes),
            official_origin=official.origin,
            official_version=official.version,
            official_sha256=official.sha256,
        )
        native[text_field_for(inst.language)] = official.text
    return IndexDoc(
        id=entry.id,
        data=data | {"scopes": scopes},
        heading=p.heading,
        names=" · ".join(
            [inst.title.original, inst.title.english, *inst.title.short, inst.citation, p.pinpoint]
            + _jurisdiction_text(names or jurisdiction_names(corpus), scopes["jurisdiction_scope"])
        ),
        body="\n".join(
            [p.summary, p.plain_summary or "", p.annotation, *condition_text]
            + [f"{c.citation} {c.note or ''}" for c in p.case_law]
            + ([f"{p.good_practice.why} {p.good_practice.by}"] if p.good_practice else [])
        ),
        labels=_labels(corpus, p.topics, p.target_persons),
        native=native,
        keywords=filter_values(data | {"scopes": scopes}),
    )


def practice_doc(corpus: Corpus, entry: PracticeEntry, names: dict[str, list[str]] | None = None) -> IndexDoc:
    """The index document of one good practice (``names`` as for :func:`provision_doc`)."""
    g = entry.practice
    scopes = _scopes(corpus, entry.jurisdiction, g.topics, [])
    data: dict[str, Any] = {
        "id": entry.id,
        "doc_type": "practice",
        "jurisdiction": entry.jurisdiction,
        "instrument_id": None,
        "instrument": ", ".join(g.organisations),
        "instrument_names": [],
        "kind": "practice",
        "pinpoint": "",
        "heading": g.title,
        "summary": g.summary,
        "topics": g.topics,
        "target_persons": g.target_persons,
        "standards": [],
        "status": None,
        "verification": g.verification.status.value,
        "verified_on": g.verification.date.isoformat() if g.verification.date else None,
        "good_practice": True,
        "url": g.sources[0].url,
    }
    return IndexDoc(
        id=entry.id,
        data=data | {"scopes": scopes},
        heading=g.title,
        names=" · ".join(
            [*g.organisations, *g.places]
            + _jurisdiction_text(names or jurisdiction_names(corpus), scopes["jurisdiction_scope"])
        ),
        body="\n".join([g.summary, g.evidence, *g.praised_by, g.period or ""]),
        labels=_labels(corpus, g.topics, g.target_persons),
        keywords=filter_values(data | {"scopes": scopes}),
    )


def documents(corpus: Corpus, texts: dict[str, OfficialText]) -> Iterator[IndexDoc]:
    """Every index document of the corpus: provisions, then practices, in id order."""
    names = jurisdiction_names(corpus)
    for pid in sorted(corpus.provisions):
        yield provision_doc(corpus, corpus.provisions[pid], texts.get(pid), names)
    for gid in sorted(corpus.practices):
        yield practice_doc(corpus, corpus.practices[gid], names)


def _texts(doc: IndexDoc) -> tuple[str, ...]:
    """The texts of a document whose words the typo corrector may suggest."""
    return (doc.heading, doc.names, doc.body, doc.labels, *doc.native.values())


def _doc_hash(doc: IndexDoc) -> str:
    """Changes whenever anything the index holds of the document changes."""
    shape = [doc.id, doc.data, _texts(doc), sorted(doc.native), doc.keywords]
    return hashlib.blake2b(json.dumps(shape, ensure_ascii=False, sort_keys=True).encode(), digest_size=16).hexdigest()


class _Words:
    """Folded words of three letters or more (not numbers) with how often the documents use them.

    Documents are added and taken away, so that an incremental build updates the previous counts.
    """

    def __init__(self, counts: dict[str, int] | None = None):
        self.counts: Counter[str] = Counter(counts or {})
        self.raw: Counter[str] = Counter()  # words as written, folded once each at the end
        self._table: dict[str, int] | None = None

    def add(self, texts: Iterable[str], sign: int = 1) -> None:
        self._table = None
        raw: Counter[str] = Counter()
        for text in texts:
            raw.update(TOKEN.findall(text))
        if sign > 0:
            self.raw.update(raw)
        else:
            self.raw.subtract(raw)

    def table(self) -> dict[str, int]:
        """Each folded word's count (computed once until the next :meth:`add`)."""
        if self._table is None:
            counts = self.counts
            for word, count in self.raw.items():
                folded = fold_word(word.lower())
                if count and len(folded) > 2 and not folded.isdigit():
                    counts[folded] += count
            self.raw.clear()  # counted in
            # in word order, so that any build of the same documents writes the same table
            self._table = {word: counts[word] for word in sorted(counts) if counts[word] > 0}
        return self._table


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's build lock, or raise :class:`IndexBusy` at once."""
    if index_dir.exists() and not index_dir.is_dir():
        raise BadRequest(f"{index_dir} is a file, not an index directory; choose another --index")
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusy(f"another build is running on {index_dir} ({holder}); wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(path: Path, value: Any) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        # dumps, not dump: only the one-shot encoder is C (10k documents' sidecars: 3x faster)
        handle.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        handle.flush()
        os.fsync(handle.fileno())


@functools.cache
def build_key() -> str:
    """Changes with the code that shapes documents and analyses them: an index built otherwise is rebuilt whole.

    Read once per process, so that it describes the code this process runs even if the files change meanwhile.
    """
    digest = hashlib.sha256(f"{SCHEMA_VERSION} {__version__} {ENGINE_VERSION}".encode())
    for module in (engine, folding, filters, records, sys.modules[__name__]):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


@dataclass
class _Previous:
    """What the current generation holds that an incremental build reuses."""

    generation: Path
    docs: dict[str, tuple[str, bytes]]  # id -> (hash, texts packed: unpacked only for a document that changed)
    words: dict[str, int]
    deleted: int  # deleted documents its segments still carry


def _previous(index_dir: Path, key: str) -> _Previous | None:
    """The current generation, if it was built by this code and is whole; else None (build from scratch)."""
    try:
        generation = (index_dir / "current").resolve(strict=True)
        manifest = json.loads((generation / MANIFEST).read_text("utf-8"))
        if manifest.get("build_key") != key:
            return None
        state = pickle.loads((generation / BUILD_STATE).read_bytes())
        return _Previous(generation, state["docs"], state["words"], int(state["deleted"]))
    except Exception:  # noqa: BLE001 - anything missing or unreadable: the full build replaces it
        return None


class _Plan:
    """Everything a generation holds besides the engine's files, gathered while documents stream by."""

    def __init__(self, previous: _Previous | None):
        self.previous = previous
        self.rows: list[dict[str, Any]] = []
        self.docs: dict[str, tuple[str, bytes]] = {}
        self.words = _Words(previous.words if previous else None)
        self.changed: list[IndexDoc] = []

    def see(self, doc: IndexDoc) -> bool:
        """Record ``doc``; whether the index must (re)write it."""
        digest = _doc_hash(doc)
        self.rows.append(_doc_row(doc))
        before = self.previous.docs.get(doc.id) if self.previous else None
        if before is not None and before[0] == digest:
            self.docs[doc.id] = before
            return False
        texts = _texts(doc)
        self.docs[doc.id] = (digest, pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL))
        if before is not None:
            self.words.add(pickle.loads(before[1]), -1)
        self.words.add(texts)
        return True

    def every(self, docs: Iterable[IndexDoc]) -> Iterator[IndexDoc]:
        for doc in docs:
            self.see(doc)
            yield doc

    def removed(self) -> list[str]:
        """Ids of the previous generation's documents that are gone."""
        if self.previous is None:
            return []
        gone = [doc_id for doc_id in self.previous.docs if doc_id not in self.docs]
        for doc_id in gone:
            self.words.add(pickle.loads(self.previous.docs[doc_id][1]), -1)
        return gone


def _practice_names(plan: _Plan, words: dict[str, int]) -> list[str]:
    """Words of practices' titles, organisations and places that no provision uses ("CommunityLinkage",
    "Shpresa"): a query with one of them asks for that practice."""
    in_practices = _Words()
    titles: set[str] = set()
    for row in plan.rows:
        if row["doc_type"] == "practice":
            texts = pickle.loads(plan.docs[row["id"]][1])
            in_practices.add(texts)
            titles.update(fold_word(w.lower()) for w in TOKEN.findall(f"{texts[0]} {texts[1]}"))
    counts = in_practices.table()
    return sorted(w for w in titles if w in counts and counts[w] == words.get(w))


def _write_generation(
    tmp: Path, corpus: Corpus, texts: dict[str, OfficialText], previous: _Previous | None, memory_mb: int, procs: int
) -> tuple[_Plan, dict[str, Any]]:
    """Write the engine's files into ``tmp`` (incrementally from ``previous`` when worth it)."""
    if previous is not None:
        plan = _Plan(previous)
        changed = [doc for doc in documents(corpus, texts) if plan.see(doc)]
        removed = plan.removed()
        replaced = [doc.id for doc in changed if doc.id in previous.docs]
        if previous.deleted + len(replaced) + len(removed) <= REWRITE_SHARE * max(1, len(plan.rows)):
            order = [row["id"] for row in plan.rows]
            deleted = update_index(tmp, previous.generation, order, replaced + removed, changed, memory_mb)
            mode = {"mode": "incremental", "rewritten": len(changed), "removed": len(removed)}
            return plan, mode | {"deleted": deleted}
    plan = _Plan(None)
    expected = len(corpus.provisions) + len(corpus.practices)
    docs = plan.every(documents(corpus, texts))
    # the word counts are folded while the writer's processes write (when there are several)
    write_index(tmp, docs, [f.name for f in FILTERS], memory_mb, procs, expected, plan.words.table)
    return plan, {"mode": "full", "rewritten": len(plan.rows), "removed": 0, "deleted": 0}


def build(
    corpus_dir: Path,
    index_dir: Path,
    texts_dir: Path,
    *,
    full: bool = False,
    memory_mb: int | None = None,
    procs: int | None = None,
) -> dict[str, Any]:
    """Validate the corpus, build a new index generation and make it current; return its manifest.

    The new generation reuses the current one's unchanged documents unless ``full`` (or the
    code that builds changed, or too many documents were replaced since the last full build).
    ``memory_mb`` bounds the index writer's sorting memory (default: ``LEXCOMPARE_BUILD_MB`` or
    :data:`indexer.engine.WRITER_MB`), shared by the ``procs`` processes that write a full build
    (default: ``LEXCOMPARE_BUILD_PROCS`` or 1).  Raises :class:`CorpusError` when the corpus has problems
    (no index is written) and :class:`IndexBusy` when another build holds the lock.
    """
    memory_mb = _memory_bound(memory_mb)
    procs = _writer_procs(procs)
    cache = readcache.for_index(index_dir)
    corpus, problems = check(corpus_dir, cache)
    if problems:
        raise CorpusError(f"the corpus has {len(problems)} problem(s), first: {problems[0]}; run 'lexcompare validate'")
    texts = official_texts(corpus, texts_dir)
    with build_lock(index_dir):
        started = dt.datetime.now(dt.UTC)
        name = f"gen-{started:%Y%m%dT%H%M%S%f}-{os.getpid()}"
        tmp = index_dir / (name + ".tmp")
        tmp.mkdir()
        key = build_key()
        previous = None if full else _previous(index_dir, key)
        plan, how = _write_generation(tmp, corpus, texts, previous, memory_mb, procs)
        for sidecar, value in doc_sidecars(plan.rows, [f.name for f in FILTERS]).items():
            _write_json(tmp / sidecar, value)
        words = plan.words.table()
        _write_json(tmp / WORDS, words)
        _write_json(
            tmp / TABLES,
            {
                "jurisdictions": jurisdiction_names(corpus),
                "kinds": {code: j.kind.value for code, j in corpus.jurisdictions.items()},
                "topics": topic_names(corpus),
                "topics_en": topic_names(corpus, "en"),
                "abbreviations": abbreviation_table(corpus),
                "practice_names": _practice_names(plan, words),
            },
        )
        with open(tmp / BUILD_STATE, "wb") as handle:
            state = {"docs": plan.docs, "words": words, "deleted": how["deleted"]}
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.flush()
            os.fsync(handle.fileno())
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "lexcompare_version": __version__,
            "build_key": key,
            "corpus_sha256": corpus.sha256,
            "texts": sorted(texts),
            "built_at": started.isoformat(timespec="seconds"),
            "seconds": round((dt.datetime.now(dt.UTC) - started).total_seconds(), 3),
            "build": how,
            "counts": {
                "documents": len(plan.rows),
                "provisions": len(corpus.provisions),
                "practices": len(corpus.practices),
                "official_texts": len(texts),
                "jurisdictions": len(corpus.jurisdictions),
                "topics": len(corpus.topics),
            },
        }
        _write_json(tmp / MANIFEST, manifest)
        _fsync_dir(tmp)
        final = index_dir / name
        tmp.rename(final)
        _switch_current(index_dir, name)
        _remove_old_generations(index_dir, keep={name, _previous_generation(index_dir, name)})
        if cache is not None:
            cache.prune()
    return manifest


def _memory_bound(given: int | None) -> int:
    """The writer's sorting memory: as given, else ``LEXCOMPARE_BUILD_MB``, else the engine's default."""
    value = str(given) if given is not None else os.environ.get("LEXCOMPARE_BUILD_MB", "")
    if not value:
        return WRITER_MB
    if not value.isdigit() or not 16 <= int(value) <= 1_000_000:
        shown = "--memory-mb" if given is not None else "LEXCOMPARE_BUILD_MB"
        raise BadRequest(f"{shown}={value!r}: give the build's sorting memory in MB, 16 or more")
    return int(value)


def _writer_procs(given: int | None) -> int:
    """How many processes write a full build: as given, else ``LEXCOMPARE_BUILD_PROCS``, else 1."""
    value = str(given) if given is not None else os.environ.get("LEXCOMPARE_BUILD_PROCS", "")
    if not value:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 64:
        shown = "--procs" if given is not None else "LEXCOMPARE_BUILD_PROCS"
        raise BadRequest(f"{shown}={value!r}: give the number of processes that write the index, 1 to 64")
    return int(value)


def _doc_row(doc: IndexDoc) -> dict[str, Any]:
    """What search needs per document without touching stored fields: filters, facets, citations."""
    d = doc.data
    return {
        "id": doc.id,
        "doc_type": d["doc_type"],
        "jurisdiction": d["jurisdiction"],
        "pinpoint": d["pinpoint"],
        "instrument_id": d["instrument_id"],
        "instrument_names": d.get("instrument_names", []),
        "filters": doc.keywords,
        "facets": facet_values(d),
    }


def _switch_current(index_dir: Path, name: str) -> None:
    link = index_dir / "current"
    tmp_link = index_dir / f".current-{os.getpid()}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    os.symlink(name, tmp_link)
    os.replace(tmp_link, link)  # atomic: readers see the old or the new generation, never neither
    _fsync_dir(index_dir)


def _previous_generation(index_dir: Path, current: str) -> str:
    gens = sorted(p.name for p in index_dir.glob("gen-*") if not p.name.endswith(".tmp") and p.name != current)
    return gens[-1] if gens else ""


def _remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    for path in index_dir.glob("gen-*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
