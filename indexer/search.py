"""Search over a built index: full text, filters, facets, typos, citations and the thesaurus.

Open an index once with :func:`open_index` and keep it: it holds one searcher,
the per-document filter arrays and the word list for typo correction.

Any query string is safe: it is bounded in length and terms, parse failures
fall back to plain words, expansions are capped and a query is cut off after
a time limit.  Filter values that name nothing raise :class:`BadRequest`.
"""

from __future__ import annotations

import functools
import html
import json
import operator
import pickle
import re
import struct
import threading
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from indexer.citations import CITATION_WORDS, CitationTable, split_citation
from indexer.engine import STOPWORDS, TEXT_FIELDS, EngineIndex, Match, text_field_for
from indexer.errors import BadRequest, IndexCorrupt, IndexMissing, LexcompareError
from indexer.filters import FACETS, FILTERS, Filters
from indexer.layout import CITATIONS, DOCS, MANIFEST, POSTINGS, SCHEMA_VERSION, TABLES, WORDS
from indexer.text import fold
from indexer.understand import PhraseTable, Place, PlaceTable, asks_for_practices, expand_abbreviations

MAX_QUERY_CHARS = 400
MAX_WORDS = 32
MAX_LIMIT = 500  # hits one search returns
MAX_OFFSET = 10_000  # how deep a result list pages
#: jurisdiction kinds a query can name as the place it asks about
PLACE_KINDS = frozenset({"state", "region", "city"})
#: a good practice's score against a provision's, unless the query asks for practices ("project", "toolbox")
PRACTICE_WEIGHT = 0.5
#: a record's score against others' when it has the one topic the query names
TOPIC_WEIGHT = 1.2
#: weight of a named topic's English label among the query's own words, when the words name the
#: topic in English or name a place (headings are English or carry an English gloss)
LABEL_BOOST = 0.5
_FIELDS = "|".join([*(f.name for f in FILTERS), *TEXT_FIELDS, r"native(_[a-z]{2})?"])
_SYNTAX = re.compile(rf'["*?]|\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b|\b({_FIELDS}):')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WILDCARD_WORD = re.compile(r"(?:\w+:)?[*?]+")


@dataclass
class Hit:
    """One result, with what a results list shows."""

    id: str
    doc_type: str
    jurisdiction: str
    instrument: str
    instrument_id: str | None
    pinpoint: str
    heading: str
    topics: list[str]
    score: float
    highlight: str  # HTML-safe: text escaped, matches in <mark>
    verification: str
    summary: str
    kind: str
    citation_match: bool = False


@dataclass(frozen=True)
class Suggestion:
    """A spelling correction: ``used`` says whether the hits are for ``text`` (corrected) or ``typed``."""

    text: str
    typed: str
    used: bool


@dataclass(frozen=True)
class PlaceReading:
    """Jurisdictions the query named in its words (``words``), ranked first; ``everywhere=True`` undoes it."""

    codes: list[str]
    words: list[str]


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: Suggestion | None = None  # set when words looked misspelt
    filters: dict[str, list[str]] = field(default_factory=dict)
    timed_out: bool = False
    place: PlaceReading | None = None  # set when the query named a jurisdiction and its records come first

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


F = TypeVar("F", bound=Callable[..., Any])


def _reading(method: F) -> F:
    """Whoosh reads postings and stored fields lazily: damage found mid-query means "rebuild" too.

    Our own errors (a bad filter value) pass through, and so does a bug of ours: only an
    exception raised while reading the files (see :func:`_is_damage`) becomes
    :class:`IndexCorrupt`, with the original as its cause.

    One reader at a time: the app shares one open index between sessions (threads), and the
    engine's long-lived searcher reads its files through shared handles and builds lazy tables;
    reads interleaved from two threads came out as zlib or unpickling errors, i.e. as "damage".
    """

    @functools.wraps(method)
    def guarded(self: Index, *args: Any, **kwargs: Any) -> Any:
        try:
            with self._reading_lock:
                return method(self, *args, **kwargs)
        except LexcompareError:
            raise
        except Exception as exc:
            if not _is_damage(exc):
                raise
            raise IndexCorrupt(
                f"{self.root}: the index is damaged ({type(exc).__name__}); rebuild it with 'lexcompare build'"
            ) from exc

    return guarded  # type: ignore[return-value]


