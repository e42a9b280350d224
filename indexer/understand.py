"""Reading a query the way people write it: the places they name, the abbreviations they use,
and whether they ask for good practices rather than law.

Everything here is data-driven: places come from the jurisdictions' names and
aliases, abbreviations from ``corpus/vocabulary.yaml``; nothing names a country
in code.  The module is pure (no engine), so the app and the CLI can use it too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from indexer.engine import STOPWORDS, TOKEN_PATTERN, fold

_TOKEN = re.compile(TOKEN_PATTERN)
#: the longest place name we look for, in words ("Grand Duchy of Luxembourg")
_MAX_WORDS = 5
#: names this short are codes: see :class:`PhraseTable`
_SHORT = 3
#: words that ask for good practices, projects or toolboxes rather than law, in the corpus languages
PRACTICE_WORDS = frozenset(
    fold(w)
    for w in [
        "practice",
        "practices",
        "project",
        "projects",
        "toolbox",
        "toolkit",
        "initiative",
        "initiatives",
        "program",
        "programme",
        "programmes",
        "praksis",
        "prosjekt",
        "prosjekter",
        "praxis",
        "praxe",
        "praksa",
        "projekt",
        "projekte",
        "projekty",
        "projektet",
        "pratique",
        "pratiques",
        "projet",
        "projets",
        "pratica",
        "pratiche",
        "progetto",
        "progetti",
        "práctica",
        "prácticas",
        "proyecto",
        "proyectos",
        "praktijk",
        "praktijken",
        "verktygslåda",
        "verktøykasse",
        "πρακτική",
        "πρακτικές",
        "έργο",
    ]
)


@dataclass(frozen=True)
class Place:
    """Jurisdictions a query names, the words that named them, and the query without those words."""

    codes: tuple[str, ...]
    words: tuple[str, ...]
    rest: str


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of every word of ``text``, as the index splits it."""
    return [(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text)]


class PhraseTable:
    """Names (folded, up to five words) -> the key they name, for finding them in a query.

    Names of three letters or fewer are codes ("UK", "EU", "NOR", "FGM"): they count only
    typed as written, in upper case, so that "el" (Spanish "the") is not Greece.
    """

    def __init__(self, names: Mapping[str, Iterable[str]], skip: Callable[[str, str], bool] = lambda _k, _n: False):
        self.phrases: dict[tuple[str, ...], str] = {}
        self.exact: dict[str, str] = {}
        for key, all_names in names.items():
            for name in all_names:
                words = tuple(w for _s, _e, w in _tokens(name))
                if not words or len(words) > _MAX_WORDS or skip(key, name):
                    continue
                if len("".join(words)) <= _SHORT:
                    self.exact.setdefault(name.replace(".", ""), key)
                else:
                    self.phrases.setdefault(words, key)

    def matches(self, text: str) -> list[tuple[str, int, int]]:
        """(key, start, end) of every name in ``text``, longest first, left to right, not overlapping."""
        tokens = _tokens(text)
        found = []
        i = 0
        while i < len(tokens):
            for n in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
                start, end = tokens[i][0], tokens[i + n - 1][1]
                key = self.phrases.get(tuple(w for _s, _e, w in tokens[i : i + n]))
                if key is None and n == 1:
                    key = self.exact.get(text[start:end].replace(".", ""))
                if key is not None:
                    found.append((key, start, end))
                    i += n
                    break
            else:
                i += 1
        return found


class PlaceTable(PhraseTable):
    """Every name a jurisdiction goes by (code, names, native names, aliases), for :meth:`find`."""

    def __init__(self, names: Mapping[str, Iterable[str]]):
        # region and city codes ("CZ-31") are not what people write in prose
        super().__init__(names, skip=lambda code, name: name == code and "-" in code)

    def find(self, text: str) -> Place | None:
        """The places ``text`` names; None when it names none, or nothing but places."""
        found = self.matches(text)
        if not found:
            return None
        rest = text
        for _code, start, end in reversed(found):
            rest = rest[:start] + " " + rest[end:]
        rest = " ".join(rest.split())
        if not any(w not in STOPWORDS for _s, _e, w in _tokens(rest)):
            return None  # only a place: the words themselves are the search
        codes = tuple(dict.fromkeys(code for code, _s, _e in found))
        return Place(codes, tuple(text[s:e] for _c, s, e in found), rest)


def expand_abbreviations(text: str, table: Mapping[str, str]) -> str:
    """``text`` with what each abbreviation in ``table`` (folded short form -> meaning) stands for added.

    The abbreviation itself stays: it may also be a name the index knows.
    Short forms of three letters or fewer count only in upper case, as written.
    """
    added = []
    for start, end, word in _tokens(text):
        means = table.get(word)
        if means and (len(word) > _SHORT or text[start:end].isupper()):
            added.append(means)
    return " ".join([text, *added]) if added else text


def asks_for_practices(text: str) -> bool:
    """Whether the query asks for good practices, projects or toolboxes ("good practice shelters")."""
    return any(w in PRACTICE_WORDS for _s, _e, w in _tokens(text))
