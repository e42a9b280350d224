"""Pure text helpers on the ground floor: the folded form of words that search, names and citations compare.

No search engine, parser or HTML library is imported here, so any module may use
these and stay light; the index's analyzers (:mod:`indexer.engine`) fold with the
same :func:`fold_word`, so what a query folds to is what the index holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

#: a word as the index cuts text into words: letters and digits, with inner dots kept ("53.2", "u.s.")
TOKEN_PATTERN = r"\w+(?:\.\w+)*"
TOKEN = re.compile(TOKEN_PATTERN)
# letters that carry no combining accent to strip, folded as their nearest plain letter
_PLAIN = str.maketrans(
    {"ß": "s", "ð": "d", "ø": "o", "þ": "t", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l", "ł": "l", "ŧ": "t", "ς": "σ"}
)
_FOLDED: dict[str, str] = {}


def fold_word(word: str) -> str:
    """One lower-case word without its accents, in every script: "violència" -> "violencia", "άρθρο" -> "αρθρο"."""
    folded = _FOLDED.get(word)
    if folded is None:
        text = unicodedata.normalize("NFD", word.translate(_PLAIN))
        folded = "".join(ch for ch in text if not unicodedata.combining(ch))
        if len(_FOLDED) < 500_000:  # words repeat: folding each once is most of the build's time saved
            _FOLDED[word] = folded
    return folded


def fold(text: str) -> str:
    """The folded, lower-case words of ``text`` as the index sees them (no stemming), joined by spaces."""
    return " ".join([fold_word(word.lower()) for word in TOKEN.findall(text)])


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|$~])")
_MD_LINE_START = re.compile(r"^([ \t]*)([#+\-=])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """``text`` as literal Markdown: no emphasis, links, HTML, tables, lists or math sneak in."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    return _MD_ORDERED.sub(r"\1\\\2", text)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]], *, escape: bool = True) -> list[str]:
    """The lines of a Markdown table; every cell is kept on one line and escaped (``escape=False``: cells
    that are Markdown already, such as links, get only their ``|`` escaped)."""

    def cell_text(cell: str) -> str:
        text = " ".join(cell.split())
        return md_escape(text) if escape else text.replace("|", "\\|")

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell_text(cell) for cell in cells) + " |"

    return [line(header), "|" + "---|" * len(header), *(line(row) for row in rows)]


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``value``, else ``""``."""
    from rapidfuzz import process  # not at module level: a plain query's cold open does without rapidfuzz

    match = process.extractOne(value, list(choices), score_cutoff=75)
    return f" (did you mean {match[0]!r}?)" if match else ""
