"""Building the index: atomic swap, manifest, lock, staleness, and clear messages for damaged indexes."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer import build as build_module
from indexer import engine
from indexer.build import build, build_lock
from indexer.errors import CorpusError, IndexBusy, IndexCorrupt, IndexMissing
from indexer.search import open_index
from indexer.sources.cache import store
from tests.conftest import build_held_after_writing


def test_manifest_counts_and_fingerprint(fixture_corpus: Path, tmp_path: Path) -> None:
    manifest = build(fixture_corpus, tmp_path / "ix", tmp_path / "texts")
    assert manifest["counts"]["provisions"] == 5
    assert manifest["counts"]["practices"] == 1
    assert len(manifest["corpus_sha256"]) == 64
    on_disk = json.loads(((tmp_path / "ix" / "current").resolve() / "manifest.json").read_text())
    assert on_disk == manifest


@pytest.mark.parametrize("umask", [pytest.param(0o022, id="022"), pytest.param(0o077, id="077")])
def test_built_files_and_cached_texts_respect_the_umask(fixture_corpus: Path, tmp_path: Path, umask: int) -> None:
    sample = Path(__file__).resolve().parent / "samples" / "lovdata_no_chapters.html"
    before = os.umask(umask)
    try:
        store(tmp_path / "texts", "no/utlendingsloven", sample.read_bytes(), origin=sample.name, title="", url=None)
        build(fixture_corpus, tmp_path / "ix", tmp_path / "texts")
    finally:
        os.umask(before)
    # read and write bits as the umask allows (Whoosh's empty lock file also has execute bits, as umask allows)
    modes = {
        (top, oct(path.stat().st_mode & 0o666))
        for top in ("texts", "ix")
        for path in (tmp_path / top).glob("**/*")
        if path.is_file() and not path.is_symlink()
    }
    assert modes == {("texts", oct(0o666 & ~umask)), ("ix", oct(0o666 & ~umask))}


def test_invalid_corpus_builds_nothing(fixture_corpus: Path, tmp_path: Path) -> None:
    (fixture_corpus / "topics.yaml").write_text("topics: [\n")
    with pytest.raises(CorpusError, match="problem"):
        build(fixture_corpus, tmp_path / "ix", tmp_path / "texts")
    assert not (tmp_path / "ix" / "current").exists()


@pytest.mark.parametrize(
    ("writer", "full"), [("write_index", True), ("update_index", False)], ids=["full", "incremental"]
)
def test_failed_build_leaves_previous_index_serving(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str, full: bool
) -> None:
    ix = tmp_path / "ix"
    build(fixture_corpus, ix, tmp_path / "texts")
    before = open_index(ix).search("permit").total

    def explode(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, writer, explode)
    with pytest.raises(RuntimeError):
        build(fixture_corpus, ix, tmp_path / "texts", full=full)
    assert open_index(ix).search("permit").total == before


def _dying_writer(*args: object) -> None:
    os._exit(3)


def _failing_documents(*args: object) -> Iterator[object]:
    yield from itertools.islice(real_documents(*args), 4)  # past the first part: its writer is at work
    raise RuntimeError("disk full")


real_documents = build_module.documents


@pytest.mark.parametrize(
    ("target", "name", "replacement", "message"),
    [
        (engine, "_write_part", _dying_writer, "exit code 3"),
        (build_module, "documents", _failing_documents, "disk full"),
    ],
    ids=["a-writer-process-dies", "the-documents-fail-midway"],
)
def test_a_build_written_in_parts_that_fails_leaves_previous_index_and_no_process(
    fixture_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: object,
    name: str,
    replacement: object,
    message: str,
) -> None:
    ix = tmp_path / "ix"
    build(fixture_corpus, ix, tmp_path / "texts")
    generation = (ix / "current").resolve()
    monkeypatch.setattr(target, name, replacement)
    with pytest.raises(RuntimeError, match=message):
        build(fixture_corpus, ix, tmp_path / "texts", full=True, procs=2)
    assert (ix / "current").resolve() == generation
    assert not multiprocessing.active_children(), "a writer process outlived the build"
    assert not list(ix.glob("*/*.job")), "the parts' document files were left behind"
    assert open_index(ix).search("utlendingsloven § 53").hits[0].id == "no/utlendingsloven/s53"


def test_kill_9_during_build_leaves_previous_index_and_next_build_cleans_up(
    fixture_corpus: Path, tmp_path: Path
) -> None:
    ix = tmp_path / "ix"
    build(fixture_corpus, ix, tmp_path / "texts")
    generation = (ix / "current").resolve()
    ctx = multiprocessing.get_context("fork")
    never = ctx.Event()  # the process is killed while it waits
    proc = ctx.Process(
        target=build_held_after_writing, args=(str(fixture_corpus), str(ix), str(tmp_path / "texts"), never)
    )
    proc.start()
    deadline = time.time() + 20
    while not list(ix.glob("*.tmp")) and time.time() < deadline:
        time.sleep(0.05)
    assert list(ix.glob("*.tmp")), "the build never started writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    assert (ix / "current").resolve() == generation
    assert open_index(ix).search("utlendingsloven § 53").hits[0].id == "no/utlendingsloven/s53"
    build(fixture_corpus, ix, tmp_path / "texts")  # the lock died with the process
    assert not list(ix.glob("*.tmp")), "the killed build's leftovers were not cleaned up"


def test_second_build_is_refused_while_one_holds_the_lock(fixture_corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    with build_lock(ix), pytest.raises(IndexBusy, match="another build is running"):
        build(fixture_corpus, ix, tmp_path / "texts")


def test_index_knows_when_it_is_older_than_the_corpus(fixture_corpus: Path, tmp_path: Path) -> None:
    build(fixture_corpus, tmp_path / "ix", tmp_path / "texts")
    index = open_index(tmp_path / "ix")
    assert not index.is_stale(fixture_corpus)
    path = fixture_corpus / "no" / "utlendingsloven.yaml"
    path.write_text(path.read_text() + "\n# a later edit\n")
    assert index.is_stale(fixture_corpus)


def test_missing_foreign_and_damaged_indexes_get_clear_messages(fixture_corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="lexcompare build"):
        open_index(tmp_path / "nothing-here")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not an index")
    with pytest.raises(IndexCorrupt, match="not a lexcompare index"):
        open_index(foreign)
    ix = tmp_path / "ix"
    build(fixture_corpus, ix, tmp_path / "texts")
    for path in (ix / "current").resolve().glob("*.seg"):
        path.write_bytes(b"garbage")
    (ix / "current").resolve().joinpath("docs.json").write_text("{")
    with pytest.raises(IndexCorrupt, match="rebuild"):
        open_index(ix)


def test_old_generations_are_pruned(fixture_corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    for _ in range(4):
        build(fixture_corpus, ix, tmp_path / "texts")
    assert len(list(ix.glob("gen-*"))) == 2
