"""Citation lookup: "utlendingsloven § 53", "art. 31 bis LO 4/2000", "5 kap. 16 § utlänningslagen", "18. člen ZMZ-1".

A query is split into a pinpoint ("§ 53") and the rest ("utlendingsloven").
The pinpoint is reduced to a key of numbers and letters that survives the ways
lawyers write it ("31 bis" = "31-bis" = "31bis"; "59(1)"; "19.2"), and the
rest is matched against each instrument's titles, short titles and citation
with rapidfuzz, so typos ("utlendingslovn") still find the provision.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from indexer.designators import DESIGNATORS, DROPPED, PART, UNIT, words
from indexer.text import fold

_LATIN = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)"


def _designator(word: str) -> str:
    """A regex for a unit word as written and accent-folded, an abbreviation's dot optional ("art", "art.")."""
    stem = word.rstrip(".")
    spellings = sorted({stem, fold(stem)} - {""}, key=lambda s: (-len(s), s))
    return "|".join(re.escape(s) + (r"\.?" if word.endswith(".") else "") for s in spellings)


#: what names the unit before its number ("§ 53", "art. 31 bis", "artikkel 59"): the designators table's unit
#: words, and two part words that lawyers also put first ("apartado 3", "paragrafo 2")
_DESIGNATOR = "|".join(
    _designator(w) for w in sorted([*words(UNIT), "apartado", "paragrafo"], key=lambda w: (-len(w), w))
)
#: Norwegian and Danish ordinals of a paragraph ("§ 53 tredje ledd" is § 53(3))
ORDINALS = {
    "forste": "1",
    "annet": "2",
    "andre": "2",
    "tredje": "3",
    "fjerde": "4",
    "femte": "5",
    "sjette": "6",
    "sjuende": "7",
    "syvende": "7",
    "attende": "8",
    # Dutch: "artikel 3.48, eerste lid"
    "eerste": "1",
    "tweede": "2",
    "derde": "3",
    "vierde": "4",
    "vijfde": "5",
    "zesde": "6",
}
_SUBUNIT = (
    rf"(?:,?\s*(?:comma|παρ\.?|Abs\.?|Absatz|odst\.?|odstavec|lid)\s*\d+[a-z]?(?:[\s-]?{_LATIN}\b)?"
    r"|,?\s+(?:første|forste|annet|andre|tredje|fjerde|femte|sjette|sjuende|syvende|åttende)\s+ledd"
    r"|,?\s+(?:eerste|tweede|derde|vierde|vijfde|zesde)\s+lid"
    # Dutch points: "onder f", "aanhef en onder f"
    r"|,?\s+(?:aanhef\s+en\s+)?onder\s+[a-z]\b)"
)
# "§ 84 b", "§ 222 a": a section letter after a space (not "e", "i", "o": words in several languages);
# French code articles: "L. 423-5", "R425-2", "515-13-1" (a part letter, numbers joined by hyphens)
_NUMBER = (
    rf"(?:[LRD]\.?\s?)?\d+(?:[a-z]|\s[a-df-hj-np-z](?!\w))?(?:[\s-]?{_LATIN}\b)?(?:-\d+(?![\d/]))*"
    rf"(?:\s*\(\s*[0-9a-z]{{1,4}}\s*\))*(?:\.\d+)*{_SUBUNIT}*"
)
#: chapter and section, Swedish style: "5 kap. 16 §"
_KAP = re.compile(r"(\d+)\s*kap\.?\s*(\d+\s*[a-z]?)\s*§", re.IGNORECASE)
#: a number then its unit word, Slovenian style: "18. člen", "132.a člena", "129. člen, 3. odstavek" (any case ending)
_NUMBER_FIRST = re.compile(
    r"(?:^|(?<=[\s(,;]))(\d+)\.\s?([a-z](?![^\W\d_]))?\s*(?:{unit})\w*(?:,?\s*(\d+)\.\s*(?:{part})\w*)?".format(
        unit="|".join(map(re.escape, DESIGNATORS["sl"][UNIT])), part="|".join(map(re.escape, DESIGNATORS["sl"][PART]))
    ),
    re.IGNORECASE,
)
#: a designator then a number: "§ 53", "art. 31 bis", "Article 59(1)", "artículo 19.2"
# a number followed by "/" is an act's number ("Reg. 2024/1347", "LO 4/2000"), not a pinpoint
_DESIGNATED = re.compile(rf"(?:^|(?<=[\s(,;]))(?:{_DESIGNATOR})\s*({_NUMBER})(?![\d/])", re.IGNORECASE)
#: a rule code then a number: "VDA 4.2", "E-DVILR 1.1", "GEN 1.2"
_RULE = re.compile(r"\b([A-Z]{2,6}(?:-[A-Z]{2,6})?)\s*(\d+(?:\.\d+)+)\b")
#: a pinpoint that says what it is by its shape: a French code article without "art." ("L. 425-1",
#: "R425-2"), a paragraph of the Dutch Aliens Circular ("B8/3", "B9/11")
_SHAPED = re.compile(r"(?:^|(?<=[\s(,;]))([LRD]\.?\s?\d+(?:-\d+)+|[A-C]\d{1,2}/\d+(?:\.\d+)*)(?![\w/-])")
_FILLER = {"of", "the", "del", "de", "la", "el", "della", "di", "du", "des", "och", "og", "i", "und", "der"}


