"""The official-text cache: every version of every instrument's official document.

Layout under the cache directory (``lexcompare --texts``)::

    <code>/<instrument-slug>/versions.json      one record per version, oldest first
    <code>/<instrument-slug>/<sha16>.<ext>       the document as retrieved (bytes)
    <code>/<instrument-slug>/<sha16>.json        what the ingester read from it

A document whose sha256 equals the latest version's adds nothing.  Every file is
written to a temporary name and renamed into place, and ``versions.json`` last,
so an interrupted import leaves the previous state intact.  Keeping old versions
is what lets ``sources status`` tell whose wording changed since it was verified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.corpus import Corpus, ProvisionEntry
from indexer.errors import SourceError
from indexer.files import write_atomic
from indexer.models import SourceEntry
from indexer.sources.base import Document, SourceProvision
from indexer.sources.config import load_sources
from indexer.sources.ingest import ingest
from indexer.sources.select import select

_EXTENSIONS = {
    "eurlex": ".html",
    "lovdata": ".html",
    "govuk": ".html",
    "html": ".html",
    "markdown": ".md",
    "sfs": ".txt",
}


@dataclass(frozen=True)
class OfficialText:
    """The official wording of one provision, with where and when it was taken from."""

    provision_id: str
    pinpoint: str  # as the source writes it
    text: str
    source_title: str
    source_url: str | None
    format: str
    retrieved: dt.datetime
    sha256: str  # of the whole source document
    heading: str = ""  # the source's heading of the unit
    notes: tuple[str, ...] = ()  # the source's footnotes and amendment notes for the unit
    origin: str = ""  # the URL or file name the document was actually read from
    version: str | None = None  # what the document says of its version ("2026-01-01", "lov/2025-06-20-96")


@dataclass(frozen=True)
class Version:
    """One retrieved document of one instrument."""

    sha256: str
    retrieved: dt.datetime
    origin: str  # URL or file name
    format: str
    title: str  # the source's title as shown with the wording
    url: str | None  # the official URL
    provisions: int

    @property
    def key(self) -> str:
        """The short name of this version's files."""
        return self.sha256[:16]

    def as_json(self) -> dict[str, Any]:
        """The record kept in ``versions.json``."""
        return {
            "sha256": self.sha256,
            "retrieved": self.retrieved.isoformat(),
            "origin": self.origin,
            "format": self.format,
            "title": self.title,
            "url": self.url,
            "provisions": self.provisions,
        }


def instrument_dir(texts_dir: Path, instrument_id: str) -> Path:
    """Where one instrument's versions live; refuses ids that would leave the cache."""
    parts = instrument_id.split("/")
    if len(parts) != 2 or any(not p or p in (".", "..") or "\\" in p for p in parts):
        raise SourceError(f"{instrument_id!r} is not an instrument id like 'no/utlendingsloven'")
    return texts_dir.joinpath(*parts)


