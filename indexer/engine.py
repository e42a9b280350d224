"""The one module that talks to Whoosh: schema, analysis, writing and querying.

Everything above it (build, search) deals in plain Python: :class:`IndexDoc`
to write, document numbers and scores to read.  Swapping the engine means
rewriting this file only.
"""

from __future__ import annotations

import bisect
import gc
import heapq
import itertools
import json
import multiprocessing
import os
import pickle
import shutil
import signal
import time
from array import array
from collections import ChainMap, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

import whoosh
from whoosh import highlight, index, matching, qparser, query, scoring
from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, W3TermsReader, _lenfield
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashReader
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from indexer.text import TOKEN, TOKEN_PATTERN, fold, fold_word

#: languages whose official text gets a stemmed field of its own (Whoosh has Snowball stemmers
#: for these); text in any other language goes to the accent-folded ``native`` field
STEMMED = {"en": "en", "es": "es", "it": "it", "fr": "fr", "de": "de", "nl": "nl", "sv": "sv", "no": "no", "da": "da"}
LANG_FIELD = {"nb": "no", "nn": "no", "no": "no", "ca": "es", "lb": "de"}

#: field -> weight in ranking; exact and citation-like fields count most, thesaurus labels least
TEXT_FIELDS = {
    "heading": 2.5,
    "names": 1.2,
    "body": 1.0,
    "labels": 0.5,
    "stems": 0.7,
    "native": 1.0,
    **{f"native_{lang}": 1.0 for lang in STEMMED},
}
QUERY_SECONDS = 1.5
MAX_EXPANSIONS = 64  # terms one prefix or wildcard may stand for in one field
MAX_QUERY_EXPANSIONS = 2048  # ... and all of them in one query


