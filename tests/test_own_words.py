"""Our own words: no summary or annotation copies a run of 12 or more words from the statute it describes."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from indexer.load import load_corpus
from indexer.ownwords import copied_runs, grams
from indexer.sources.cache import official_texts
from indexer.sources.config import load_sources
from tests.conftest import ROOT, SHARED

WORDING = (
    "Parties shall take the necessary legislative or other measures to ensure that victims whose residence "
    "status depends on that of the spouse or partner as recognised by internal law, in the event of the "
    "dissolution of the marriage or the relationship, are granted in the event of particularly difficult "
    "circumstances, upon application, an autonomous residence permit."
)

# (id, our text, the runs the check must report)
CASES = [
    ("own-words", "A victim whose status derives from a spouse may ask for a permit of her own.", []),
    (
        "twelve-words-copied",
        "It says: take the necessary legislative or other measures to ensure that victims whose residence, and so on.",
        ["take the necessary legislative or other measures to ensure that victims whose residence"],
    ),
    (
        "eleven-words-are-not-a-run",
        "Parties must take the necessary legislative or other measures to ensure that victims of violence are safe.",
        [],
    ),
    (
        "case-punctuation-and-spacing-are-folded",
        "VICTIMS whose residence-status depends, on that of the spouse; or partner as recognised by internal law!",
        ["victims whose residence status depends on that of the spouse or partner as recognised by internal law"],
    ),
    (
        "a-longer-run-is-reported-once",
        "of the dissolution of the marriage or the relationship, are granted in the event of particularly",
        ["of the dissolution of the marriage or the relationship are granted in the event of particularly"],
    ),
    (
        "a-quoted-term-of-six-words-breaks-the-run",
        'in the event of the dissolution of the marriage or the "relationship, are granted in the event" of it',
        [],
    ),
    (
        "a-longer-quotation-is-copying",
        'It requires that "victims whose residence status depends on that of the spouse or partner" be protected.',
        ["that victims whose residence status depends on that of the spouse or partner"],
    ),
]


@pytest.mark.parametrize(("text", "runs"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_copied_runs(text: str, runs: list[str]) -> None:
    assert copied_runs(text, WORDING) == runs


@cache
def _source_grams(path: Path) -> frozenset[tuple[str, ...]]:
    return frozenset(grams(path.read_text("utf-8", errors="replace")))


@pytest.mark.shared("sources")
def test_summaries_and_annotations_are_in_our_own_words(shared_texts: Path) -> None:
    """Against the attached official wording, else against the source-set files that hold the instrument."""
    corpus, _ = load_corpus(ROOT / "corpus")
    attached = official_texts(corpus, shared_texts)
    sources = load_sources(corpus.root)
    files = sorted(p for p in (SHARED / "sources").rglob("*") if p.is_file() and p.name != "README.md")
    held = {iid: [p for p in files if iid in sources.match_file(p.name)] for iid in sources.entries}
    copied: list[str] = []
    checked = 0
    for pid, entry in sorted(corpus.provisions.items()):
        prov = entry.provision
        if pid in attached:
            against = [grams(attached[pid].text)]
        else:
            against = [_source_grams(p) for p in held.get(entry.instrument_id, [])]
        if not against:
            continue
        checked += 1
        for field in ("summary", "plain_summary", "annotation"):
            text = getattr(prov, field) or ""
            for wording in against:
                copied += [f"{pid} {field}: {run!r}" for run in copied_runs(text, set(wording))]
    assert copied == [], "copied from the statute (write it in our own words):\n" + "\n".join(copied)
    assert checked >= 150
