"""Resolving what users type to ids: jurisdictions by code, alias or name, topics by id or label.

Both the search (from the index's own tables) and the app (from the corpus)
use these, so "UK", "Hellas", "Norge" and "Czechia" mean the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from indexer.text import fold

if TYPE_CHECKING:  # the search imports this module; the corpus model (pydantic) is not its business
    from indexer.corpus import Corpus

#: ISO and EU-usage codes that differ from ours
CODE_ALIASES = {"UK": "GB", "EL": "GR", "CE": "COE", "COUNCIL OF EUROPE": "COE"}


def jurisdiction_names(corpus: Corpus) -> dict[str, list[str]]:
    """Code -> every name a user may type for it (code, English and native names, aliases)."""
    return {
        code: [code, jur.name, *jur.native_names.values(), *jur.aliases] for code, jur in corpus.jurisdictions.items()
    }


def topic_names(corpus: Corpus, language: str | None = None) -> dict[str, list[str]]:
    """Topic id -> its id, labels and synonyms in every language, or in ``language`` only (no word
    belongs to two topics); the English label comes second."""
    return {
        tid: [
            tid,
            topic.label,
            *(label for lang, label in topic.labels.items() if language in (None, lang)),
            *(s for lang, syns in topic.synonyms.items() if language in (None, lang) for s in syns),
        ]
        for tid, topic in corpus.topics.items()
    }


def abbreviation_table(corpus: Corpus) -> dict[str, str]:
    """Folded abbreviation or everyday word -> what it stands for (``corpus/vocabulary.yaml``
    ``abbreviations`` and ``everyday_words``)."""
    vocab = corpus.vocabulary
    if not vocab:
        return {}
    table = {fold(a.short): a.means for a in vocab.abbreviations}
    return table | {fold(word): e.means for e in vocab.everyday_words for word in e.words}


def resolve(text: str, table: Mapping[str, Iterable[str]], cutoff: float = 78) -> str | None:
    """The id in ``table`` whose names best match ``text`` (exact, folded, then a close typo)."""
    text = text.strip()
    if not text:
        return None
    upper = CODE_ALIASES.get(text.upper(), text.upper())
    for key in table:
        if key.upper() == upper:
            return key
    wanted = fold(text)
    choices: dict[str, str] = {}
    for key, names in table.items():
        for name in names:
            folded = fold(name)
            if folded == wanted:
                return key
            choices.setdefault(folded, key)
    if len(wanted) < 4:  # too short to guess from
        return None
    from rapidfuzz import fuzz, process  # not at module level: a plain query's cold open does without rapidfuzz

    match = process.extractOne(wanted, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    if match:
        return choices[match[0]]
    if len(wanted) < 5 or " " in wanted:
        return None
    # one word of a longer name, as people start typing it ("nucená" for "nucené manželství")
    words: dict[str, str] = {}
    for folded, key in choices.items():
        for word in folded.split():
            if len(word) >= 4:
                words.setdefault(word, key)
    match = process.extractOne(wanted, list(words), scorer=fuzz.ratio, score_cutoff=cutoff)
    return words[match[0]] if match else None


def resolve_jurisdiction(corpus: Corpus, text: str) -> str | None:
    """The jurisdiction code a user means by ``text`` ("UK", "Norge", "Czechia", "spian"), or None."""
    return resolve(text, jurisdiction_names(corpus))


def resolve_topic(corpus: Corpus, text: str) -> str | None:
    """The topic id a user means by ``text`` (an id, a label or a synonym in any language, a small typo), or None."""
    return resolve(text, topic_names(corpus))