def versions(texts_dir: Path, instrument_id: str) -> list[Version]:
    """The cached versions of an instrument, oldest first (empty when none or unreadable)."""
    path = instrument_dir(texts_dir, instrument_id) / "versions.json"
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        return [
            Version(
                sha256=r["sha256"],
                retrieved=dt.datetime.fromisoformat(r["retrieved"]),
                origin=r["origin"],
                format=r["format"],
                title=r["title"],
                url=r.get("url"),
                provisions=int(r.get("provisions", 0)),
            )
            for r in records
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def load_document(texts_dir: Path, instrument_id: str, version: Version) -> Document | None:
    """What the ingester read from one cached version (None if the file is missing or damaged)."""
    path = instrument_dir(texts_dir, instrument_id) / f"{version.key}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        units = [
            SourceProvision(
                pinpoint=u["pinpoint"],
                heading=u["heading"],
                text=u["text"],
                notes=tuple(u.get("notes", ())),
                amended_by=tuple(u.get("amended_by", ())),
                status=u.get("status"),
            )
            for u in raw["provisions"]
        ]
        return Document(
            format=raw["format"],
            provisions=units,
            title=raw.get("title"),
            language=raw.get("language"),
            in_force=raw.get("in_force"),
            amended_by=tuple(raw.get("amended_by", ())),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class Stored:
    """The outcome of storing one document."""

    instrument_id: str
    version: Version
    new: bool  # False when the document equals the latest cached version


def store(
    texts_dir: Path,
    instrument_id: str,
    data: bytes,
    *,
    origin: str,
    title: str,
    url: str | None,
    fmt: str = "auto",
    now: dt.datetime | None = None,
) -> Stored:
    """Parse a document and add it to the cache as the instrument's newest version.

    Raises :class:`SourceError` when the document yields no provision (an error page,
    a cookie wall, the wrong file): such a document never replaces a good one.
    """
    digest = hashlib.sha256(data).hexdigest()
    history = versions(texts_dir, instrument_id)
    if history and history[-1].sha256 == digest:
        return Stored(instrument_id, history[-1], new=False)
    document = ingest(data, fmt, origin)
    if not document.provisions:
        raise SourceError(f"{origin}: no provisions found ({document.format} ingester); nothing stored")
    version = Version(
        sha256=digest,
        retrieved=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        origin=origin,
        format=document.format,
        title=title,
        url=url,
        provisions=len(document.provisions),
    )
    folder = instrument_dir(texts_dir, instrument_id)
    write_atomic(folder / f"{version.key}{_EXTENSIONS.get(document.format, '.xml')}", data)
    parsed = {
        "format": document.format,
        "title": document.title,
        "language": document.language,
        "in_force": document.in_force,
        "amended_by": list(document.amended_by),
        "provisions": [u.as_json() for u in document.provisions],
    }
    write_atomic(folder / f"{version.key}.json", json.dumps(parsed, ensure_ascii=False).encode("utf-8"))
    records = [v.as_json() for v in history] + [version.as_json()]
    write_atomic(folder / "versions.json", json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8"))
    return Stored(instrument_id, version, new=True)


def wording(
    entry: ProvisionEntry, config: SourceEntry | None, document: Document, version: Version
) -> OfficialText | None:
    """One provision's wording in one cached version (None when that version lacks it).

    The pinpoint looked up is the one ``sources.yaml`` maps the provision's slug to,
    then the provision's own pinpoint; an entry that lists ``provisions`` gives wording
    to those slugs only (an old version must not stand for the current law).
    """
    slug = entry.provision.slug
    if config is not None and config.provisions is not None and slug not in config.provisions:
        return None
    mapped = config.pinpoints.get(slug) if config else None
    # the mapped pinpoint serves one copy (an excerpt); the provision's own serves the full text
    found = (select(document.provisions, mapped) if mapped else None) or select(
        document.provisions, entry.provision.pinpoint
    )
    if found is None or not found.text.strip():
        return None
    return OfficialText(
        provision_id=entry.id,
        pinpoint=found.pinpoint,
        text=found.text,
        source_title=version.title,
        source_url=version.url,
        format=version.format,
        retrieved=version.retrieved,
        sha256=version.sha256,
        heading=found.units[0].heading if len(found.units) == 1 else "",
        notes=tuple(n for u in found.units for n in (*u.amended_by, *u.notes)),
        origin=version.origin,
        version=document.in_force,
    )


def official_texts(corpus: Corpus, texts_dir: Path) -> dict[str, OfficialText]:
    """Map provision ids to their cached official wording (latest version of each instrument)."""
    if not texts_dir.is_dir():
        return {}
    sources = load_sources(corpus.root)
    out: dict[str, OfficialText] = {}
    documents: dict[str, tuple[Version, Document] | None] = {}
    for pid, entry in corpus.provisions.items():
        iid = entry.instrument_id
        if iid not in documents:
            history = versions(texts_dir, iid)
            document = load_document(texts_dir, iid, history[-1]) if history else None
            documents[iid] = (history[-1], document) if history and document else None
        cached = documents[iid]
        if cached is None:
            continue
        text = wording(entry, sources.entries.get(iid), cached[1], cached[0])
        if text is not None:
            out[pid] = text
    return out