#: what reading damaged bytes raises, wherever it is raised
_DAMAGE = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, UnicodeDecodeError)


def _is_damage(exc: Exception) -> bool:
    """Whether ``exc`` came from reading the index: raised inside Whoosh, or a decoding error.

    An argument the library failed to refuse (``heap[0]`` of an empty heap for a limit
    of 0) is a bug to fix, not a damaged index: it is not reported as one.
    """
    if isinstance(exc, _DAMAGE):
        return True
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_globals.get("__name__", "").startswith("whoosh."):
            return True
        tb = tb.tb_next
    return False


def _docs_well_formed(docs: Any, count: int) -> bool:
    """Whether ``docs`` has the shape :func:`indexer.layout.doc_sidecars` gives :data:`DOCS` of ``count``
    documents: every column, value type and pair number checked in a few C-level passes, as in the checks below."""
    if not isinstance(docs, dict) or docs.keys() != {"ids", "jurisdiction", "doc_type", "pairs", "facets"}:
        return False
    pairs, facets = docs["pairs"], docs["facets"]
    return (
        all(isinstance(docs[c], list) and len(docs[c]) == count and _all(docs[c], str) for c in _PER_DOCUMENT)
        and _lists(pairs)
        and all(len(pair) == 2 for pair in pairs)
        and _all(chain.from_iterable(pairs), str)
        and {facet for facet, _value in pairs} <= set(FACETS)
        and _lists(facets, count)
        and _numbers(chain.from_iterable(facets), len(pairs))
    )


_PER_DOCUMENT = ("ids", "jurisdiction", "doc_type")


def _postings_well_formed(postings: Any, count: int) -> bool:
    """Whether ``postings`` is :data:`POSTINGS` of ``count`` documents: filter -> value -> document numbers."""
    return (
        isinstance(postings, dict)
        and postings.keys() == {f.name for f in FILTERS}
        and _all(postings.values(), dict)
        and _all(chain.from_iterable(postings.values()), str)
        and _lists(lists := [nums for values in postings.values() for nums in values.values()])
        and _numbers(chain.from_iterable(lists), count)
    )


def _citations_well_formed(citations: Any, count: int) -> bool:
    """Whether ``citations`` is :data:`CITATIONS` of ``count`` documents: instrument -> [names, numbers, pinpoints]."""
    return (
        isinstance(citations, dict)
        and _lists(entries := list(citations.values()))
        and all(len(entry) == 3 and _lists(entry) and len(entry[1]) == len(entry[2]) for entry in entries)
        and _all(chain.from_iterable(entry[0] for entry in entries), str, type(None))
        and _numbers(chain.from_iterable(entry[1] for entry in entries), count)
        and _all(chain.from_iterable(entry[2] for entry in entries), str)
    )


def _words_well_formed(words: Any, _count: int) -> bool:
    """Whether ``words`` is :data:`WORDS`: word -> frequency."""
    return isinstance(words, dict) and _all(words.values(), int)


def _all(values: Iterable[Any], *kinds: type) -> bool:
    """Whether every one of ``values`` is exactly of one of ``kinds`` (a bool is not an int here)."""
    return set(map(type, values)) <= set(kinds)


def _lists(values: Any, length: int | None = None) -> bool:
    """Whether ``values`` is a list of lists (of ``length`` lists, if given)."""
    return isinstance(values, list) and (length is None or len(values) == length) and _all(values, list)


def _numbers(values: Iterable[Any], bound: int) -> bool:
    """Whether ``values`` are whole numbers from 0 to ``bound - 1``."""
    found = list(values)
    return _all(found, int) and (not found or (min(found) >= 0 and max(found) < bound))


def _count(value: object, name: str, low: int, high: int) -> int:
    """``value`` as a whole number from ``low`` to ``high``, or :class:`BadRequest` naming ``name``."""
    try:
        number = operator.index(value)  # type: ignore[arg-type]  # ints only: not "20", 2.0, nan or inf
    except TypeError:
        number = None
    if number is None or isinstance(value, bool) or not low <= number <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return number


