"""Incremental builds: an updated index answers exactly as a full build of the same corpus, and stays atomic."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from indexer import build as build_module
from indexer import readcache
from indexer.build import BUILD_STATE, build
from indexer.filters import Filters
from indexer.layout import CITATIONS, DOCS, POSTINGS, TABLES, WORDS
from indexer.search import Index, open_index
from tests.conftest import run_cli

#: queries of every kind the search answers: words, a typo, a phrase, a citation, fields, filters
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("permit", {}),
    ("zebrafish", {}),
    ("abuse violence permit", {}),
    ("pemrit", {}),
    ('"independent permit"', {}),
    ("utlendingsloven § 53", {}),
    ("art. 31 bis LO 4/2000", {}),
    ("topic:guardianship", {}),
    ("", {"jurisdiction": ["ES"]}),
    ("mentors", {"topic": ["shelters-and-support"]}),
    ("menores", {}),
    ("krisesenter", {}),
]


def _edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(corpus: Path) -> None:
        file = corpus / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def _remove_art35(corpus: Path) -> None:
    file = corpus / "es" / "lo-4-2000.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text[: text.index("  - pinpoint: art. 35")], encoding="utf-8")
    # Spain's only provision on the topic is gone: its coverage is now stated
    (corpus / "es" / "coverage.yaml").write_text("coverage:\n  unaccompanied-minors: {state: unknown}\n")


NEW_PROVISION = """  - pinpoint: § 54
    slug: s54
    heading: Zebrafish provision added later
    summary: A provision added after the first build, about zebrafish permits.
    annotation: Added by the incremental build test.
    topics: [residence-autonomy]
    verification: {status: unverified, date: 2026-01-15}
    queries: [utlendingsloven § 54]
