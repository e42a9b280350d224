"""The words lawyers write for "article", "section", "§" and their parts, per language: one table.

Both pinpoint normalisers read it: :func:`indexer.citations.pin_key` drops every word
of the table from a pinpoint, :func:`indexer.sources.base.pinpoint_key` strips a
leading unit word; and :func:`indexer.citations.split_citation` reads a unit word
before a number as the start of a pinpoint ("artikkel 59 IC").  Each word has one of three kinds:

- ``UNIT`` names the unit a pinpoint cites ("Article 13", "§ 53", "s. 3", "άρθρο 90"):
  a lead word of a pinpoint, and dropped by ``pin_key``;
- ``PART`` names a paragraph or point inside a unit ("Abs. 3", "comma 2", "tredje ledd",
  "aanhef en onder f"): dropped by ``pin_key`` only, since a pinpoint that starts with
  one names no unit;
- ``OUTSIDE`` names a unit outside the articles ("Annex I"): dropped by ``pin_key`` only;
  as a lead word it would give "Annex 1" the key of Article 1.

An abbreviation is written with its dot ("art."): the dot may be left out.
No heavy library is imported here (see tests/test_architecture.py).
"""

from __future__ import annotations

import re

from indexer.text import fold

UNIT, PART, OUTSIDE = "unit", "part", "outside"

#: language code -> kind -> the words of that kind
DESIGNATORS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        UNIT: (
            "article", "articles", "art.", "arts", "section", "sections", "sec.", "s.", "ss.",
            "paragraph", "paragraphs", "para.", "paras.", "rule", "regulation", "reg.", "§", "§§",
        ),
        OUTSIDE: ("annex", "appendix"),
    },
    "fr": {UNIT: ("article", "art.")},
    "es": {UNIT: ("artículo", "art."), PART: ("apartado",)},
    "it": {UNIT: ("articolo", "art."), PART: ("paragrafo", "comma", "lett.", "lettera")},
    "pt": {UNIT: ("artigo", "art.")},
    "nl": {UNIT: ("artikel", "art."), PART: ("lid", "aanhef", "en", "onder")},
    "de": {UNIT: ("artikel", "art.", "§", "§§"), PART: ("abs.", "absatz")},
    "nb": {UNIT: ("paragraf", "paragrafen", "artikkel", "§", "§§"), PART: ("ledd",)},
    "sv": {UNIT: ("§",)},
    "cs": {UNIT: ("článek", "čl.", "§"), PART: ("odst.", "odstavec")},
    "sl": {UNIT: ("člen",), PART: ("odstavek",)},
    "el": {UNIT: ("άρθρο", "άρθρα"), PART: ("παρ.",)},
    "pl": {UNIT: ("art.",)},
}  # fmt: skip


def words(*kinds: str) -> list[str]:
    """Every word of these kinds, in every language, as written (duplicates removed, table order)."""
    return list(dict.fromkeys(w for table in DESIGNATORS.values() for kind in kinds for w in table.get(kind, ())))


#: plurals ``pin_key`` keeps: "Articles 5-6" keys ("articles", "5", "6"), so that the query "Article 5(6)"
#: is not read as that range (which :func:`indexer.citations.pin_range` matches by its span)
KEPT_BY_PIN_KEY = frozenset({"articles", "paragraphs"})
#: the folded words :func:`indexer.citations.pin_key` drops ("art", "αρθρο", "cl", "abs", "annex"...)
DROPPED = frozenset(fold(w) for w in words(UNIT, PART, OUTSIDE)) - KEPT_BY_PIN_KEY - {""}


def _lead_alternative(word: str) -> str:
    """A regex for one unit word: its written and folded spellings, the abbreviation's dot optional,
    and a space after the word unless its dot ends it ("s. 53", "s 53", "art.5", but not "s53" or "S-EC.1.1")."""
    stem = word.rstrip(".")
    spellings = sorted({stem.lower(), " ".join(fold(stem).split()) or stem}, key=lambda s: (-len(s), s))
    body = "|".join(re.escape(s) for s in spellings)
    if not stem[-1].isalnum():
        return f"(?:{body})"  # "§": a sign, no word end needed ("§53")
    return f"(?:{body})" + (r"(?:\.|(?!\S))" if word.endswith(".") else r"(?!\S)")


#: a pinpoint's leading unit word and the spaces after it ("Article ", "art. ", "§ ", "άρθρο ")
LEAD_WORD = re.compile(
    r"^(?:" + "|".join(_lead_alternative(w) for w in sorted(words(UNIT), key=lambda w: (-len(w), w))) + r")\s*",
    re.IGNORECASE,
)
