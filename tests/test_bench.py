"""The benchmark's parts: the synthetic corpus, the query mix, the FTS5 reference and the figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from bench.fts5 import Reference, match_expression
from bench.fts5 import build as build_fts5
from bench.generate import dump_yaml, generate, jurisdiction_count
from bench.queries import FTS5_KINDS, KINDS, query_mix
from bench.report import flatten, percentiles, ratios, targets
from bench.worker import task_incremental
from indexer import build as build_module
from indexer.build import build, documents
from indexer.corpus import Corpus
from indexer.engine import TEXT_FIELDS
from indexer.search import open_index
from indexer.validate import check

SIZE = 150


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    """A small synthetic corpus and what loading it gave."""
    root = tmp_path_factory.mktemp("synthetic") / "corpus"
    generate(root, SIZE)
    corpus, problems = check(root)
    assert problems == []
    return root, corpus


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, synthetic: tuple[Path, Corpus]) -> Reference:
    path = tmp_path_factory.mktemp("fts5") / "fts5.sqlite"
    build_fts5(path, documents(synthetic[1], {}), TEXT_FIELDS)
    return Reference(path)


def test_generated_corpus_is_valid_and_has_the_size_asked(synthetic: tuple[Path, Corpus]) -> None:
    _, corpus = synthetic
    assert len(corpus.provisions) == SIZE
    assert len(corpus.practices) >= 1
    assert len(corpus.jurisdictions) >= jurisdiction_count(SIZE)


def test_generated_texts_are_60_to_400_words_in_several_languages(synthetic: tuple[Path, Corpus]) -> None:
    _, corpus = synthetic
    lengths = [len(f"{p.provision.summary} {p.provision.annotation}".split()) for p in corpus.provisions.values()]
    assert min(lengths) >= 60
    assert max(lengths) <= 400
    assert len({i.instrument.language for i in corpus.instruments.values()}) >= 4


def test_generated_corpus_says_it_is_synthetic(synthetic: tuple[Path, Corpus]) -> None:
    _, corpus = synthetic
    assert all(j.name.startswith("Synthetic") for j in corpus.jurisdictions.values())
    assert all(p.provision.verification.status.value == "unverified" for p in corpus.provisions.values())


def test_same_size_and_seed_give_the_same_files(tmp_path: Path, synthetic: tuple[Path, Corpus]) -> None:
    root, _ = synthetic
    generate(tmp_path / "again", SIZE)
    files = sorted(p.relative_to(root) for p in root.rglob("*.yaml"))
    assert files == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*.yaml"))
    assert all((root / f).read_bytes() == (tmp_path / "again" / f).read_bytes() for f in files)


def test_generate_refuses_to_overwrite_an_existing_corpus(tmp_path: Path) -> None:
    (tmp_path / "corpus" / "xa").mkdir(parents=True)
    with pytest.raises(FileExistsError, match="already exists"):
        generate(tmp_path / "corpus", 20)
    assert [p.name for p in tmp_path.iterdir()] == ["corpus"]


@pytest.mark.parametrize(
    ("size", "states"), [(1_000, 10), (10_000, 20), (100_000, 40), (10, 4)], ids=["1k", "10k", "100k", "tiny"]
)
def test_jurisdictions_grow_with_the_corpus(size: int, states: int) -> None:
    assert jurisdiction_count(size) == states


@given(
    st.recursive(
        st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1),
        lambda inner: (
            st.lists(inner, min_size=1, max_size=3)
            | st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), inner, min_size=1, max_size=3)
        ),
        max_leaves=8,
    )
)
@example({"no": "0", "Yes": "1", "off": "x", "null": "y"})  # keys a YAML 1.1 reader takes for booleans and null
def test_dump_yaml_round_trips_through_a_yaml_reader(value: object) -> None:
    wrapped = {"top": value}
    assert yaml.safe_load(dump_yaml(wrapped)) == wrapped


def test_query_mix_has_every_kind_drawn_from_the_corpus(synthetic: tuple[Path, Corpus]) -> None:
    _, corpus = synthetic
    mix = query_mix(corpus, 4)
    assert sorted({q.kind for q in mix}) == sorted(KINDS)
    assert all(sum(q.kind == kind for q in mix) == 4 for kind in KINDS)
    for q in mix:
        if q.kind == "filtered":
            assert q.jurisdictions[0] in corpus.jurisdictions
            assert q.topics[0] in corpus.topics
        if q.kind == "misspelt":
            text = " ".join(f"{p.provision.summary} {p.provision.annotation}" for p in corpus.provisions.values())
            assert not re.search(rf"\b{re.escape(q.text)}\b", text, re.IGNORECASE)
    assert query_mix(corpus, 4) == mix  # seeded: the same mix every run


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("residence permit", False, '"residence" "permit"'),
        ("residence permit", True, '"residence permit"'),
        ('NOT "a" OR b*', False, '"NOT" "a" "OR" "b"'),
        ("§ 53", False, '"53"'),
    ],
    ids=["words-all-required", "phrase", "syntax-is-quoted", "pinpoint"],
)
def test_fts5_match_expression(text: str, phrase: bool, expected: str) -> None:
    assert match_expression(text, phrase) == expected


def test_fts5_finds_the_provision_a_query_was_drawn_from(reference: Reference, synthetic: tuple[Path, Corpus]) -> None:
    _, corpus = synthetic
    for q in query_mix(corpus, 5):
        if q.kind in FTS5_KINDS - {"citation", "thesaurus"}:  # not every synonym's topic has a provision
            found = reference.search(q.text, phrase=q.phrase, jurisdictions=q.jurisdictions, topics=q.topics)
            assert found.total >= 1, q


def test_fts5_facet_counts_agree_with_filtered_totals(reference: Reference) -> None:
    found = reference.search("residence")
    assert found.total > 0
    for code, count in found.facets["jurisdiction"].items():
        assert reference.search("residence", jurisdictions=[code]).total == count
    for topic, count in found.facets["topic"].items():
        assert reference.search("residence", topics=[topic]).total == count


def test_fts5_filters_restrict_the_hits(reference: Reference) -> None:
    everything = reference.search("residence", limit=500)
    code = everything.hits[0]["jurisdiction"]
    filtered = reference.search("residence", jurisdictions=[code], limit=500)
    assert 0 < filtered.total <= everything.total
    assert all(code in h["scopes"]["jurisdiction_scope"] for h in filtered.hits)


def test_percentiles_interpolate_between_samples() -> None:
    figures = percentiles([float(i) for i in range(1, 101)])
    assert figures == {"p50_ms": 50.5, "p95_ms": 95.05, "p99_ms": 99.01, "n": 100}


def test_ratios_cover_the_figures_both_engines_have() -> None:
    ours = {
        "build_s": 6.0,
        "queries": {"phrase": {"p50_ms": 4.0, "n": 9}, "misspelt": {"p50_ms": 9.0, "n": 9}},
        "matches_median": {"phrase": 12},
    }
    theirs = {"build_s": 2.0, "queries": {"phrase": {"p50_ms": 1.0, "n": 9}}, "matches_median": {"phrase": 1}}
    # the matches are shown side by side for information: not a ratio
    assert ratios(ours, theirs) == {"build_s": 3.0, "queries.phrase.p50_ms": 4.0}
    assert "queries.phrase.n" not in flatten(ours)


def _run(name: str, p50: float, p95: float, build_s: float = 30.0) -> dict[str, object]:
    figures = {"p50_ms": p50, "p95_ms": p95, "p99_ms": p95, "n": 5}
    ours = {
        "build_s": build_s,
        "cold_open_s": 0.5,
        "queries": {"phrase": figures, "misspelt": figures},
        "compare_matrix": {"p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 2.0, "n": 5},
    }
    theirs = {"build_s": 10.0, "queries": {"phrase": {**figures, "p50_ms": 1.0}}}
    return {"name": name, "engines": {"lexcompare": ours, "fts5": theirs}, "ratio": ratios(ours, theirs)}


@pytest.mark.parametrize(
    ("run", "unmet"),
    [
        (_run("synthetic-10000", 2.0, 50.0), []),
        (_run("synthetic-10000", 30.0, 150.0, build_s=90.0), ["p95", "p50", "x FTS5", "build"]),
        (_run("synthetic-10000", 2.5, 50.0), ["phrase p50 2.50x FTS5 <= 2"]),
        (_run("real", 5.0, 25.0), ["real: phrase p95", "real: misspelt p95"]),
        (_run("synthetic-100000", 100.0, 150.0), []),
        (_run("synthetic-100000", 100.0, 400.0), ["phrase p95 400.0 ms <= 200", "misspelt p95 400.0 ms <= 200"]),
        (_run("synthetic-100000", 100.0, 150.0, build_s=400.0), ["full build 400 s <= 300"]),
    ],
    ids=[
        "10k-all-met",
        "10k-slow",
        "10k-p50-over-2x-fts5",
        "real-p95-over-20ms",
        "100k-all-met",
        "100k-p95-over-200ms",
        "100k-build-slow",
    ],
)
def test_targets_flag_what_is_not_met(run: dict[str, object], unmet: list[str]) -> None:
    missed = [t["target"] for t in targets([run]) if not t["met"]]
    assert all(any(part in text for text in missed) for part in unmet)
    assert bool(missed) == bool(unmet)


def test_the_incremental_measurement_leaves_corpus_and_index_as_they_were(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEXCOMPARE_TEXTS", str(tmp_path / "texts"))
    monkeypatch.setattr(build_module, "REWRITE_SHARE", 1.0)  # the fixture is small: two changes are "many"
    index = tmp_path / "ix"
    build(fixture_corpus, index, tmp_path / "texts")
    before = {p: p.read_bytes() for p in fixture_corpus.rglob("*.yaml")}
    answer = open_index(index).search("independent permit").hits[0].summary
    figures = task_incremental(fixture_corpus, index)
    assert figures["rewritten"] == [1, 1]  # the edit, then putting it back: one document each time
    assert {p: p.read_bytes() for p in fixture_corpus.rglob("*.yaml")} == before
    assert open_index(index).search("independent permit").hits[0].summary == answer
