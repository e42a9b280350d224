"""Corpus (+ cached official texts) -> index, built aside and swapped in atomically.

Layout of an index directory::

    <index>/current -> gen-20261121T101500-1234   (symlink, replaced atomically)
    <index>/gen-.../                               (Whoosh files + sidecars + manifest.json)
    <index>/.lock                                  (held by the one build running)

A build writes a new generation next to the current one and only then points
``current`` at it, so a build that is interrupted (even by ``kill -9``) leaves
the previous index serving.  The previous generation is kept for readers
that still have it open; older ones are removed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from indexer import __version__
from indexer.corpus import Corpus, PracticeEntry, ProvisionEntry, topic_ancestors
from indexer.engine import IndexDoc, fold, text_field_for, write_index
from indexer.errors import BadRequest, CorpusError, IndexBusy
from indexer.layout import DOCS, MANIFEST, SCHEMA_VERSION, TABLES
from indexer.names import jurisdiction_names, topic_names
from indexer.sources.cache import OfficialText, official_texts
from indexer.validate import check


def standard_keys(ref: str) -> list[str]:
    """Filter keys of a standard reference: ``coe-istanbul:59(1)`` -> itself, ``coe-istanbul:59``, ``coe-istanbul``."""
    keys = [ref]
    std, _, pin = ref.partition(":")
    if pin:
        article = pin.split("(")[0]
        if article != pin:
            keys.append(f"{std}:{article}")
        keys.append(std)
    return keys


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


def _jurisdiction_text(corpus: Corpus, codes: list[str]) -> list[str]:
    table = jurisdiction_names(corpus)
    return [name for code in codes for name in table.get(code, [code])]


def provision_doc(corpus: Corpus, entry: ProvisionEntry, official: OfficialText | None) -> IndexDoc:
    """The index document of one provision."""
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
            + _jurisdiction_text(corpus, scopes["jurisdiction_scope"])
        ),
        body="\n".join(
            [p.summary, p.plain_summary or "", p.annotation, *condition_text]
            + [f"{c.citation} {c.note or ''}" for c in p.case_law]
            + ([f"{p.good_practice.why} {p.good_practice.by}"] if p.good_practice else [])
        ),
        labels=_labels(corpus, p.topics, p.target_persons),
        native=native,
        keywords={
            "jurisdiction": scopes["jurisdiction_scope"],
            "topic": scopes["topic_scope"],
            "person": p.target_persons,
            "standard": scopes["standard_scope"],
            "kind": [inst.kind.value],
            "type": ["provision"],
            "verification": [p.verification.status.value],
        },
    )


def practice_doc(corpus: Corpus, entry: PracticeEntry) -> IndexDoc:
    """The index document of one good practice."""
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
        names=" · ".join([*g.organisations, *g.places] + _jurisdiction_text(corpus, scopes["jurisdiction_scope"])),
        body="\n".join([g.summary, g.evidence, *g.praised_by, g.period or ""]),
        labels=_labels(corpus, g.topics, g.target_persons),
        keywords={
            "jurisdiction": scopes["jurisdiction_scope"],
            "topic": scopes["topic_scope"],
            "person": g.target_persons,
            "kind": ["practice"],
            "type": ["practice"],
            "verification": [g.verification.status.value],
        },
    )


def documents(corpus: Corpus, texts: dict[str, OfficialText]) -> Iterator[IndexDoc]:
    """Every index document of the corpus: provisions, then practices, in id order."""
    for pid in sorted(corpus.provisions):
        yield provision_doc(corpus, corpus.provisions[pid], texts.get(pid))
    for gid in sorted(corpus.practices):
        yield practice_doc(corpus, corpus.practices[gid])


def _surface_words(docs: list[IndexDoc]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for doc in docs:
        for text in (doc.heading, doc.names, doc.body, doc.labels, *doc.native.values()):
            counts.update(w for w in fold(text).split() if len(w) > 2 and not w.isdigit())
    return dict(counts)


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
        json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())


def build(corpus_dir: Path, index_dir: Path, texts_dir: Path) -> dict[str, Any]:
    """Validate the corpus, build a new index generation and make it current; return its manifest.

    Raises :class:`CorpusError` when the corpus has problems (nothing is
    written) and :class:`IndexBusy` when another build holds the lock.
    """
    corpus, problems = check(corpus_dir)
    if problems:
        raise CorpusError(f"the corpus has {len(problems)} problem(s), first: {problems[0]}; run 'lexcompare validate'")
    texts = official_texts(corpus, texts_dir)
    with build_lock(index_dir):
        started = dt.datetime.now(dt.UTC)
        name = f"gen-{started:%Y%m%dT%H%M%S%f}-{os.getpid()}"
        tmp = index_dir / (name + ".tmp")
        tmp.mkdir()
        docs = list(documents(corpus, texts))
        count = write_index(tmp, docs)
        by_id = {doc.id: doc for doc in docs}
        _write_json(tmp / DOCS, [_doc_row(by_id[doc.id]) for doc in docs])
        _write_json(
            tmp / TABLES,
            {
                "jurisdictions": jurisdiction_names(corpus),
                "parents": {code: j.parent for code, j in corpus.jurisdictions.items() if j.parent},
                "topics": topic_names(corpus),
                "broader": {tid: t.broader for tid, t in corpus.topics.items() if t.broader},
                "words": _surface_words(docs),
            },
        )
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "lexcompare_version": __version__,
            "corpus_sha256": corpus.sha256,
            "texts": sorted(texts),
            "built_at": started.isoformat(timespec="seconds"),
            "seconds": round((dt.datetime.now(dt.UTC) - started).total_seconds(), 3),
            "counts": {
                "documents": count,
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
        _remove_old_generations(index_dir, keep={name, _previous(index_dir, name)})
    return manifest


def _doc_row(doc: IndexDoc) -> dict[str, Any]:
    """What search needs per document without touching stored fields: filters, facets, citations."""
    d = doc.data
    return {
        "id": doc.id,
        "doc_type": d["doc_type"],
        "jurisdiction": d["jurisdiction"],
        "kind": d["kind"],
        "topics": d["topics"],
        "target_persons": d["target_persons"],
        "standards": sorted({s.partition(":")[0] for s in d["standards"]}),
        "good_practice": d["good_practice"],
        "verification": d["verification"],
        "pinpoint": d["pinpoint"],
        "instrument_id": d["instrument_id"],
        "instrument_names": d.get("instrument_names", []),
        **d["scopes"],
    }


def _switch_current(index_dir: Path, name: str) -> None:
    link = index_dir / "current"
    tmp_link = index_dir / f".current-{os.getpid()}"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    os.symlink(name, tmp_link)
    os.replace(tmp_link, link)  # atomic: readers see the old or the new generation, never neither
    _fsync_dir(index_dir)


def _previous(index_dir: Path, current: str) -> str:
    gens = sorted(p.name for p in index_dir.glob("gen-*") if not p.name.endswith(".tmp") and p.name != current)
    return gens[-1] if gens else ""


def _remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    for path in index_dir.glob("gen-*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