class Index:
    """An open lexcompare index (read-only)."""

    def __init__(self, root: Path, generation: Path):
        self.root = root
        self.generation = generation
        self._reading_lock = threading.RLock()  # see _reading
        try:
            self._load(generation)
        except IndexCorrupt:
            raise
        except Exception as exc:  # any damage to the files (bytes or shape) means the same to the user
            raise IndexCorrupt(
                f"{root}: the index is damaged ({type(exc).__name__}); rebuild it with 'lexcompare build'"
            ) from None

    def _load(self, generation: Path) -> None:
        self.manifest: dict[str, Any] = json.loads((generation / MANIFEST).read_text("utf-8"))
        if self.manifest.get("schema_version") != SCHEMA_VERSION:
            raise IndexCorrupt(
                f"{self.root}: index schema {self.manifest.get('schema_version')} is not {SCHEMA_VERSION}; "
                "rebuild it with 'lexcompare build'"
            )
        self.engine = EngineIndex(generation)
        docs = self._sidecar(DOCS, _docs_well_formed)
        tables = json.loads((generation / TABLES).read_text("utf-8"))
        self.ids: list[str] = docs["ids"]  # document number -> id
        self._jurisdiction: list[str] = docs["jurisdiction"]
        self._doc_type: list[str] = docs["doc_type"]
        self._pair_table: list[tuple[str, str]] = [(name, value) for name, value in docs["pairs"]]
        self._doc_pairs: list[list[int]] = docs["facets"]  # document number -> numbers of its (facet, value) pairs
        self._names: dict[str, dict[str, list[str]]] = {f.names: tables[f.names] for f in FILTERS if f.names}
        self._kinds: dict[str, str] = tables.get("kinds", {})
        self.abbreviations: dict[str, str] = tables.get("abbreviations", {})
        self._practice_names = frozenset(tables.get("practice_names", ()))
        self._tables = tables
        # the rest is read or built for the first query that needs it (a cold open answers one query): the
        # filter postings, the citation table, the typo corrector's words (each read then, with its
        # own check: half the sidecars' bytes), the id map, the place and topic names

    def _sidecar(self, name: str, well_formed: Callable[[Any, int], bool]) -> Any:
        """The content of sidecar file ``name``; damage to it (bytes or shape) is :class:`IndexCorrupt`,
        whenever it is first read: our code reads the content unguarded."""
        try:
            value = json.loads((self.generation / name).read_text("utf-8"))
        except Exception as exc:  # any damage to the file means the same to the user
            raise IndexCorrupt(
                f"{self.root}: the index is damaged ({type(exc).__name__}); rebuild it with 'lexcompare build'"
            ) from None
        if not well_formed(value, self.engine.doc_count()):
            raise IndexCorrupt(f"{self.root}: the index is inconsistent ({name}); rebuild it with 'lexcompare build'")
        return value

    @functools.cached_property
    def docnums(self) -> dict[str, int]:
        """Document id -> document number."""
        return dict(zip(self.ids, range(len(self.ids)), strict=True))

    @functools.cached_property
    def _postings(self) -> dict[str, dict[str, set[int]]]:
        """Filter -> value -> the documents that have it."""
        postings = self._sidecar(POSTINGS, _postings_well_formed)
        return {name: {value: set(nums) for value, nums in values.items()} for name, values in postings.items()}

    @functools.cached_property
    def _known(self) -> dict[str, Mapping[str, Any]]:
        """What a typed filter value is resolved against: the names people use for it, or its values."""
        return {f.name: self._names[f.names] if f.names else self._postings[f.name] for f in FILTERS}

    @functools.cached_property
    def _word_freq(self) -> dict[str, int]:
        """Every surface word of the index and its frequency, read for the first word that looks misspelt."""
        words: dict[str, int] = self._sidecar(WORDS, _words_well_formed)
        return words

    @functools.cached_property
    def _words_by_len(self) -> dict[int, list[str]]:
        """The index's words by length, most frequent first, for the typo corrector."""
        words = self._word_freq
        by_len: dict[int, list[str]] = defaultdict(list)
        for word in sorted(words, key=lambda w: -words[w]):
            by_len[len(word)].append(word)
        return by_len

    @functools.cached_property
    def places(self) -> PlaceTable:
        """The names of every state, region and city, built for the first query (not at open).

        A state, region or city named in a query is where the user wants the law of; "EU" and
        "Council of Europe" name where standards come from ("family member of an EU citizen").
        """
        return PlaceTable(
            {
                code: names
                for code, names in self._names["jurisdictions"].items()
                if self._kinds.get(code) in PLACE_KINDS
            }
        )

    @functools.cached_property
    def topic_phrases(self) -> PhraseTable:
        """Every topic's labels and synonyms, built for the first query (not at open)."""
        return PhraseTable(self._names["topics"])

    @functools.cached_property
    def _english_topic_phrases(self) -> PhraseTable:
        """Every topic's English label and synonyms, to tell a topic named in English."""
        return PhraseTable(self._tables.get("topics_en", {}))

    @functools.cached_property
    def _practice_weight(self) -> list[float]:
        """Per document: :data:`PRACTICE_WEIGHT` for a practice, 1 for a provision."""
        return [PRACTICE_WEIGHT if doc_type == "practice" else 1.0 for doc_type in self._doc_type]

    @functools.cached_property
    def _no_weight(self) -> list[float]:
        return [1.0] * len(self.ids)

    @functools.cached_property
    def citations(self) -> CitationTable:
        """Pinpoints and instrument names of every provision, built for the first query that cites.

        Building it at open was half of opening a 10k-provision index (0.4 of 0.75 s).
        """
        return CitationTable(self._sidecar(CITATIONS, _citations_well_formed))

    # --- public API ----------------------------------------------------------------

    def close(self) -> None:
        self.engine.close()

    def is_stale(self, corpus_dir: Path) -> bool:
        """Whether the corpus changed since this index was built."""
        from indexer.load import fingerprint  # the loader brings the corpus model: only callers of this pay

        return fingerprint(corpus_dir) != self.manifest.get("corpus_sha256")

    @_reading
    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The stored fields of one document (with official wording when cached), or None."""
        num = self.docnums.get(doc_id)
        if num is None:
            return None
        data = dict(self.engine.stored(num)["data"])
        data.pop("scopes", None)
        return data

    @_reading
    def similar(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Documents whose text resembles this one's (excluding itself)."""
        limit = _count(limit, "limit", 1, MAX_LIMIT)
        num = self.docnums.get(doc_id)
        if num is None:
            return []
        data = self.engine.stored(num)["data"]
        found = self.engine.more_like(num, f"{data['heading']} {data['summary']}", limit + 1)
        return [self._hit(n, s, set()) for n, s in found if n != num][:limit]

    def choices(self, name: str) -> list[str]:
        """The values filter ``name`` can take in this index, sorted."""
        return sorted(self._known[name])

    @_reading
    def search(
        self,
        query: str,
        filters: Filters | None = None,
        *,
        limit: int = 20,
        offset: int = 0,
        exact: bool = False,
        everywhere: bool = False,
    ) -> SearchResult:
        """Search ``query`` within the filters; see the module docstring for what any input gets.

        A jurisdiction named in the words ("forced marriage Italy") ranks that jurisdiction's records
        (its regions' included) first, the rest below, unless a jurisdiction filter is set or
        ``everywhere``.  Provisions rank above practices unless the query asks for practices.
        Misspelt words are searched with their correction alongside, unless ``exact``.
        """
        text = clean_query(query)
        limit = _count(limit, "limit", 1, MAX_LIMIT)
        offset = _count(offset, "offset", 0, MAX_OFFSET)
        filters = self._resolve(filters or Filters())
        allowed = self._allowed(filters)
        if _only_wildcards(text):
            return self._browse(text, filters, allowed, limit, offset)
        cited = self.citations.lookup(text, allowed) if split_citation(text) else []
        plain = not _SYNTAX.search(text)
        place = None
        if plain and not cited and not filters.get("jurisdiction") and not everywhere:
            place = self.places.find(text)
        words = place.rest if place else text
        # Plain words: any may match, documents matching more of them rank higher, so that a natural
        # query in any language works; explicit AND/OR/NOT, "phrases" and fields are taken as written.
        # A word the index does not know gets its nearest indexed word alongside it: a typo still finds,
        # and a correct word in a language the index holds little of is not thrown away.
        corrected = self._correct(words)
        suggestion = None
        if corrected:
            # the whole query corrected, for the suggestion: the same words unless a place was taken out
            typed_corrected = corrected if words == text else self._correct(text) or text
            suggestion = Suggestion(text=typed_corrected, typed=text, used=not exact)
        effective, topic = self._expand(words, across=place is not None) if plain else (words, None)
        if corrected and not exact:
            effective = f"{effective} {corrected}"
        asks = (
            filters.get("type")
            or asks_for_practices(text)
            or any(w in self._practice_names for w in fold(text).split())
        )
        rank = self._rank(place, not asks, topic)
        match = self._run(effective, allowed, limit + offset + len(cited), match_any=plain, rank=rank)
        cited_nums = [num for num, _ in cited]
        ranked = [(num, 1000.0 + score) for num, score in cited]
        ranked += [(num, score) for num, score in match.hits if num not in set(cited_nums)]
        matched = match.docs | set(cited_nums)
        page = ranked[offset : offset + limit]
        hits = [self._hit(num, score, match.terms, citation=num in cited_nums) for num, score in page]
        return SearchResult(
            query=text,
            total=len(matched),
            hits=hits,
            facets=self._facets(matched),
            suggestion=suggestion,
            filters=filters.as_dict(),
            timed_out=match.timed_out,
            place=PlaceReading(list(place.codes), list(place.words)) if place else None,
        )

    # --- internals -----------------------------------------------------------------

    def _resolve(self, filters: Filters) -> Filters:
        """The filters with every typed value resolved (:class:`BadRequest` for one that names nothing)."""
        return Filters(
            tuple((f.name, f.choose(filters.get(f.name), self._known[f.name])) for f in FILTERS if filters.get(f.name))
        )

    def _allowed(self, filters: Filters) -> set[int] | None:
        allowed: set[int] | None = None
        for name, values in filters.chosen:
            docs = set().union(*(self._postings[name].get(v, set()) for v in values))
            allowed = docs if allowed is None else allowed & docs
        return allowed

    def _browse(self, text: str, filters: Filters, allowed: set[int] | None, limit: int, offset: int) -> SearchResult:
        """Every allowed document in a stable order, one page of it: the cost is the page and the result set."""
        if allowed is None:
            nums, facets = self._browse_order, self._all_facets
        else:
            nums = sorted(allowed, key=self._browse_key)
            facets = self._facets(allowed)
        hits = [self._hit(n, 0.0, set()) for n in nums[offset : offset + limit]]
        return SearchResult(text, len(nums), hits, facets, None, filters.as_dict())

    def _browse_key(self, num: int) -> tuple[str, str, str]:
        return self._jurisdiction[num], self._doc_type[num], self.ids[num]

    @functools.cached_property
    def _browse_order(self) -> list[int]:
        """Every document in browsing order, sorted once for all unfiltered listings."""
        return sorted(range(len(self.ids)), key=self._browse_key)

    @functools.cached_property
    def _all_facets(self) -> dict[str, dict[str, int]]:
        """The facet counts of the whole index, counted once."""
        return self._facet_counts(chain.from_iterable(self._doc_pairs))

    def _expand(self, words: str, across: bool = False) -> tuple[str, str | None]:
        """The words plus what their abbreviations stand for; and the one topic they name, if one.

        "Zwangsheirat Norwegen" names the topic forced-marriage and a place (``across``): the
        topic's English label "Forced marriage" is added for the heading field, where a Norwegian
        provision about just that says so in its English gloss; so it is when the words name the
        topic in English.  Words naming it in another language and no place are left alone: the
        records in that language match them as written, and the label would lift records of other
        languages above them.
        """
        expanded = expand_abbreviations(words, self.abbreviations)
        named = {t for t, _s, _e in self.topic_phrases.matches(expanded)}
        if len(named) != 1:  # several topics: the words themselves say more than labels would
            return expanded, None
        topic = named.pop()
        if not across and topic not in {t for t, _s, _e in self._english_topic_phrases.matches(expanded)}:
            return expanded, topic
        label = self._names["topics"][topic][1]
        return " ".join([expanded, *(f"heading:{w}^{LABEL_BOOST}" for w in re.findall(r"\w+", label))]), topic

    def _rank(
        self, place: Place | None, demote_practices: bool, topic: str | None
    ) -> Callable[[list[int], list[float]], list[Any]] | None:
        """(document numbers, their scores) -> their sort keys: the named place's records first; a practice
        counts :data:`PRACTICE_WEIGHT` of its score unless the query asks for practices, so that a provision
        answering as well ranks above it and a practice the words describe closely still shows; a record of
        the one topic the words name counts :data:`TOPIC_WEIGHT` of its score."""
        if not (place or demote_practices or topic):
            return None
        weight = self._practice_weight if demote_practices else self._no_weight
        on_topic = self._postings["topic"].get(topic, set()) if topic else set()

        def scored(nums: list[int], scores: list[float]) -> list[Any]:
            return [
                score * weight[num] * (TOPIC_WEIGHT if num in on_topic else 1.0)
                for num, score in zip(nums, scores, strict=True)
            ]

        if not place:
            return scored
        inside = set().union(*(self._postings["jurisdiction"].get(code, set()) for code in place.codes))
        return lambda nums, scores: list(zip([num in inside for num in nums], scored(nums, scores), strict=True))

    def _run(
        self,
        text: str,
        allowed: set[int] | None,
        limit: int,
        match_any: bool = False,
        rank: Callable[[list[int], list[float]], list[Any]] | None = None,
    ) -> Match:
        # Whoosh's parser has corner cases ("NOT AND AND"); lower-case plain words are never operators
        parsed = None
        for attempt in (text, " ".join(re.findall(r"\w+", text.lower()))):
            try:
                parsed = self.engine.parse(attempt, match_any=match_any)
                break
            except Exception:  # noqa: BLE001, S112 - any parser failure falls through to the next attempt
                continue
        if parsed is None:
            return Match(0, [], set(), set())
        return self.engine.run(parsed, allowed, limit, rank=rank)

    def _correct(self, text: str) -> str | None:
        """The query with misspelt words replaced by the closest indexed word, or None.

        A word the index knows, a function word of any corpus language or a word lawyers write
        around pinpoints ("paragraf", "ledd", "comma", "člen") is never a typo.
        """
        if _SYNTAX.search(text):
            return None
        changed = False
        words = []
        for word in text.split():
            replacement = None
            folded = fold(word)
            if (
                len(word) >= 5
                and not any(ch.isdigit() for ch in word)
                and folded not in STOPWORDS
                and folded not in CITATION_WORDS
                and not self.engine.has_term(word)
            ):
                replacement = self._closest(folded)
            if replacement and replacement != folded:
                words.append(replacement)
                changed = True
            else:
                words.append(word)
        return " ".join(words) if changed else None

    def _closest(self, word: str) -> str | None:
        """The indexed word nearest to ``word``: one edit for words up to 7 letters, two beyond.

        An edit is an inserted, deleted or changed letter, or two letters swapped ("pemrit").
        """
        from rapidfuzz import process  # not at module level: a plain query's cold open does without rapidfuzz
        from rapidfuzz.distance import OSA

        max_edits = 1 if len(word) <= 7 else 2
        candidates = [
            w for n in range(len(word) - max_edits, len(word) + max_edits + 1) for w in self._words_by_len.get(n, ())
        ]
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=max_edits, limit=8)
        if not found:
            return None
        best = min(found, key=lambda m: (m[1], m[0][0] != word[0], -self._word_freq.get(m[0], 0)))
        return str(best[0])

    def _facets(self, nums: set[int]) -> dict[str, dict[str, int]]:
        return self._facet_counts(chain.from_iterable(map(self._doc_pairs.__getitem__, nums)))

    def _facet_counts(self, pair_numbers: Iterable[int]) -> dict[str, dict[str, int]]:
        """Facet -> value -> count of the (facet, value) pairs numbered ``pair_numbers``: counted by number,
        one C-level Counter pass, then named (ties stay in the order met)."""
        pairs = self._pair_table
        return _facet_table(Counter({pairs[n]: count for n, count in Counter(pair_numbers).items()}))

    def _hit(self, num: int, score: float, terms: set[str], citation: bool = False) -> Hit:
        data = self.engine.stored(num)["data"]
        snippet = ""
        if terms and not citation:  # a cited provision is best introduced by our summary, not a word match
            snippet = self.engine.highlight(data["summary"], terms, "body") or self.engine.highlight(
                data["heading"], terms, "heading"
            )
            if not snippet and data.get("official_text"):
                field_name = text_field_for(data.get("language") or "und")
                snippet = self.engine.highlight(data["official_text"], terms, field_name)
        if not snippet:
            snippet = html.escape(_shorten(data["summary"], 240))
        return Hit(
            id=data["id"],
            doc_type=data["doc_type"],
            jurisdiction=data["jurisdiction"],
            instrument=data["instrument"],
            instrument_id=data["instrument_id"],
            pinpoint=data["pinpoint"],
            heading=data["heading"],
            topics=data["topics"],
            score=round(float(score), 4),
            highlight=snippet,
            verification=data["verification"],
            summary=data["summary"],
            kind=data["kind"],
            citation_match=citation,
        )


