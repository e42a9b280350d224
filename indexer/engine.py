"""The one module that talks to Whoosh: schema, analysis, writing and querying.

Everything above it (build, search) deals in plain Python: :class:`IndexDoc`
to write, document numbers and scores to read.  Swapping the engine means
rewriting this file only.
"""

from __future__ import annotations

import heapq
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import highlight, index, qparser, query, scoring
from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map
from whoosh.util.numeric import byte_to_length

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
#: keyword fields users can name in a query (``topic:fgm``); values are lower case
KEYWORD_FIELDS = ("jurisdiction", "topic", "person", "standard", "kind", "type", "verification")
TOKEN_PATTERN = r"\w+(?:\.\w+)*"
_TOKEN = re.compile(TOKEN_PATTERN)
QUERY_SECONDS = 1.5
MAX_EXPANSIONS = 64  # terms one prefix or wildcard may stand for in one field
MAX_QUERY_EXPANSIONS = 2048  # ... and all of them in one query


class FoldFilter(Filter):
    """Accent folding for every script: "violència" -> "violencia", "Άρθρο" -> "αρθρο", "ø" -> "o"."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}  # words repeat: folding each once is most of the build's time saved

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        cache = self.cache
        for token in tokens:
            folded = cache.get(token.text)
            if folded is None:
                text = unicodedata.normalize("NFD", token.text.translate(accent_map))
                folded = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("ς", "σ")
                if len(cache) < 500_000:
                    cache[token.text] = folded
            token.text = folded
            yield token

    # Whoosh pickles the schema, analyzers included, into the index's TOC at every commit and
    # unpickles it on every open: the filled cache made the TOC 3.4 MB at 1k provisions.
    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.cache = {}


def fold(text: str) -> str:
    """The folded, lower-case form of ``text`` as the index sees it (no stemming)."""
    return " ".join(t.text for t in _FOLD(text))


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


_FOLD = folding_analyzer()
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


def make_schema() -> Schema:
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
    for name in KEYWORD_FIELDS:
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
    keywords: dict[str, list[str]] = field(default_factory=dict)  # KEYWORD_FIELDS -> values


def write_index(directory: Path, docs: Iterable[IndexDoc]) -> int:
    """Create a new index in ``directory`` (which must be empty) holding ``docs``; return the count."""
    ix = index.create_in(str(directory), make_schema())
    # Whoosh sorts postings in memory up to limitmb, then spills sorted runs to disk and merges
    # them at commit; 10k provisions make ~740 MB of postings, which now fit in one run
    writer = ix.writer(limitmb=1024, procs=1)
    count = 0
    try:
        for doc in docs:
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
            writer.add_document(**values)
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return count


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
    """

    def __init__(self) -> None:
        super().__init__()
        self.lengths: dict[tuple[int, str], Callable[[int], int | None]] = {}

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        found = super().scorer(searcher, fieldname, text, qf)
        if isinstance(found, scoring.BM25FScorer):
            key = (id(searcher.reader()), fieldname)
            if key not in self.lengths:
                self.lengths[key] = _length_column(searcher.reader(), fieldname) or found.dfl
            found.dfl = self.lengths[key]
        return found


def _length_column(reader: Any, fieldname: str) -> Callable[[int], int | None] | None:
    """docnum -> length, as ``reader.doc_field_length(docnum, fieldname, 1)``; None if the layout is unknown."""
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return lambda _docnum: 1
    if getattr(column, "_fixedlen", None) != 1:
        return None
    count = column._count
    lengths = [_LENGTH_OF_BYTE[b] for b in column._dbfile.get(column._basepos, count)]
    return lambda docnum: lengths[docnum] if docnum < count else None


