"""Is a provision current? Its status, the version of the wording we hold, and whether it changed.

:func:`currency` turns what the corpus records (status, in-force and repeal dates,
verification), what ``sources.yaml`` says of the text (consolidated or original, the
date it stands at, whether the local copy lacks later amendments) and what the
official-text cache found (:class:`~indexer.sources.status.ProvisionStatus`) into a
:class:`Currency`: sentences a lawyer can act on, each built from the data and never
from a guessed date.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.corpus import Corpus
from indexer.models import SourceEntry, Status, TextVersion
from indexer.sources.config import read_sources
from indexer.sources.status import ProvisionStatus

#: a status as people say it (dates are added where the data gives them)
STATUS_WORDS = {
    Status.in_force: "In force",
    Status.partly_in_force: "Partly in force",
    Status.not_yet_in_force: "Not yet in force",
    Status.repealed: "Repealed",
    Status.proposed: "Proposed, not law",
    Status.unknown: "Status not recorded",
}

#: the answer to "changed since our annotation?" for each change state of the official-text cache
CHANGED = {
    "unchanged": "no",
    "changed": "yes",
    "no-baseline": "not known",
    "missing": "not known",
    "not-verified": "not known",
    "no-cache": "not known",
}


@dataclass(frozen=True)
class Currency:
    """Everything a provision page says about currency, as sentences (view-ready)."""

    provision_id: str
    status: Status
    status_text: str  # "In force since 2010-01-01", "Repealed on 2026-07-01", "Repealed (date not recorded)"
    wording: str | None  # "Wording as of 2025-12-06 from <source>" (None: not on this machine)
    version: str  # "Consolidated text as of 2021-07-09", "Original text as enacted, of 2023-04-01", ...
    outdated: str | None  # the warning for the top of the page when the wording shown is older than the law
    source_url: str | None  # where the current official text is read
    changed: str  # "yes", "no" or "not known"
    why: str  # why that is the answer
    next_step: str  # what to do about it
    change_state: str  # the cache's state (a key of CHANGED)
    similarity: float | None = None  # word-level, when the wording changed
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


def status_text(status: Status, in_force: dt.date | None, repealed: dt.date | None) -> str:
    """A status in words with the dates the data gives: ``In force since 2010-01-01``, ``Repealed on …``."""
    words = STATUS_WORDS[status]
    if status is Status.repealed:
        return f"Repealed on {repealed.isoformat()}" if repealed else "Repealed (date not recorded)"
    if status is Status.not_yet_in_force:
        return f"{words}: enters into force on {in_force.isoformat()}" if in_force else f"{words} (date not recorded)"
    if status in (Status.in_force, Status.partly_in_force) and in_force:
        return f"{words} since {in_force.isoformat()}"
    return words


def _from_files(entry: SourceEntry | None, origin: str) -> bool:
    """Whether the wording came from a local copy (``sources import``), not from the configured URL."""
    return entry is not None and not (entry.url and origin == entry.url)


def version_text(entry: SourceEntry | None, official: Mapping[str, Any] | None) -> str:
    """What version of the text the wording is: consolidated or original, with its date where known."""
    if official is None:
        kind = entry.version if entry else None
        if kind is None:
            return "Not known: the official wording is not on this machine"
        return f"{'Consolidated' if kind is TextVersion.consolidated else 'Original'} text (not on this machine)"
    retrieved = str(official.get("official_retrieved", ""))[:10]
    from_files = _from_files(entry, str(official.get("official_origin", "")))
    kind = entry.version if entry else None
    date = entry.version_date if entry else None
    if kind is TextVersion.original:
        text = "Original text as enacted or published" + (f", of {date.isoformat()}" if date else "")
        text += " (later amendments not worked in)"
    elif kind is TextVersion.consolidated:
        if from_files and date:
            text = f"Consolidated text as of {date.isoformat()}"
        elif not from_files:
            text = f"Consolidated text as published on {retrieved}, the day it was retrieved"
        else:
            text = "Consolidated text (the date it stands at is not recorded)"
    else:
        text = "Version not recorded (consolidated or original is not known)"
    stated = official.get("official_version")
    if stated:
        text += f"; the document gives its version as {stated}"
    return text


def _outdated(entry: SourceEntry | None, official: Mapping[str, Any] | None, version: str) -> str | None:
    if official is None or entry is None or not entry.outdated:
        return None
    if not _from_files(entry, str(official.get("official_origin", ""))):
        return None
    return (
        f"The wording shown is older than the law: {version[0].lower()}{version[1:]}, and later amendments are "
        "missing. Check the current text at the official source before quoting it or relying on the annotation."
    )


def _changed(
    change: ProvisionStatus | None, official: Mapping[str, Any] | None, retrieved: str
) -> tuple[str, str, str]:
    """(state, why, what to do next)."""
    look = "Compare the annotation with the current text at the official source before relying on it."
    if change is None:
        return "no-cache", "the official-text cache on this machine cannot be read.", look
    verified = change.verified or "an unrecorded date"
    if change.state == "unchanged":
        same = "the same wording" if change.baseline == retrieved else f"the version retrieved on {change.baseline}"
        return (
            change.state,
            f"the wording retrieved on {retrieved} is, word for word, {same} that the annotation was checked "
            f"against on {verified}.",
            f"Rely on the annotation as of {verified}; amendments published after {retrieved} are not covered, so "
            "check the official source for them.",
        )
    if change.state == "changed":
        similarity = f" ({change.change.similarity}% of the words alike)" if change.change else ""
        return (
            change.state,
            f"the wording retrieved on {retrieved} differs from the version of {change.baseline} that the annotation "
            f"was checked against on {verified}{similarity}.",
            "Read the changes below and the official text before relying on the annotation, and report it so that "
            "the annotation is reviewed.",
        )
    if change.state == "missing":
        return (
            change.state,
            f"the provision is not found in the latest official text (retrieved {retrieved or 'on an unknown date'}): "
            "it may have been renumbered or repealed, or the copy held is an excerpt.",
            "Look the provision up at the official source; " + look[0].lower() + look[1:],
        )
    if change.state == "not-verified":
        return (
            change.state,
            "no verification date is recorded for the annotation, so there is no version to compare.",
            look,
        )
    if official is None:
        why = "the official wording is not on this machine, so there is nothing to compare the annotation with."
        return change.state, why, "Read the provision at the official source and compare the annotation with it."
    return (
        change.state,
        f"no official text was retrieved on or before the annotation was checked ({verified}), so the version it "
        "was checked against is not held.",
        look,
    )


def currency(
    corpus: Corpus,
    provision_id: str,
    official: Mapping[str, Any] | None,
    change: ProvisionStatus | None,
    sources: Mapping[str, SourceEntry],
) -> Currency:
    """The currency of one provision.

    ``official`` is its stored index document when that carries the official wording
    (``official_text``, ``official_source``, ``official_retrieved``, ``official_origin``,
    ``official_version``), else None; ``change`` is what the official-text cache says of
    its wording since verification (None when the cache cannot be read); ``sources`` maps
    instrument ids to their ``sources.yaml`` entries.
    """
    entry = corpus.provisions[provision_id]
    prov = entry.provision
    instrument = corpus.instruments[entry.instrument_id].instrument
    # a provision without a status of its own is not given its instrument's (an old version of one section
    # is not in force because its act is): the instrument's status is shown beside, as the instrument's
    status = prov.status
    text = status_text(status, prov.in_force, prov.repealed)
    if status is Status.unknown and instrument.status is not Status.unknown:
        act = status_text(instrument.status, instrument.in_force, instrument.repealed)
        text = f"Not recorded for this provision (its instrument: {act[0].lower()}{act[1:]})"
    source = sources.get(entry.instrument_id)
    official = official if official and official.get("official_text") else None
    retrieved = str(official.get("official_retrieved", ""))[:10] if official else ""
    version = version_text(source, official)
    wording = None
    if official is not None:
        wording = f"Wording as of {retrieved} from {official.get('official_source') or 'the official source'}"
    state, why, next_step = _changed(change, official, retrieved)
    outdated = _outdated(source, official, version)
    if outdated:
        # "unchanged" then speaks of the old copy only
        next_step = (
            "Read the current text at the official source first: the copy held lacks later amendments. " + next_step
        )
    diff = change.change if change and change.state == "changed" else None
    return Currency(
        provision_id=provision_id,
        status=status,
        status_text=text,
        wording=wording,
        version=version,
        outdated=outdated,
        source_url=instrument.identifiers.url or instrument.identifiers.eli,
        changed=CHANGED[state],
        why=why,
        next_step=next_step,
        change_state=state,
        similarity=diff.similarity if diff else None,
        removed=tuple(diff.removed) if diff else (),
        added=tuple(diff.added) if diff else (),
    )


@functools.lru_cache(maxsize=4)
def _entries(path: Path, stamp: tuple[int, int]) -> Mapping[str, SourceEntry]:
    return read_sources(path.parent)[0].entries


def source_entries(corpus: Corpus) -> Mapping[str, SourceEntry]:
    """The corpus's ``sources.yaml`` entries by instrument id (read again only when the file changes on disk).

    Entries with problems are left out (``lexcompare validate`` names them): their provisions say their
    version is not recorded.
    """
    path = corpus.root / "sources.yaml"
    try:
        info = path.stat()
    except OSError:
        return {}
    return _entries(path, (info.st_mtime_ns, info.st_size))


def provision_currency(
    corpus: Corpus, provision_id: str, official: Mapping[str, Any] | None, change: ProvisionStatus | None
) -> Currency:
    """:func:`currency` with the corpus's own ``sources.yaml``."""
    return currency(corpus, provision_id, official, change, source_entries(corpus))