def _facet_table(counts: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """(facet, value) counts as facet -> value -> count: per facet, most common first, ties as met."""
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for (name, value), count in counts.most_common():
        facets[name][value] = count
    return facets


def clean_query(query: object) -> str:
    """A query as the engine will see it: text only, no control characters, bounded in size."""
    text = query if isinstance(query, str) else ("" if query is None else str(query))
    # lone surrogates (undecodable bytes from a command line) cannot be printed or indexed: drop them
    text = _CONTROL.sub(" ", text)[:MAX_QUERY_CHARS].encode("utf-8", "ignore").decode("utf-8")
    return " ".join(text.split()[:MAX_WORDS])


def _only_wildcards(text: str) -> bool:
    """Whether ``text`` asks for everything: empty, or bare wildcards ("*", "* *", "topic:*") joined by AND/OR.

    It lists everything, paged, as an empty query does; "NOT *" is not among them (it matches nothing).
    """
    words = text.split()
    wildcards = [w for w in words if _WILDCARD_WORD.fullmatch(w)]
    return all(w in ("AND", "OR") for w in words if w not in wildcards) and (bool(wildcards) or not words)


def _shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars].rsplit(" ", 1)[0] + " …"


def current_generation(index_dir: Path) -> str:
    """The name of the generation the index serves now ("" when there is none): it changes with each build."""
    try:
        return str((index_dir / "current").readlink())
    except OSError:
        return ""


def open_index(index_dir: Path) -> Index:
    """Open the current generation of the index at ``index_dir``.

    Raises :class:`IndexMissing` when nothing was built there and
    :class:`IndexCorrupt` when the directory is damaged or not a lexcompare index.
    """
    link = index_dir / "current"
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexCorrupt(f"{index_dir} is a file, not an index directory; give --index a directory")
    if not link.is_symlink():
        if not index_dir.exists() or not any(index_dir.iterdir()):
            raise IndexMissing(f"no index at {index_dir}; build it with 'lexcompare build'")
        raise IndexCorrupt(f"{index_dir} is not a lexcompare index; rebuild it with 'lexcompare build'")
    generation = index_dir / link.readlink()
    if not generation.is_dir() or generation.parent.resolve() != index_dir.resolve():
        raise IndexCorrupt(f"{index_dir}: the current index is missing; rebuild it with 'lexcompare build'")
    return Index(index_dir, generation)