"""

#: (id, the edit, documents the incremental build rewrites, documents it removes)
EDITS: list[tuple[str, Callable[[Path], None], int, int]] = [
    (
        "one-summary-edited",
        _edit("no/utlendingsloven.yaml", "gets an independent permit", "gets a zebrafish permit"),
        1,
        0,
    ),
    ("provision-added", _edit("no/utlendingsloven.yaml", "provisions:\n", "provisions:\n" + NEW_PROVISION), 1, 0),
    ("provision-removed", _remove_art35, 0, 1),
    ("topic-label-renamed", _edit("topics.yaml", "label: Residence autonomy", "label: Zebrafish autonomy"), 4, 0),
    ("practice-edited", _edit("es/practices.yaml", "Community mentors", "Community zebrafish mentors"), 1, 0),
    ("nothing-changed", lambda corpus: None, 0, 0),
]


def _answers(index: Index) -> dict[str, Any]:
    """Everything a user can get out of the index, order-free where scores may tie."""
    out: dict[str, Any] = {}
    for text, filters in QUERIES:
        result = index.search(text, Filters.of(**filters), limit=500)
        out[f"{text} {filters}"] = {
            "total": result.total,
            "ids": sorted(hit.id for hit in result.hits),
            "facets": result.facets,
            "suggestion": result.suggestion,
            "citations": sorted(hit.id for hit in result.hits if hit.citation_match),
        }
    out["documents"] = {doc_id: index.document(doc_id) for doc_id in index.ids}
    out["similar"] = {doc_id: sorted(h.id for h in index.similar(doc_id)) for doc_id in index.ids}
    return out


def _sidecars(index_dir: Path) -> tuple[Any, ...]:
    generation = (index_dir / "current").resolve()
    return tuple(json.loads((generation / name).read_text()) for name in (DOCS, POSTINGS, CITATIONS, TABLES, WORDS))


@pytest.mark.parametrize(("edit", "rewritten", "removed"), [e[1:] for e in EDITS], ids=[e[0] for e in EDITS])
def test_an_incremental_build_answers_exactly_as_a_full_build(
    fixture_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit: Callable[[Path], None],
    rewritten: int,
    removed: int,
) -> None:
    monkeypatch.setattr(build_module, "REWRITE_SHARE", 1.0)  # the fixture is small: any share is "many"
    incremental, full, texts = tmp_path / "incremental", tmp_path / "full", tmp_path / "texts"
    build(fixture_corpus, incremental, texts)
    edit(fixture_corpus)
    manifest = build(fixture_corpus, incremental, texts)
    assert manifest["build"]["mode"] == "incremental"
    assert (manifest["build"]["rewritten"], manifest["build"]["removed"]) == (rewritten, removed)
    assert build(fixture_corpus, full, texts, full=True)["build"]["mode"] == "full"
    assert _sidecars(incremental) == _sidecars(full)
    assert _answers(open_index(incremental)) == _answers(open_index(full))


def test_a_chain_of_incremental_builds_answers_as_a_full_build(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "REWRITE_SHARE", 100.0)  # never full: deletions pile up in the segments
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    build(fixture_corpus, ix, texts)
    for _name, edit, _rewritten, _removed in EDITS:
        edit(fixture_corpus)
        assert build(fixture_corpus, ix, texts)["build"]["mode"] == "incremental"
    full = tmp_path / "full"
    build(fixture_corpus, full, texts, full=True)
    assert _answers(open_index(ix)) == _answers(open_index(full))


def test_the_previous_generation_is_untouched_by_an_incremental_build(fixture_corpus: Path, tmp_path: Path) -> None:
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    build(fixture_corpus, ix, texts)
    before = (ix / "current").resolve()
    reader = open_index(ix)  # a long-lived reader, as the app keeps
    answers = _answers(reader)
    files = {p.name: p.read_bytes() for p in before.iterdir()}
    EDITS[0][1](fixture_corpus)
    assert build(fixture_corpus, ix, texts)["build"]["mode"] == "incremental"
    assert (ix / "current").resolve() != before
    assert {p.name: p.read_bytes() for p in before.iterdir()} == files
    assert _answers(reader) == answers
    assert _answers(Index(ix, before)) == answers
    assert open_index(ix).search("zebrafish").hits[0].id == "no/utlendingsloven/s53"


def _other_code(ix: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "build_key", lambda: "built by other code")


@pytest.mark.parametrize(
    ("spoil", "mode"),
    [
        (lambda ix, mp: None, "incremental"),
        (_other_code, "full"),
        (lambda ix, mp: (ix / "current").resolve().joinpath(BUILD_STATE).write_bytes(b"garbage"), "full"),
        (lambda ix, mp: (ix / "current").resolve().joinpath(BUILD_STATE).unlink(), "full"),
        # the word counts live in the build state: the previous sidecars are written anew, never read
        (lambda ix, mp: (ix / "current").resolve().joinpath(WORDS).write_text("{}"), "incremental"),
    ],
    ids=["unchanged-code", "code-changed", "state-damaged", "state-missing", "tables-damaged"],
)
def test_the_build_is_full_when_the_previous_one_cannot_be_trusted(
    fixture_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    spoil: Callable[[Path, pytest.MonkeyPatch], None],
    mode: str,
) -> None:
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    build(fixture_corpus, ix, texts)
    spoil(ix, monkeypatch)
    EDITS[0][1](fixture_corpus)
    assert build(fixture_corpus, ix, texts)["build"]["mode"] == mode
    assert open_index(ix).search("zebrafish").total == 1
    assert "zebrafish" in _sidecars(ix)[-1]  # the word counts


def test_full_flag_and_too_many_replacements_rebuild_everything(fixture_corpus: Path, tmp_path: Path) -> None:
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    build(fixture_corpus, ix, texts)
    assert build(fixture_corpus, ix, texts, full=True)["build"]["mode"] == "full"
    # a renamed topic changes four of the six documents: more than a quarter of the index
    EDITS[3][1](fixture_corpus)
    assert build(fixture_corpus, ix, texts)["build"] == {"mode": "full", "rewritten": 6, "removed": 0, "deleted": 0}


def test_cli_full_flag(fixture_corpus: Path, tmp_path: Path) -> None:
    args = ("--corpus", str(fixture_corpus), "--index", str(tmp_path / "ix"), "--texts", str(tmp_path / "t"))
    assert run_cli(*args, "build").returncode == 0
    again = run_cli(*args, "build", "--json")
    assert json.loads(again.stdout)["build"]["mode"] == "incremental"
    full = run_cli(*args, "build", "--full", "--json")
    assert json.loads(full.stdout)["build"]["mode"] == "full"


def test_only_changed_corpus_files_are_parsed_again(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    read: list[str] = []
    real = readcache.read_yaml

    def counting(path: Path, label: Path | None = None, root: Path | None = None) -> Any:
        read.append(path.name)
        return real(path, label, root)

    monkeypatch.setattr(readcache, "read_yaml", counting)
    build(fixture_corpus, ix, texts)
    assert len(read) == len(list(fixture_corpus.rglob("*.yaml")))
    read.clear()
    before = len(list((ix / "parsed").iterdir()))
    EDITS[0][1](fixture_corpus)
    build(fixture_corpus, ix, texts)
    assert read == ["utlendingsloven.yaml"]
    assert len(list((ix / "parsed").iterdir())) == before, "entries of the old file content are pruned"
    # a damaged entry is read again, not trusted (damaged apart from the edit: entry names follow the code's keys)
    read.clear()
    entries = sorted((ix / "parsed").iterdir())
    entries[0].write_bytes(b"not a pickle")
    build(fixture_corpus, ix, texts)
    assert len(read) == 1
    assert len(list((ix / "parsed").iterdir())) == len(entries)


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the corpus files the parse cache reads (their bytes, to hash them) from now on."""
    reads: list[str] = []
    real = readcache.read_regular

    def counting(path: Path, root: Path | None, limit: int) -> bytes:
        reads.append(path.name)
        return real(path, root, limit)

    monkeypatch.setattr(readcache, "read_regular", counting)
    return reads