class EngineIndex:
    """An open Whoosh index with one long-lived searcher."""

    def __init__(self, directory: Path):
        self.ix = index.open_dir(str(directory))
        self.schema = self.ix.schema  # FileIndex.schema re-reads and unpickles the TOC on every access
        self.searcher = self.ix.searcher(weighting=_BulkLengthBM25F())
        self.reader = self.searcher.reader()
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
        return self.reader.stored_fields(docnum)

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
        return self._cap_expansions(parser.parse(text), [MAX_QUERY_EXPANSIONS])

    def _cap_expansions(self, q: query.Query, budget: list[int]) -> query.Query:
        """Replace prefix and wildcard queries by an Or of at most MAX_EXPANSIONS real terms.

        A leading wildcard ("*permit*") would scan every term of every field before any time
        limit applies, so it is read as a prefix of what follows it ("permit*").
        """
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

    def run(self, q: query.Query, allowed: set[int] | None, limit: int, offset: int = 0) -> Match:
        """Run ``q`` restricted to ``allowed`` document numbers; hits ``offset:offset+limit``, all matches.

        One plain loop over the matcher instead of Whoosh's collector stack: a
        TimeLimitCollector starts a thread per query and a TermsCollector asks
        every document which terms it matched, together half the time of a query.
        """
        if q is query.NullQuery or allowed == set():
            return Match(0, [], set(), set())
        deadline = time.perf_counter() + QUERY_SECONDS
        wanted = offset + limit
        heap: list[tuple[float, int]] = []  # (score, -docnum): the lowest score, then the highest docnum, on top
        docs: set[int] = set()
        context = self.searcher.context()
        timed_out = False
        for sub, base in self.searcher.leaf_searchers():
            # Whoosh's collectors score with the replaced matcher from the first document: so do we
            matcher = q.matcher(sub, context).replace(0)
            seen = 0
            while matcher.is_active():
                docnum = base + matcher.id()
                if allowed is None or docnum in allowed:
                    docs.add(docnum)
                    score = matcher.score()
                    if len(heap) < wanted:
                        heapq.heappush(heap, (score, -docnum))
                    elif score > heap[0][0]:
                        heapq.heapreplace(heap, (score, -docnum))
                matcher.next()
                seen += 1
                if not seen % 256:
                    if time.perf_counter() > deadline:
                        timed_out = True
                        break
                    matcher = matcher.replace(0)  # drops exhausted sub-matchers, keeps every match
            if timed_out:
                break
        hits = [(-negdoc, score) for score, negdoc in sorted(heap, reverse=True)]
        terms = _positive_terms(q) if docs else set()
        return Match(len(docs), hits[offset : offset + limit], terms, docs, timed_out)

    def more_like(self, docnum: int, text: str, limit: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """Documents whose English text resembles ``text`` (the document's own), best first."""
        results = self.searcher.more_like(docnum, "body", text=text, top=limit, numterms=12, filter=allowed)
        return [(hit.docnum, hit.score or 0.0) for hit in results]

    def highlight(self, text: str, terms: set[str], field_name: str = "body", chars: int = 240) -> str:
        """``text`` around the matches, HTML-escaped, matches wrapped in ``<mark>``; "" if none.

        What ``whoosh.highlight.highlight`` does, except that each distinct word is
        analysed once per process: running the field's analyzer over every hit's
        text was 40% of a query's time.
        """
        if not text or not terms:
            return ""
        forms = self._forms.setdefault(field_name, {})
        analyzer = self.schema[field_name].analyzer
        spans: list[tuple[int, int, str, bool]] = []
        for match in _TOKEN.finditer(text):
            word = match.group()
            if word in forms:
                form = forms[word]
            else:
                # the analyzer sees one word at a time: every filter here maps a token to itself or drops it
                form = next(((t.text, t.stopped) for t in analyzer(word, removestops=False, mode="query")), None)
                if len(forms) < 200_000:
                    forms[word] = form
            if form is not None:
                spans.append((match.start(), match.end(), *form))
        if not any(form in terms for _start, _end, form, _stopped in spans):
            return ""

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
