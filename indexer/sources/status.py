"""What the cache holds, and whose wording changed since its annotation was verified.

A provision verified on date D was read against the latest version retrieved on
or before D (its baseline); if the latest version's wording differs from the
baseline's, the annotation needs review.  Wording is compared as a sequence of
words after normalisation (white space, list numbering, quote and dash styles,
amendment markers, case), with rapidfuzz's Levenshtein distance over the word
sequences: re-wrapped or re-numbered text is no change, one amended word is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein

from indexer.corpus import Corpus
from indexer.sources.cache import Version, load_document, versions, wording
from indexer.sources.config import Sources, load_sources

# a paragraph or point number at the start of a line or of a sentence (reflowed text runs them in)
_NUMBERING = re.compile(
    r"(?:^|(?<=[.;:])\s)\s*(?:\(?\d+[a-z]?(?:-[a-z]+)?[.)]|\([a-z]{1,5}\)|[a-z]{1,2}[.)])(?=\s|[A-ZÀ-Þa-z(])",
    re.MULTILINE,
)
_MARKERS = re.compile(r"[▼►◄]\s*(?:[A-Z]\d*)?|\(\(|\)\)")
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.;:])\s+|\n")


def words(text: str) -> list[str]:
    """The words of a wording, with formatting noise removed (the unit of comparison)."""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKERS.sub(" ", text)
    text = _NUMBERING.sub("", text)
    return _WORD.findall(text.casefold())


@dataclass(frozen=True)
class Change:
    """How a wording differs between two versions."""

    changed: bool
    similarity: float  # 0..100, word-level
    edits: int  # word insertions, deletions and substitutions
    removed: list[str] = field(default_factory=list)  # sentences of the old wording no longer there
    added: list[str] = field(default_factory=list)  # sentences of the new wording not there before


def _sentences(text: str) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for piece in _SENTENCE.split(text):
        key = tuple(words(piece))
        if key:
            out.setdefault(key, piece.strip())
    return out


def compare(old: str, new: str) -> Change:
    """Compare two wordings; ``changed`` is true only when a word differs."""
    a, b = words(old), words(new)
    edits = Levenshtein.distance(a, b)
    similarity = round(Indel.normalized_similarity(a, b) * 100, 1)
    if not edits:
        return Change(False, similarity, 0)
    before, after = _sentences(old), _sentences(new)
    removed = [s for k, s in before.items() if k not in after]
    added = [s for k, s in after.items() if k not in before]
    # list each added sentence next to the removed one it most resembles
    ordered: list[str] = []
    for sentence in added:
        best = process.extractOne(sentence, removed, scorer=fuzz.ratio) if removed else None
        if best and best[0] not in ordered:
            ordered.append(best[0])
    ordered += [s for s in removed if s not in ordered]
    return Change(True, similarity, edits, ordered, added)


@dataclass(frozen=True)
class ProvisionStatus:
    """One provision's wording against the version it was verified with."""

    provision_id: str
    state: str  # unchanged, changed, no-baseline, missing or not-verified
    verified: str | None
    baseline: str | None  # retrieved date of the baseline version
    change: Change | None = None


@dataclass(frozen=True)
class InstrumentStatus:
    """One instrument in the cache."""

    instrument_id: str
    configured: bool
    url: str | None
    versions: list[Version]
    with_wording: int
    provisions: list[ProvisionStatus]

    def as_json(self) -> dict[str, object]:
        """The JSON record `sources status --json` prints."""
        latest = self.versions[-1] if self.versions else None
        return {
            "instrument": self.instrument_id,
            "configured": self.configured,
            "url": self.url,
            "cached": latest is not None,
            "retrieved": latest.retrieved.isoformat() if latest else None,
            "sha256": latest.sha256 if latest else None,
            "origin": latest.origin if latest else None,
            "versions": len(self.versions),
            "provisions_with_wording": self.with_wording,
            "changed": [
                {
                    "provision": p.provision_id,
                    "verified": p.verified,
                    "baseline": p.baseline,
                    "similarity": p.change.similarity if p.change else None,
                    "removed": p.change.removed if p.change else [],
                    "added": p.change.added if p.change else [],
                }
                for p in self.provisions
                if p.state == "changed"
            ],
        }


def instrument_status(corpus: Corpus, sources: Sources, texts_dir: Path, instrument_id: str) -> InstrumentStatus:
    """Cache state of one instrument and the change state of each of its provisions."""
    history = versions(texts_dir, instrument_id)
    config = sources.entries.get(instrument_id)
    entries = [e for e in corpus.provisions.values() if e.instrument_id == instrument_id]
    results: list[ProvisionStatus] = []
    with_wording = 0
    documents = {v.sha256: load_document(texts_dir, instrument_id, v) for v in history[-1:]}
    latest = history[-1] if history else None
    for entry in entries:
        verified = entry.provision.verification.date
        current_doc = documents.get(latest.sha256) if latest else None
        current = wording(entry, config, current_doc, latest) if latest and current_doc else None
        with_wording += current is not None
        if verified is None:
            results.append(ProvisionStatus(entry.id, "not-verified", None, None))
            continue
        baseline = next((v for v in reversed(history) if v.retrieved.date() <= verified), None)
        if baseline is None or latest is None:
            results.append(ProvisionStatus(entry.id, "no-baseline", verified.isoformat(), None))
            continue
        if baseline.sha256 not in documents:
            documents[baseline.sha256] = load_document(texts_dir, instrument_id, baseline)
        base_doc = documents[baseline.sha256]
        before = wording(entry, config, base_doc, baseline) if base_doc else None
        if before is None or current is None:
            state = "missing" if before is not None else "no-baseline"
            base_date = baseline.retrieved.date().isoformat()
            results.append(ProvisionStatus(entry.id, state, verified.isoformat(), base_date))
            continue
        change = compare(before.text, current.text)
        results.append(
            ProvisionStatus(
                entry.id,
                "changed" if change.changed else "unchanged",
                verified.isoformat(),
                baseline.retrieved.date().isoformat(),
                change,
            )
        )
    return InstrumentStatus(
        instrument_id=instrument_id,
        configured=config is not None,
        url=config.url if config else None,
        versions=history,
        with_wording=with_wording,
        provisions=results,
    )


def wording_changes(corpus: Corpus, texts_dir: Path, instrument_id: str) -> dict[str, ProvisionStatus]:
    """Whether each provision of an instrument changed since it was verified, by provision id."""
    status = instrument_status(corpus, load_sources(corpus.root), texts_dir, instrument_id)
    return {p.provision_id: p for p in status.provisions}


def status(corpus: Corpus, sources: Sources, texts_dir: Path) -> list[InstrumentStatus]:
    """Every configured or cached instrument, in id order."""
    ids = set(sources.entries)
    if texts_dir.is_dir():
        ids |= {f"{p.parent.parent.name}/{p.parent.name}" for p in texts_dir.glob("*/*/versions.json")}
    return [instrument_status(corpus, sources, texts_dir, iid) for iid in sorted(ids)]
