"""The official-text cache (placeholder until the official-text layer lands)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from indexer.corpus import Corpus


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


def official_texts(corpus: Corpus, texts_dir: Path) -> dict[str, OfficialText]:
    """Map provision ids to their cached official wording (empty when nothing is cached)."""
    return {}