def _same_size_same_mtime_edit(file: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (as long) and set the file's mtime back to what it was."""
    assert len(old.encode()) == len(new.encode())
    before = file.stat()
    file.write_bytes(file.read_bytes().replace(old.encode(), new.encode(), 1))
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = file.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_settled_unchanged_files_are_not_even_read_again(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readcache, "SETTLED_NS", 0)  # as if the files had been left alone long enough
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    reads = _count_reads(monkeypatch)
    build(fixture_corpus, ix, texts)
    assert len(reads) == len(list(fixture_corpus.rglob("*.yaml")))
    reads.clear()
    EDITS[0][1](fixture_corpus)
    build(fixture_corpus, ix, texts)
    assert reads == ["utlendingsloven.yaml"]
    assert open_index(ix).search("zebrafish").total == 1


def test_an_edit_that_keeps_size_and_mtime_is_seen(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readcache, "SETTLED_NS", 0)
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    build(fixture_corpus, ix, texts)
    _same_size_same_mtime_edit(fixture_corpus / "no" / "utlendingsloven.yaml", "independent", "zebrafishes")
    manifest = build(fixture_corpus, ix, texts)
    assert manifest["build"]["rewritten"] == 1  # the write moved ctime, which no one can set back
    assert open_index(ix).search("zebrafishes").total == 1


def test_files_written_just_before_they_were_hashed_are_hashed_again(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # on a file system whose clock ticks in seconds, a write in the tick of the hashing keeps every stat field
    monkeypatch.setattr(readcache, "SETTLED_NS", 3600 * 10**9)
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    reads = _count_reads(monkeypatch)
    build(fixture_corpus, ix, texts)
    reads.clear()
    build(fixture_corpus, ix, texts)
    assert len(reads) == len(list(fixture_corpus.rglob("*.yaml"))), "none had settled: all are read and hashed"


def test_a_stat_table_of_other_code_is_not_trusted(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readcache, "SETTLED_NS", 0)
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    build(fixture_corpus, ix, texts)
    monkeypatch.setattr(readcache, "_code_key", lambda: b"other code")
    reads = _count_reads(monkeypatch)
    build(fixture_corpus, ix, texts)
    assert len(reads) == len(list(fixture_corpus.rglob("*.yaml")))


def test_the_memory_bound_and_the_writer_processes_can_be_set_and_are_checked(
    fixture_corpus: Path, tmp_path: Path
) -> None:
    args = ("--corpus", str(fixture_corpus), "--index", str(tmp_path / "ix"), "--texts", str(tmp_path / "t"))
    assert run_cli(*args, "build", env={"LEXCOMPARE_BUILD_MB": "32"}).returncode == 0
    assert run_cli(*args, "build", "--full", "--procs", "2", "--memory-mb", "16").returncode == 0
    for name, value in [("LEXCOMPARE_BUILD_MB", "lots"), ("LEXCOMPARE_BUILD_PROCS", "0")]:
        bad = run_cli(*args, "build", env={name: value})
        assert bad.returncode == 2
        assert name in bad.stderr
        assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("procs", [2, 3], ids=["two-parts", "three-parts"])
def test_a_build_written_in_parts_answers_exactly_as_one_written_whole(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, procs: int
) -> None:
    texts = tmp_path / "texts"
    build(fixture_corpus, tmp_path / "whole", texts)
    build(fixture_corpus, tmp_path / "parts", texts, procs=procs)
    generation = (tmp_path / "parts" / "current").resolve()
    assert len(list(generation.glob("*.seg"))) == procs
    assert not list(generation.glob("*.job")), "the parts' document files were left behind"
    assert _sidecars(tmp_path / "parts") == _sidecars(tmp_path / "whole")
    assert _answers(open_index(tmp_path / "parts")) == _answers(open_index(tmp_path / "whole"))
    # an incremental build on top of the parts updates them as it does one segment
    monkeypatch.setattr(build_module, "REWRITE_SHARE", 1.0)
    _edit("no/utlendingsloven.yaml", "gets an independent permit", "gets a zebrafish permit")(fixture_corpus)
    for ix in ("parts", "whole"):
        assert build(fixture_corpus, tmp_path / ix, texts)["build"]["mode"] == "incremental"
    assert _answers(open_index(tmp_path / "parts")) == _answers(open_index(tmp_path / "whole"))
