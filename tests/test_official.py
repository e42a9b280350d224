"""Honesty of the corpus: a provision is 'official' only when the official-text layer attaches its wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.load import load_corpus
from indexer.sources.cache import official_texts
from tests.conftest import ROOT


@pytest.mark.shared("sources")
def test_every_official_provision_gets_its_wording(shared_texts: Path) -> None:
    corpus, _ = load_corpus(ROOT / "corpus")
    attached = official_texts(corpus, shared_texts)
    official = {pid for pid, e in corpus.provisions.items() if e.provision.verification.status.value == "official"}
    assert sorted(official - set(attached)) == [], "marked official, but no official wording is attached"
    assert len(attached) >= 100
