"""Honesty of the corpus: a provision is 'official' only when the official-text layer attaches its wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.load import load_corpus
from indexer.sources.cache import official_texts
from tests.conftest import ROOT, SHARED, run_cli


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("texts")
    result = run_cli("sources", "import", str(SHARED / "sources"), env={"LEXCOMPARE_TEXTS": str(path)})
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.shared("sources")
def test_every_official_provision_gets_its_wording(texts: Path) -> None:
    corpus, _ = load_corpus(ROOT / "corpus")
    attached = official_texts(corpus, texts)
    official = {pid for pid, e in corpus.provisions.items() if e.provision.verification.status.value == "official"}
    assert sorted(official - set(attached)) == [], "marked official, but no official wording is attached"
    assert len(attached) >= 100
