"""Our own words: find runs of a summary or annotation copied verbatim from the statute.

Summaries and annotations are written in our own words; the statute's wording
belongs to the official-text layer.  :func:`copied_runs` lists every run of
``n`` or more consecutive words that a text shares with a wording, compared
word by word after folding case, punctuation and whitespace (the words of
:func:`indexer.sources.status.words`).  A defined term quoted in quotation marks
("besondere Härte", 'vie privée et familiale') is allowed when it is six words
or fewer: such a quotation breaks a run instead of extending it.
"""

from __future__ import annotations

import re

from indexer.sources.status import words

RUN = 12  # words: a shared run this long is copying, not a shared term
QUOTE_WORDS = 6  # a quoted term of up to this many words may be quoted

# a quotation in double, typographic or guillemet quotes, or in single quotes that are not apostrophes
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|„[^“”\n]*[“”]|«[^»\n]*»|‘[^’\n]*’|(?<!\w)'[^'\n]*'(?!\w)")


def _pieces(text: str) -> list[list[str]]:
    """The word sequences of ``text``, cut at each short quotation (which counts as its own words)."""
    pieces: list[list[str]] = []
    start = 0
    for m in _QUOTED.finditer(text):
        if len(words(m.group())) <= QUOTE_WORDS:
            pieces.append(words(text[start : m.start()]))
            start = m.end()
    pieces.append(words(text[start:]))
    return pieces


def grams(wording: str, n: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``n`` consecutive words of a wording (build once, test many texts against it)."""
    toks = words(wording)
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def copied_runs(text: str, wording: str | set[tuple[str, ...]], n: int = RUN) -> list[str]:
    """The longest runs of ``n`` or more words of ``text`` found verbatim in ``wording``, in text order."""
    seen = grams(wording, n) if isinstance(wording, str) else wording
    runs: list[str] = []
    for toks in _pieces(text):
        i = 0
        while i <= len(toks) - n:
            if tuple(toks[i : i + n]) not in seen:
                i += 1
                continue
            end = i + n
            while end < len(toks) and tuple(toks[end - n + 1 : end + 1]) in seen:
                end += 1
            runs.append(" ".join(toks[i:end]))
            i = end
    return runs