#: words lawyers write around pinpoints, in the corpus languages: never "corrected" as typos
CITATION_WORDS = frozenset(
    fold(w)
    for w in [
        "article",
        "articles",
        "artikel",
        "artikkel",
        "articolo",
        "artículo",
        "paragraf",
        "paragrafen",
        "paragrafo",
        "paragraph",
        "párrafo",
        "apartado",
        "alinéa",
        "alinea",
        "section",
        "sections",
        "ledd",
        "leddet",
        "stycke",
        "stycket",
        "punkt",
        "punkten",
        "bokstav",
        "kapittel",
        "kapitel",
        "comma",
        "commi",
        "lettera",
        "absatz",
        "satz",
        "ziffer",
        "nummer",
        "lid",
        "onderdeel",
        "člen",
        "člena",
        "členu",
        "odstavek",
        "odstavka",
        "točka",
        "článek",
        "článku",
        "odstavec",
        "odst",
        "písm",
        "písmeno",
        "άρθρο",
        "άρθρα",
        "παράγραφος",
        "εδάφιο",
        "περίπτωση",
    ]
) | frozenset(ORDINALS)


def pin_key(pinpoint: str) -> tuple[str, ...]:
    """The comparable key of a pinpoint: "Article 13(2)(c)" -> ("13", "2", "c"), "5 kap. 16 §" -> ("5kap", "16")."""
    pinpoint = re.sub(r"(\d+)(?:\s+|\.)([a-z])(?![\w(.])", r"\1\2", pinpoint)  # "§ 84 b", "132.a člen": 84b, 132a
    pinpoint = re.sub(r"\b([LRD])\.?\s?(\d)", r"\1\2", pinpoint)  # "L. 423-5" is L423-5
    text = fold(pinpoint.replace("§", " § "))
    text = re.sub(r"(\d+)\s*kap\b", r"\1kap", text)
    text = re.sub(rf"(\d+)\s*(?:-\s*)?({_LATIN})\b", r"\1\2", text)
    words = [ORDINALS.get(w, w) for w in re.findall(r"[0-9a-z\u0370-\u03ff]+", text)]
    return tuple(w for w in words if w not in DROPPED)


def split_citation(query: str) -> tuple[tuple[str, ...], str] | None:
    """Split a query into (pinpoint key, the rest naming the instrument), or None if it cites nothing."""
    for pattern, build in (
        (_KAP, lambda m: f"{m.group(1)} kap. {m.group(2)} §"),
        (_NUMBER_FIRST, lambda m: f"{m.group(1)}{m.group(2) or ''} {m.group(3) or ''}"),
        (_DESIGNATED, lambda m: m.group(1)),
        (_RULE, lambda m: f"{m.group(1)} {m.group(2)}"),
        (_SHAPED, lambda m: m.group(1)),
    ):
        match = pattern.search(query)
        if match:
            key = pin_key(build(match))
            rest = (query[: match.start()] + " " + query[match.end() :]).strip(" ,;")
            if key:
                return key, rest
    return None