class FoldFilter(Filter):
    """Accent folding for every script (:func:`fold_word` of each token)."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold_word(token.text)
            yield token


def _stopwords() -> frozenset[str]:
    """Function words of every corpus language: in multilingual fields they would match everything."""
    words = {w for lang in STEMMED for w in stopwords_for_language(lang)}
    words |= {"a", "i", "v", "ve", "s", "se", "z", "na", "do", "pro", "k", "o", "za", "od", "je", "ter", "in", "pri"}
    words |= {"ο", "η", "το", "οι", "τα", "του", "της", "των", "και", "σε", "για", "με", "από", "να", "στο", "στη"}
    return frozenset(fold(w) for w in words)


class TruncateFilter(Filter):
    """Cut words to their first ``length`` letters: a crude stemmer for every language.

    Czech, Greek and Slovenian have no Snowball stemmer in Whoosh; "migrantů" and
    "migrants", "οικογενειακής" and "οικογενειακή" still meet on their first letters.
    """

    def __init__(self, length: int = 6):
        self.length = length

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for token in tokens:
            if len(token.text) >= 4 and not token.text.isdigit():
                token.text = token.text[: self.length]
                yield token


def folding_analyzer() -> Analyzer:
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | FoldFilter()


def multilingual_analyzer() -> Analyzer:
    """Folding without stemming, minus the function words of every corpus language."""
    return folding_analyzer() | StopFilter(stoplist=STOPWORDS, minsize=1)


def truncating_analyzer() -> Analyzer:
    return multilingual_analyzer() | TruncateFilter()


STOPWORDS = _stopwords()


class MemoStemFilter(StemFilter):
    """Whoosh's StemFilter with a plain dict for memory.

    Whoosh wraps the stemmer in a pure-Python LFU cache whose bookkeeping costs
    about as much per word as the Snowball stemmer itself; a dict lookup does not.
    """

    def clear(self) -> None:
        stem = stemmer_for_language(self.lang)
        memo: dict[str, str] = {}

        def cached(word: str) -> str:
            found = memo.get(word)
            if found is None:
                found = stem(word)
                if len(memo) < 500_000:
                    memo[word] = found
            return found

        self._stem = cached


def stemming_analyzer(lang: str) -> Analyzer:
    # stem before folding: Snowball's suffix lists carry the accents
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(lang=lang)
        | MemoStemFilter(lang=lang)
        | FoldFilter()
    )


def text_field_for(language: str) -> str:
    """The field that holds official text in ``language`` (BCP 47)."""
    base = LANG_FIELD.get(language.split("-")[0], language.split("-")[0])
    return f"native_{base}" if base in STEMMED else "native"


def make_schema(keyword_fields: Iterable[str]) -> Schema:
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "data": STORED(),
        "heading": TEXT(analyzer=multilingual_analyzer(), field_boost=TEXT_FIELDS["heading"]),
        "names": TEXT(analyzer=multilingual_analyzer(), field_boost=TEXT_FIELDS["names"]),
        "body": TEXT(analyzer=stemming_analyzer("en"), field_boost=TEXT_FIELDS["body"]),
        "labels": TEXT(analyzer=multilingual_analyzer(), field_boost=TEXT_FIELDS["labels"]),
        "native": TEXT(analyzer=multilingual_analyzer()),
        "stems": TEXT(analyzer=truncating_analyzer(), field_boost=TEXT_FIELDS["stems"]),
    }
    for lang in STEMMED:
        fields[f"native_{lang}"] = TEXT(analyzer=stemming_analyzer(lang))
    for name in keyword_fields:
        fields[name] = KEYWORD(lowercase=True, commas=True, scorable=False)
    return Schema(**fields)


@dataclass
class IndexDoc:
    """One searchable document (a provision or a good practice), engine-neutral."""

    id: str
    data: dict[str, Any]  # what a hit shows; stored as is
    heading: str = ""
    names: str = ""
    body: str = ""
    labels: str = ""
    native: dict[str, str] = field(default_factory=dict)  # field name -> official text
    keywords: dict[str, list[str]] = field(default_factory=dict)  # keyword field (a filter) -> values


#: the engine and its version: an index written by another version is rebuilt, not updated
ENGINE_VERSION = f"whoosh {whoosh.versionstring()}"
#: the writer's sorting memory by default (MB, all its processes together): postings beyond it are sorted in
#: runs on disk and merged; more pays only when it holds every posting of the build (2k documents, one
#: process: 32 MB as quick as 128 and 114 MB less peak; 1 GB, no run at all, 27% less CPU, 50 MB more peak)
WRITER_MB = 32
#: Whoosh document number of each of our document numbers, when they differ (after an update)
DOCMAP = "docmap.json"
_LOCK_FILE = "MAIN_WRITELOCK"


def _fields(doc: IndexDoc) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": doc.id,
        "data": doc.data,
        "heading": doc.heading,
        "names": doc.names,
        "body": doc.body,
        "labels": doc.labels,
        "stems": "\n".join([doc.heading, doc.names, doc.labels, doc.body, *doc.native.values()]),
    }
    values.update(doc.native)
    for name, items in doc.keywords.items():
        values[name] = ",".join(items)
    return values


def _add_all(writer: Any, docs: Iterable[IndexDoc]) -> int:
    count = 0
    try:
        for doc in docs:
            writer.add_document(**_fields(doc))
            count += 1
    except BaseException:
        writer.cancel()
        raise
    return count


def write_index(
    directory: Path,
    docs: Iterable[IndexDoc],
    keyword_fields: Iterable[str],
    memory_mb: int = WRITER_MB,
    procs: int = 1,
    expected: int = 0,
    meanwhile: Callable[[], object] = lambda: None,
) -> int:
    """Create a new index in ``directory`` (which must be empty) holding ``docs``; return the count.

    Our document numbers are the positions in ``docs``; ``keyword_fields`` are the fields of their
    ``keywords`` (each can be queried as ``field:value``).  ``memory_mb`` bounds the writer's
    in-memory sort of postings (of all its processes together); beyond it Whoosh spills sorted
    runs to disk and merges them at commit.  With ``procs`` above 1 and ``expected`` (about how
    many documents come) the documents are written in parts, one process and one segment each,
    and ``meanwhile`` (the caller's own work on the documents) runs while they write.
    """
    ix = index.create_in(str(directory), make_schema(keyword_fields))
    if procs > 1 and expected >= procs:
        return _write_parts(ix, directory, iter(docs), -(-expected // procs), procs, memory_mb, meanwhile)
    writer = ix.writer(limitmb=memory_mb, procs=1)
    count = _add_all(writer, docs)
    writer.commit()
    meanwhile()
    return count


def _write_parts(
    ix: Any,
    directory: Path,
    docs: Iterator[IndexDoc],
    size: int,
    procs: int,
    memory_mb: int,
    meanwhile: Callable[[], object],
) -> int:
    """Write ``docs`` in ``procs`` parts of ``size`` (the last takes the rest), each a segment by a process of its own.

    Part by part, the documents' fields go to a file that a forked process writes as a segment
    while the next part is read; the segments, in order, make the index, so Whoosh's document
    numbers are ours.  No merge follows: a query reads the parts' segments one after the other.
    """
    context = multiprocessing.get_context("fork")
    writer = ix.writer(limitmb=16)  # holds the index's lock and commits the parts; writes no document itself
    workers: list[tuple[Any, Any]] = []
    jobs: list[Path] = []
    count = 0
    try:
        for part in range(procs):
            jobs.append(directory / f"part-{part}.job")
            with open(jobs[-1], "wb") as handle:
                for doc in itertools.islice(docs, size if part < procs - 1 else None):
                    pickle.dump(_fields(doc), handle, protocol=pickle.HIGHEST_PROTOCOL)
                    count += 1
            receive, send = context.Pipe(duplex=False)
            worker = context.Process(
                target=_write_part, args=(directory, jobs[-1], max(1, memory_mb // procs), send), daemon=True
            )
            worker.start()
            send.close()
            workers.append((worker, receive))
        meanwhile()
        segments = []
        for worker, receive in workers:
            try:
                segment = receive.recv()
            except EOFError:
                worker.join()
                raise RuntimeError(f"an index writer process failed (exit code {worker.exitcode})") from None
            worker.join()
            if segment is not None:  # None: the part had no documents
                segments.append(segment)
        writer.commit(mergetype=lambda _writer, _segments: segments)
    except BaseException:
        for worker, _receive in workers:
            worker.terminate()
            worker.join()
        writer.cancel()
        raise
    finally:
        for job in jobs:
            job.unlink(missing_ok=True)
    return count


def _write_part(directory: Path, job: Path, memory_mb: int, send: Any) -> None:
    """In a process of its own: write the documents' fields in ``job`` as a new segment of the index; send it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build's process answers an interrupt, and ends this one
    gc.freeze()  # the collector would touch, and so copy, every object this process shares with the build's
    writer = SegmentWriter(index.open_dir(str(directory)), _lk=False, limitmb=memory_mb)
    with open(job, "rb") as handle:
        while True:
            try:
                fields = pickle.load(handle)
            except EOFError:
                break
            writer.add_document(**fields)
    send.send(writer._finalize_segment() if writer._added else None)


def update_index(
    directory: Path,
    base: Path,
    order: list[str],
    remove: Iterable[str],
    docs: Iterable[IndexDoc],
    memory_mb: int = WRITER_MB,
) -> int:
    """Write into the empty ``directory`` the index at ``base`` minus ``remove`` plus ``docs``.

    ``base`` is left untouched: its segment files never change once written, so they are
    linked (or copied where links are impossible) and the update adds a segment and records
    deletions in a new table of contents.  ``order`` lists every document id of the result in
    our numbering.  Returns how many deleted documents the segments still carry.
    """
    for path in base.iterdir():
        if path.name.startswith(("MAIN_", "_MAIN_")) and path.name != _LOCK_FILE:
            try:
                os.link(path, directory / path.name)
            except OSError:
                shutil.copy2(path, directory / path.name)
    ix = index.open_dir(str(directory))
    writer = ix.writer(limitmb=memory_mb, procs=1)
    with writer.searcher() as searcher:
        for doc_id in remove:
            writer.delete_by_term("id", doc_id, searcher=searcher)
    _add_all(writer, docs)
    writer.commit()
    with index.open_dir(str(directory)).reader() as reader:
        found: dict[str, int] = {}
        for sub, offset in reader.leaf_readers():
            # an id is in one document, so its term's first document is that document (unless deleted)
            for term, info in sub.iter_field("id"):
                if not sub.is_deleted(info.min_id()):
                    found[term.decode("utf-8")] = offset + info.min_id()
        numbers = [found[doc_id] for doc_id in order]
        deleted = reader.doc_count_all() - reader.doc_count()
    if numbers != list(range(len(numbers))):
        with open(directory / DOCMAP, "w", encoding="utf-8") as handle:
            json.dump(numbers, handle, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
    return deleted


@dataclass
class Match:
    """What a query found: document numbers with scores (best first), and the total."""

    total: int
    hits: list[tuple[int, float]]
    terms: set[str]  # analysed query terms that matched, for highlighting
    docs: set[int]  # every matching document, for facet counts
    timed_out: bool = False


def _positive_terms(q: query.Query) -> set[str]:
    """The words a query looks for (not those it excludes): what a highlight marks."""
    if isinstance(q, query.Not):
        return set()
    if isinstance(q, query.AndNot):
        return _positive_terms(q.a)
    if q.is_leaf():
        return {
            text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
            for _f, text in q.terms(phrases=True)
        }
    return set().union(*(_positive_terms(child) for child in q.children()))


_LENGTH_OF_BYTE = [None] + [byte_to_length(b) for b in range(1, 256)]


class _BulkLengthBM25F(scoring.BM25F):
    """BM25F whose scorers read document lengths from one copy of each length column.

    Whoosh's scorer asks the reader for every scored document's field length, a
    struct read per call and a fifth of a query's time; the values here are the same.
    Each scorer also carries ``norms``: per document, the length part of the BM25
    formula (``K1 * ((1 - B) + B * fl / avgfl)``, the same operations on the same
    values as Whoosh's :func:`whoosh.scoring.bm25`), for :func:`_leaf_scores`.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lengths: dict[tuple[int, str], list[int | None] | None] = {}
        self.norms: dict[tuple[int, str, float, float, float], list[float | None]] = {}
        self.kept = _ScoredPostings()

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        found = super().scorer(searcher, fieldname, text, qf)
        if isinstance(found, scoring.BM25FScorer):
            reader = searcher.reader()
            key = (id(reader), fieldname)
            if key not in self.lengths:
                self.lengths[key] = _length_column(reader, fieldname)
            lengths = self.lengths[key]
            if lengths is not None:
                count = len(lengths)
                found.dfl = lambda docnum: lengths[docnum] if docnum < count else None
                K1, B, avgfl = found.K1, found.B, found.avgfl  # noqa: N806 - the formula's names
                norm_key = (*key, K1, B, avgfl)
                if norm_key not in self.norms:
                    # a length of None (byte 0) is a document without the field, so without its postings
                    self.norms[norm_key] = [None if fl is None else K1 * ((1 - B) + B * fl / avgfl) for fl in lengths]
                found.norms = self.norms[norm_key]
                found.term, found.kept = (id(reader), fieldname, text), self.kept
                try:
                    found.first = reader.term_info(fieldname, text).min_id()
                except TermNotFound:
                    found.first = None
        return found


def _length_column(reader: Any, fieldname: str) -> list[int | None] | None:
    """Per document number, ``reader.doc_field_length(docnum, fieldname, 1)``; None if the layout is unknown."""
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return [1] * reader.doc_count_all()
    if getattr(column, "_fixedlen", None) != 1:
        return None
    return [_LENGTH_OF_BYTE[b] for b in column._dbfile.get(column._basepos, column._count)]


class _Expired(Exception):
    """The query's time ran out while its matches were read."""


def _all_scores(m: Any, deadline: float, boost: float = 1.0) -> dict[int, float]:
    """Every document a (segment's) matcher matches, with the score Whoosh gives it (``m.score()``) times ``boost``.

    Whoosh scores a query one document at a time through its tree of matchers, a few Python calls
    per node and document: a query of three common words over five fields was 50 ms at 10k
    provisions.  The usual nodes are read here a whole posting block at a time instead, and
    combined as dictionaries with the same operations on the same numbers in the same order (a
    union adds its children's scores, a wrapper multiplies by its boost), so every score is the
    same float.  A node of another kind (a phrase, a NOT) is stepped through as Whoosh would.
    ``boost`` is what the parent multiplies this node's scores by: a leaf does it as it scores.
    Raises :class:`_Expired` once the clock passes ``deadline``.
    """
    kind = type(m)
    if kind is matching.UnionMatcher or kind is matching.IntersectionMatcher:
        a, b = _all_scores(m.a, deadline), _all_scores(m.b, deadline)
        if len(a) < len(b):  # a + b is b + a: add the smaller into the larger
            a, b = b, a
        both = {doc: a[doc] + score for doc, score in b.items() if doc in a}
        if kind is matching.UnionMatcher:
            a.update(b)
            a.update(both)
            both = a
        return _times(both, boost)
    if kind is matching.ArrayUnionMatcher and m._scored:  # Whoosh's Or over a small index (5,000 documents or fewer)
        # it has summed its first part of documents already (its children stand past it); for the rest, its array
        # starts at 0 and adds each child's score times the boost, child by child; a match scores above 0
        start, offset, part = m._docnum, m._offset, m._a
        total = {offset + i: s for i, s in enumerate(part[start - offset : m._limit - offset], start - offset) if s > 0}
        rest: dict[int, float] = {}
        for child in m._submatchers:
            scores = _all_scores(child, deadline, m._boost)
            if len(rest) < len(scores):
                rest, scores = scores, rest
            both = {doc: rest[doc] + score for doc, score in scores.items() if doc in rest}
            rest.update(scores)
            rest.update(both)
        total.update((doc, s) for doc, s in rest.items() if s > 0)
        return _times(total, boost)
    if kind is matching.WrappingMatcher or kind is matching.FilterMatcher:
        # (score * 1.0) * boost is score * boost: a wrapper of boost 1 hands its parent's boost down
        own = m.boost
        scores = _all_scores(m.child, deadline, boost if own == 1.0 else own)
        if kind is matching.FilterMatcher:
            if m._exclude:  # the deleted documents of a segment, a few
                for doc in m._ids:
                    scores.pop(doc, None)
            else:
                scores = {doc: s for doc, s in scores.items() if doc in m._ids}
        return scores if own == 1.0 else _times(scores, boost)
    if not m.is_active():
        return {}
    if time.perf_counter() > deadline:
        raise _Expired
    if kind is W3LeafMatcher and hasattr(m.scorer, "norms"):
        return _leaf_scores(m, boost)
    if kind is matching.ListMatcher and hasattr(m._scorer, "norms"):  # postings inlined in the term's entry
        return dict(zip(m._ids[m._i :], _bm25(m._scorer, m._ids[m._i :], _list_weights(m), boost), strict=True))
    scores = {}
    seen = 0
    while m.is_active():
        scores[m.id()] = m.score()
        m.next()
        seen += 1
        if not seen % 256:
            if time.perf_counter() > deadline:
                raise _Expired
            m = m.replace(0)  # drops exhausted sub-matchers, keeps every match
    return _times(scores, boost)


def _times(scores: dict[int, float], boost: float) -> dict[int, float]:
    return scores if boost == 1.0 else {doc: s * boost for doc, s in scores.items()}


def _list_weights(m: Any) -> Sequence[float]:
    """The weights of a :class:`whoosh.matching.ListMatcher`'s postings from where it stands, as it reads them."""
    if m._all_weights:
        return [m._all_weights] * (len(m._ids) - m._i)
    if m._weights:
        return m._weights[m._i :]  # type: ignore[no-any-return]
    return [1.0] * (len(m._ids) - m._i)


def _leaf_scores(m: Any, boost: float) -> dict[int, float]:
    """A term's postings from where ``m`` stands, scored as its BM25F scorer would, times ``boost``.

    Reading a block is most of the cost (each holds its postings' positions too, pickled and
    compressed): the scores of a long posting list are kept (:class:`_ScoredPostings`), and a
    later query with the term reads them from there.
    """
    scorer = m.scorer
    key = (*scorer.term, boost)
    kept = scorer.kept.get(key)
    if kept is not None:
        first_block_max, ids, scores = kept
        if m._i == 0 and m._ids is None and m._maxid == first_block_max:  # the matcher stands at its start
            return dict(zip(ids, scores, strict=True))
        at = bisect.bisect_left(ids, m.id())
        return dict(zip(ids[at:], scores[at:], strict=True))
    first_block_max = m._maxid
    ids, scores = array("i"), array("d")
    while m.is_active():
        if m._ids is None:  # what m._read_ids() does, the differences summed in C
            if m._data is None:
                m._read_data()
            m._ids = m._data[0] if m._byteids else tuple(accumulate(m._data[0]))
        if m._weights is None:
            m._read_weights()
        start = m._i
        block = m._ids[start:]
        ids.extend(block)
        scores.extend(_bm25(scorer, block, m._weights[start:], boost))
        m._next_block()
    if ids and ids[0] == scorer.first:  # read from the list's first posting: all of it
        scorer.kept.put(key, (first_block_max, ids, scores))
    return dict(zip(ids, scores, strict=True))


def _bm25(scorer: Any, ids: Sequence[int], weights: Sequence[float], boost: float) -> list[float]:
    """``scorer.score()`` times ``boost`` of each posting: :func:`whoosh.scoring.bm25` with the length part read
    from ``norms`` (the same operations in the same order)."""
    idf, norms, k1_plus_1 = scorer.idf, scorer.norms, scorer.K1 + 1
    return [idf * ((tf * k1_plus_1) / (tf + norms[doc])) * boost for doc, tf in zip(ids, weights, strict=True)]


class _ScoredPostings:
    """The scores of the longest posting lists read lately, by (reader, field, term, boost), least recent out first.

    Each list is kept as two arrays (12 bytes a posting); at most :attr:`LIMIT` postings in all.
    """

    LIMIT = 1_000_000
    SHORTEST = 128  # a list of a block or less is read as fast as it is rebuilt

    def __init__(self) -> None:
        self.lists: OrderedDict[tuple[Any, ...], tuple[int, array[int], array[float]]] = OrderedDict()
        self.postings = 0

    def get(self, key: tuple[Any, ...]) -> tuple[int, array[int], array[float]] | None:
        found = self.lists.get(key)
        if found is not None:
            self.lists.move_to_end(key)
        return found

    def put(self, key: tuple[Any, ...], kept: tuple[int, array[int], array[float]]) -> None:
        if len(kept[1]) < self.SHORTEST:
            return
        self.lists[key] = kept
        self.postings += len(kept[1])
        while self.postings > self.LIMIT:
            _key, (_max, ids, _scores) = self.lists.popitem(last=False)
            self.postings -= len(ids)


class _TermTable:
    """A segment's term table (Whoosh's on-disk hash table) that remembers the terms looked up in it.

    Opening one query's matchers looks each term up several times (is it there, its document
    frequency for the idf, its entry for the postings), each lookup a few small reads of the
    file: a third of a query's time.  Segments never change, so what a lookup found stays true;
    the rest of the table (prefix listings, cursors) is the table's own.
    """

    LIMIT = 200_000  # terms remembered per segment, then looked up again each time

    def __init__(self, table: Any):
        self._table = table
        self._found: dict[bytes, tuple[int, int, bytes] | None] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)

    def _lookup(self, key: bytes) -> tuple[int, int, bytes] | None:
        if key in self._found:
            return self._found[key]
        found = None
        for datapos, datalen in self._table.ranges_for_key(key):
            found = (datapos, datalen, self._table.dbfile.get(datapos, datalen))
            break
        if len(self._found) < self.LIMIT:
            self._found[key] = found
        return found

    def __contains__(self, key: bytes) -> bool:
        return self._lookup(key) is not None

    def __getitem__(self, key: bytes) -> bytes:
        found = self._lookup(key)
        if found is None:
            raise KeyError(key)
        return found[2]

    def range_for_key(self, key: bytes) -> tuple[int, int]:
        found = self._lookup(key)
        if found is None:
            raise KeyError(key)
        return found[0], found[1]


class EngineIndex:
    """An open Whoosh index with one long-lived searcher."""

    def __init__(self, directory: Path):
        # Whoosh maps a segment and then copies each of its files into memory (BytesIO of the map): at 10k
        # provisions that is the 114 MB postings file, 70 ms of a cold open and most of a searcher's memory
        # (348 MB peak against 131 MB). Read through the file instead: same queries, same speed (page cache).
        self.ix = FileStorage(str(directory), supports_mmap=False, readonly=True).open_index()
        self.schema = self.ix.schema  # FileIndex.schema re-reads and unpickles the TOC on every access
        self.searcher = self.ix.searcher(weighting=_BulkLengthBM25F())
        self.reader = self.searcher.reader()
        for segment, _base in self.reader.leaf_readers():
            terms = getattr(segment, "_terms", None)
            if isinstance(terms, W3TermsReader) and isinstance(terms._tindex, OrderedHashReader):
                terms._tindex = _TermTable(terms._tindex)
        # after an update, Whoosh numbers documents otherwise than we do: both ways of the map
        self._theirs: list[int] | None = None
        self._ours: list[int] | None = None
        if (directory / DOCMAP).exists():
            self._theirs = json.loads((directory / DOCMAP).read_text("utf-8"))
            self._ours = [-1] * self.reader.doc_count_all()
            for ours, theirs in enumerate(self._theirs):
                self._ours[theirs] = ours
        # a field no document uses (official text in a language the corpus lacks) can match nothing,
        # but would still be analysed, parsed and matched for every word of every query
        self._forms: dict[str, dict[str, tuple[str, bool] | None]] = {}  # field -> word -> analysed form
        self.fields = [name for name in TEXT_FIELDS if self.reader.field_length(name)] or ["body"]
        self.parser = qparser.MultifieldParser(self.fields, self.schema, fieldboosts=TEXT_FIELDS)
        for plugin in (qparser.RangePlugin, qparser.EveryPlugin, qparser.FuzzyTermPlugin):
            self.parser.remove_plugin_class(plugin)
        self.any_parser = qparser.MultifieldParser(
            self.fields, self.schema, fieldboosts=TEXT_FIELDS, group=qparser.OrGroup.factory(0.9)
        )
        for plugin in (qparser.RangePlugin, qparser.EveryPlugin, qparser.FuzzyTermPlugin):
            self.any_parser.remove_plugin_class(plugin)

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

    # --- documents ------------------------------------------------------------------

    def doc_count(self) -> int:
        return self.reader.doc_count()

    def stored(self, docnum: int) -> dict[str, Any]:
        return self.reader.stored_fields(self._theirs[docnum] if self._theirs else docnum)

    def has_term(self, word: str) -> bool:
        """Whether ``word`` (as typed) is a term of a text field after that field's analysis.

        The truncated ``stems`` field does not count: every typo of a long word shares its first letters.
        """
        for name in self.fields:
            if name == "stems":
                continue
            for token in self.schema[name].analyzer(word):
                if self.reader.doc_frequency(name, token.text):
                    return True
        return False

    # --- querying -------------------------------------------------------------------

    def parse(self, text: str, match_any: bool = False) -> query.Query:
        parser = self.any_parser if match_any else self.parser
        # normalising drops what the caps made empty: "asylum *" is "asylum", "NOT *" nothing
        return self._cap_expansions(parser.parse(text), [MAX_QUERY_EXPANSIONS]).normalize()

    def _cap_expansions(self, q: query.Query, budget: list[int]) -> query.Query:
        """Replace prefix and wildcard queries by an Or of at most MAX_EXPANSIONS real terms.

        A leading wildcard ("*permit*") would scan every term of every field before any time
        limit applies, so it is read as a prefix of what follows it ("permit*").  A bare ``*``
        (every document that has the field) matches nothing: its matcher reads every posting
        of the field before the first hit, so its cost would grow with the corpus.
        """
        if isinstance(q, query.Every):
            return query.NullQuery
        if isinstance(q, query.Wildcard) and q.text[:1] in ("*", "?"):
            core = q.text.strip("*?")
            if len(core) < 2 or "*" in core or "?" in core:
                return query.NullQuery
            q = query.Prefix(q.fieldname, core)
        if isinstance(q, query.Prefix | query.Wildcard):
            if len(q.text.rstrip("*?")) < 2:
                return query.NullQuery
            terms: list[query.Query] = []
            for term in q._btexts(self.reader):  # the engine's own expansion, cut short
                if len(terms) >= max(1, min(MAX_EXPANSIONS, budget[0])):  # past the budget: the nearest term
                    break
                terms.append(query.Term(q.fieldname, term))
            budget[0] -= len(terms)  # shared by every expansion of this one query (threads have their own)
            return query.Or(terms) if terms else query.NullQuery
        if isinstance(q, query.CompoundQuery | query.Not | query.AndMaybe | query.AndNot | query.Require):
            return q.apply(lambda sub: self._cap_expansions(sub, budget))
        return q

    def run(
        self,
        q: query.Query,
        allowed: set[int] | None,
        limit: int,
        offset: int = 0,
        rank: Callable[[list[int], list[float]], list[Any]] | None = None,
    ) -> Match:
        """Run ``q`` restricted to ``allowed`` document numbers; hits ``offset:offset+limit``, all matches.

        ``rank`` (document numbers, their scores -> sortable keys, highest first) orders the hits when given;
        hits of equal keys come in Whoosh's order of documents.

        Every match is scored by :func:`_all_scores`, then the best are kept as a heap fed in Whoosh's
        order of documents would keep them, instead of Whoosh's collector stack: a TimeLimitCollector
        starts a thread per query and a TermsCollector asks every document which terms it matched,
        together half the time of a query.  A query whose time runs out keeps the matches of the
        segments already read (``timed_out``).
        """
        if q is query.NullQuery or allowed == set():
            return Match(0, [], set(), set())
        deadline = time.perf_counter() + QUERY_SECONDS
        context = self.searcher.context()
        timed_out = False
        matched: dict[int, float] = {}  # Whoosh's document number -> score
        for sub, base in self.searcher.leaf_searchers():
            if not sub.doc_count():  # a segment whose every document was replaced by an update
                continue
            # Whoosh's collectors score with the replaced matcher from the first document: so do we
            try:
                scores = _all_scores(q.matcher(sub, context).replace(0), deadline)
            except _Expired:
                timed_out = True
                break
            matched.update({base + docid: score for docid, score in scores.items()} if base else scores)
        theirs = sorted(matched)  # Whoosh's order of documents, as its matchers yield them
        values = [matched[t] for t in theirs]
        nums = theirs if self._ours is None else [self._ours[t] for t in theirs]
        if allowed is not None:
            kept = [i for i, num in enumerate(nums) if num in allowed]
            values, nums = [values[i] for i in kept], [nums[i] for i in kept]
        keys = values if rank is None else rank(nums, values)
        wanted = offset + limit
        # Fed in Whoosh's order, a heap of the best ``wanted`` (the lowest key, then the highest number, on top,
        # replaced by a strictly higher key) ends with the documents keyed above the wanted-th highest key and
        # those keyed at it that it would have kept: feeding it only the documents keyed at it or above, in the
        # same order, leaves it the same.
        least = heapq.nlargest(wanted, keys)[-1] if len(keys) > wanted else None
        heap: list[tuple[Any, int, float]] = []
        for num, key, score in zip(nums, keys, values, strict=True):
            if least is not None and key < least:
                continue
            if len(heap) < wanted:
                heapq.heappush(heap, (key, -num, score))
            elif key > heap[0][0]:
                heapq.heapreplace(heap, (key, -num, score))
        hits = [(-negdoc, score) for _key, negdoc, score in sorted(heap, reverse=True)]
        terms = _positive_terms(q) if nums else set()
        # the set filled in Whoosh's order, as before: facet values of equal counts are listed as the set meets them
        return Match(len(nums), hits[offset : offset + limit], terms, set(nums), timed_out)

    def more_like(self, docnum: int, text: str, limit: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """Documents whose English text resembles ``text`` (the document's own), best first."""
        theirs, ours = self._theirs, self._ours
        if theirs is None or ours is None:
            results = self.searcher.more_like(docnum, "body", text=text, top=limit, numterms=12, filter=allowed)
            return [(hit.docnum, hit.score or 0.0) for hit in results]
        within = None if allowed is None else {theirs[n] for n in allowed}
        results = self.searcher.more_like(theirs[docnum], "body", text=text, top=limit, numterms=12, filter=within)
        return [(ours[hit.docnum], hit.score or 0.0) for hit in results]

    def _analyse(self, words: list[str], field_name: str) -> dict[str, tuple[str, bool] | None]:
        """What the field's analyzer makes of each of ``words``: (form, stopped), or None for a word it drops.

        One pass over the words joined by spaces: each is one token of the field's tokenizer, and every
        filter maps a token to itself or drops it, so each token's first character says whose form it is.
        """
        starts, at = {}, 0
        for word in words:
            starts[at] = word
            at += len(word) + 1
        found: dict[str, tuple[str, bool] | None] = dict.fromkeys(words)
        for token in self.schema[field_name].analyzer(" ".join(words), removestops=False, mode="query", chars=True):
            found[starts[token.startchar]] = (token.text, token.stopped)
        return found

    def highlight(self, text: str, terms: set[str], field_name: str = "body", chars: int = 240) -> str:
        """``text`` around the matches, HTML-escaped, matches wrapped in ``<mark>``; "" if none.

        What ``whoosh.highlight.highlight`` does, except that each distinct word is
        analysed once per process (running the field's analyzer over every hit's
        text was 40% of a query's time), the words not yet met all in one pass, and
        a text none of whose words match is known for one before it is cut up.
        """
        if not text or not terms:
            return ""
        forms: Mapping[str, tuple[str, bool] | None] = self._forms.setdefault(field_name, {})
        words = set(TOKEN.findall(text))
        unknown = [word for word in words if word not in forms]
        if unknown:
            found = self._analyse(unknown, field_name)
            if len(forms) < 200_000:
                self._forms[field_name].update(found)
            else:  # remembered words enough: these are known for this text only
                forms = ChainMap(found, self._forms[field_name])
        if not any((form := forms[word]) is not None and form[0] in terms for word in words):
            return ""
        spans = [(m.start(), m.end(), *form) for m in TOKEN.finditer(text) if (form := forms[m.group()]) is not None]

        def tokens() -> Iterator[Token]:
            token = Token(chars=True, removestops=False, mode="query")  # reused, as Whoosh's tokenizers do
            for start, end, form, stopped in spans:
                token.startchar, token.endchar, token.text, token.stopped = start, end, form, stopped
                token.matched = form in terms
                yield token

        fragmenter = highlight.ContextFragmenter(maxchars=chars, surround=60)
        formatter = highlight.HtmlFormatter(tagname="mark", classname="match", termclass="t", between=" … ")
        fragments = fragmenter.fragment_tokens(text, tokens())
        best = highlight.top_fragments(fragments, 2, highlight.BasicFragmentScorer(), highlight.FIRST)
        return formatter(text, best)
