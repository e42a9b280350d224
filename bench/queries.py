"""The fixed query mix, drawn (seeded) from a loaded corpus so that every query can find something.

The same function serves the synthetic corpora and the real one: it only reads
provisions, instruments and topics.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from indexer.corpus import Corpus

#: the kinds, in report order; the reference answers those in FTS5_KINDS (thesaurus: through the topic
#: labels and synonyms both index with each document; it has no typo correction)
KINDS = ("one-term", "several-terms", "phrase", "filtered", "facets", "misspelt", "citation", "thesaurus")
FTS5_KINDS = frozenset({"one-term", "several-terms", "phrase", "filtered", "facets", "citation", "thesaurus"})
LETTERS = re.compile(r"[^\W\d_]{5,}")


@dataclass(frozen=True)
class Query:
    """One query of the mix: what the user typed and the filters they set."""

    kind: str
    text: str
    jurisdictions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    phrase: bool = False  # the text is one quoted phrase
    facets: bool = False  # the caller wants facet counts

    def to_json(self) -> dict[str, Any]:
        """The query as a JSON object (:meth:`from_json` reads it back)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Query:
        """A query from :meth:`to_json` output."""
        return cls(**data)


def _misspell(rng: random.Random, word: str) -> str:
    """``word`` with one typo after its first letter: two letters swapped, one dropped or one doubled."""
    i = rng.randrange(1, len(word) - 1)
    edit = rng.randrange(3)
    if edit == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if edit == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def query_mix(corpus: Corpus, per_kind: int, seed: int = 1) -> list[Query]:
    """``per_kind`` queries of each kind in :data:`KINDS`, shuffled so no kind runs warm after itself."""
    rng = random.Random(f"queries:{seed}")
    provisions = sorted(corpus.provisions.values(), key=lambda p: p.id)
    vocabulary = {
        w.lower() for p in provisions for w in LETTERS.findall(f"{p.provision.summary} {p.provision.annotation}")
    }
    synonyms = sorted(
        {
            word
            for topic in corpus.topics.values()
            for lang, words in topic.synonyms.items()
            if lang != "en"
            for word in [*words, topic.labels.get(lang, "")]
            if word
        }
    )
    # facet counting costs with large result sets: the facet kind asks for frequent words
    frequency = Counter(w.lower() for p in provisions for w in set(LETTERS.findall(p.provision.summary)))
    frequent = sorted(w for w, _ in frequency.most_common(100))
    mix: list[Query] = []
    for kind in KINDS:
        made = 0
        while made < per_kind:
            entry = rng.choice(provisions)
            prov = entry.provision
            summary = LETTERS.findall(prov.summary)
            words = summary + LETTERS.findall(prov.annotation)
            if len(summary) < 3:
                continue
            if kind == "one-term":
                q = Query(kind, rng.choice(words))
            elif kind == "several-terms":
                q = Query(kind, " ".join(rng.sample(words, 3)))
            elif kind == "phrase":
                sentence = rng.choice(re.split(r"[.;:!?]\s", prov.summary))
                tokens = re.findall(r"\w+", sentence)
                if len(tokens) < 3:
                    continue
                start = rng.randrange(len(tokens) - 2)
                q = Query(kind, " ".join(tokens[start : start + rng.randint(2, 3)]), phrase=True)
            elif kind == "filtered":
                q = Query(kind, rng.choice(words), [entry.jurisdiction], [rng.choice(prov.topics)])
            elif kind == "facets":
                q = Query(kind, rng.choice(frequent), facets=True)
            elif kind == "misspelt":
                word = rng.choice(words).lower()
                typo = _misspell(rng, word)
                if typo in vocabulary:
                    continue
                q = Query(kind, typo)
            elif kind == "citation":
                instrument = corpus.instruments[entry.instrument_id].instrument
                name = rng.choice(instrument.title.short or [instrument.citation])
                q = Query(kind, f"{name} {prov.pinpoint}")
            else:
                if not synonyms:
                    break
                q = Query(kind, rng.choice(synonyms))
            mix.append(q)
            made += 1
    rng.shuffle(mix)
    return mix
