"""The thesaurus: what a user of each corpus language types for a topic finds that topic's records."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indexer.corpus import topic_ancestors
from indexer.load import load_corpus
from indexer.search import Index

PROBES = yaml.safe_load((Path(__file__).parent / "data" / "thesaurus_probes.yaml").read_text("utf-8"))
CORPUS, _ = load_corpus(Path(__file__).resolve().parent.parent / "corpus")


@pytest.mark.parametrize("probe", PROBES, ids=[f"{p['lang']}:{p['q']}" for p in PROBES])
def test_query_in_each_language_finds_its_topic(real_index: Index, probe: dict[str, str]) -> None:
    hits = real_index.search(probe["q"], limit=5).hits
    topics = {a for h in hits for t in h.topics for a in topic_ancestors(CORPUS, t)}
    assert probe["topic"] in topics, f"{probe['q']!r} found {[h.id for h in hits]}"


def test_probes_cover_every_core_topic_and_language() -> None:
    core = {tid for tid, t in CORPUS.topics.items() if t.core}
    assert core <= {p["topic"] for p in PROBES}
    assert {"en", "cs", "nb", "es", "it", "el", "sl", "fr", "nl", "de", "sv"} <= {p["lang"] for p in PROBES}