_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)(?!\s*[-–]?\s*(?:bis|ter|quater))")


def pin_range(pinpoint: str) -> range | None:
    """The articles a range pinpoint spans: "arts 92-94" -> 92..94; None for a single unit."""
    match = _RANGE.search(pinpoint)
    if not match:
        return None
    low, high = int(match.group(1)), int(match.group(2))
    return range(low, high + 1) if low < high else None


def _pin_score(key: tuple[str, ...], pkey: tuple[str, ...], span: range | None) -> float:
    """How well a provision's pinpoint answers the cited one (0 when it does not)."""
    if pkey == key:
        return 1.0
    if pkey[: len(key)] == key:
        return 0.9  # the query names the article, the provision is a paragraph of it
    if pkey and key[: len(pkey)] == pkey:
        return 0.8  # the query names a paragraph of the article we annotate
    if span is not None and key and key[0].isdigit() and int(key[0]) in span:
        return 0.85  # the provision annotates a run of articles that includes the cited one
    return 0.0


class CitationTable:
    """Every provision's pinpoint key and instrument names, for :meth:`lookup`."""

    def __init__(self, instruments: Mapping[str, tuple[Sequence[str | None], Sequence[int], Sequence[str]]]):
        """``instruments``: instrument id -> (its names, its provisions' document numbers, their pinpoints)."""
        self.by_instrument: dict[str, list[tuple[int, tuple[str, ...], range | None]]] = {}
        self.names: dict[str, list[str]] = {}
        for instrument_id, (names, nums, pinpoints) in instruments.items():
            self.by_instrument[instrument_id] = [
                (num, pin_key(pin), pin_range(pin)) for num, pin in zip(nums, pinpoints, strict=True)
            ]
            self.names[instrument_id] = [fold(n) for n in names if n]

    def instrument_score(self, rest: str, instrument_id: str) -> float:
        """How well ``rest`` names the instrument (0-100)."""
        words = [w for w in fold(rest).split() if w not in _FILLER]
        wanted = " ".join(words)
        if wanted and wanted in self.names[instrument_id]:
            return 100.0  # a short title as written ("IC", "QR", "UtlL")
        if len(wanted) < 3:
            return 0.0
        numbers = {fold(n) for n in re.findall(r"\d+/\d+|\d{4}", rest)}
        best = 0.0
        names = self.names[instrument_id]
        if numbers and not any(all(f" {n} " in f" {name} " for n in numbers) for name in names):
            return 0.0  # "Regulation 2024/1347" names that act and no other, however alike the titles
        from rapidfuzz import fuzz  # not at module level: a plain query's cold open does without rapidfuzz

        for name in names:
            if numbers:
                best = 95.0
            score = fuzz.token_set_ratio(wanted, name)
            if len(wanted) >= 5:
                score = max(score, fuzz.partial_ratio(wanted, name) - 2)
            best = max(best, score)
        return best

    def lookup(self, query: str, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """Provisions the query cites, best first, as (document number, score 0-100)."""
        split = split_citation(query)
        if split is None:
            return []
        key, rest = split
        # a rule code names its rules by itself ("VDA 4.2"): any instrument may hold that exact pinpoint
        by_code = not rest.strip(" ,;") and not key[0].isdigit()
        found: list[tuple[int, float]] = []
        for instrument_id, provisions in self.by_instrument.items():
            if by_code:
                found += [(num, 100.0) for num, pkey, _span in provisions if pkey == key and _allows(allowed, num)]
                continue
            named = self.instrument_score(rest, instrument_id)
            if named < 80:
                continue
            for num, pkey, span in provisions:
                if allowed is not None and num not in allowed:
                    continue
                pin = _pin_score(key, pkey, span)
                if pin:
                    found.append((num, round(named * pin, 2)))
        return sorted(found, key=lambda item: (-item[1], item[0]))


def _allows(allowed: set[int] | None, num: int) -> bool:
    return allowed is None or num in allowed
