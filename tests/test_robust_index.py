"""The index under stress: searches during a rebuild, builds racing, kills at random moments, damaged files.

test_build.py has the single-process cases (a failed build, one kill -9 while
writing, the lock in-process, a foreign directory); these run real processes
side by side and throw random damage at every file of an index.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.build import build
from indexer.errors import IndexCorrupt
from indexer.filters import Filters
from indexer.search import Index, open_index
from tests.conftest import FIXTURE_CORPUS, ROOT, build_held_after_writing, lexcompare_command, run_cli

FUZZ_EXAMPLES = int(os.environ.get("LEXCOMPARE_FUZZ_EXAMPLES", "50"))
S53 = "no/utlendingsloven/s53"


def _answers(index: Index) -> None:
    """The checks every surviving index must pass: a citation, words, a filter, a document."""
    assert index.search("utlendingsloven § 53").hits[0].id == S53
    assert index.search("independent permit").total >= 1
    assert {h.jurisdiction for h in index.search("", Filters.of(jurisdiction=["NO"])).hits} == {"NO"}
    assert index.document(S53)["pinpoint"] == "§ 53"


# --- searches while a build runs ------------------------------------------------------


@pytest.mark.slow
def test_searches_keep_working_while_the_real_corpus_is_rebuilt(real_corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build(real_corpus, ix, tmp_path / "texts")
    before = (ix / "current").resolve()
    held = open_index(ix)  # the app keeps one open for its whole life
    done = threading.Event()
    errors: list[BaseException] = []
    counts = {"held": 0, "fresh": 0}

    def search_in_a_loop() -> None:
        while not done.is_set():
            try:
                assert held.search("utlendingsloven § 53").hits[0].id == S53
                counts["held"] += 1
                fresh = open_index(ix)  # a new reader mid-build sees the old generation or the new one
                assert fresh.search("forced marriage", Filters.of(jurisdiction=["GB"])).total > 0
                fresh.close()
                counts["fresh"] += 1
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread
                errors.append(exc)
                return

    reader = threading.Thread(target=search_in_a_loop)
    reader.start()
    try:
        result = run_cli("--corpus", str(real_corpus), "--index", str(ix), "--texts", str(tmp_path / "texts"), "build")
    finally:
        done.set()
        reader.join(60)
    assert result.returncode == 0, result.stderr
    assert errors == []
    assert counts["held"] >= 3, counts
    assert counts["fresh"] >= 3, counts
    assert (ix / "current").resolve() != before
    _answers(held)  # its generation is still on disk as the previous one
    _answers(open_index(ix))
    build(real_corpus, ix, tmp_path / "texts")
    assert not before.exists(), "two builds later, the held generation is pruned"
    _answers(held)  # a long-lived reader (the app's cached index) still has its files open


# --- two builds at once -------------------------------------------------------------------


def test_second_build_gets_the_lock_message_and_exit_2_and_the_first_completes(tmp_path: Path) -> None:
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    build(FIXTURE_CORPUS, ix, texts)
    first_generation = (ix / "current").resolve()
    ctx = multiprocessing.get_context("fork")
    release = ctx.Event()
    first = ctx.Process(target=build_held_after_writing, args=(str(FIXTURE_CORPUS), str(ix), str(texts), release))
    first.start()
    try:
        deadline = time.monotonic() + 30
        while not list(ix.glob("*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(ix.glob("*.tmp")), "the first build never started writing"
        second = run_cli("--corpus", str(FIXTURE_CORPUS), "--index", str(ix), "--texts", str(texts), "build")
        assert second.returncode == 2
        assert f"another build is running on {ix} (pid {first.pid}); wait for it to finish" in second.stderr
        assert "Traceback" not in second.stderr
        assert (ix / "current").resolve() == first_generation
        _answers(open_index(ix))
    finally:
        release.set()
        first.join(60)
    assert first.exitcode == 0
    assert (ix / "current").resolve() != first_generation
    assert not list(ix.glob("*.tmp"))
    _answers(open_index(ix))


# --- kill -9 at random moments --------------------------------------------------------------


@pytest.mark.slow
def test_kill_9_at_random_moments_of_a_real_build_leaves_an_answering_index(tmp_path: Path) -> None:
    ix, texts = tmp_path / "ix", tmp_path / "texts"
    build(FIXTURE_CORPUS, ix, texts)
    argv = [*lexcompare_command(), "--corpus", str(FIXTURE_CORPUS), "--index", str(ix), "--texts", str(texts), "build"]
    started = time.monotonic()
    subprocess.run(argv, check=True, capture_output=True, timeout=120)
    whole = time.monotonic() - started
    # moments spread over a whole build: start-up, validation, writing, the swap, the pruning
    for fraction in (0.1, 0.3, 0.5, 0.65, 0.8, 0.9, 0.95):
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        time.sleep(whole * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        _answers(open_index(ix))
    result = run_cli("--corpus", str(FIXTURE_CORPUS), "--index", str(ix), "--texts", str(texts), "build")
    assert result.returncode == 0, result.stderr
    assert not list(ix.glob("*.tmp")), "a killed build's leftovers outlived the next build"
    assert len(list(ix.glob("gen-*"))) == 2
    _answers(open_index(ix))


# --- damaged index files --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixture-corpus index to copy and damage."""
    path = tmp_path_factory.mktemp("pristine-index")
    build(FIXTURE_CORPUS, path, tmp_path_factory.mktemp("no-texts"))
    return path


def _copy(pristine: Path, into: Path) -> Path:
    target = into / "ix"
    shutil.copytree(pristine, target, symlinks=True)
    return target


def _use_everything(index: Index) -> None:
    for query in ("permit", "permti", "utlendingsloven § 53", "guard*", '"independent permit"', "violencia", ""):
        for hit in index.search(query, limit=50).hits:
            index.document(hit.id)
    index.search("permit", Filters.of(jurisdiction=["NO"], topic=["residence-autonomy"]))
    index.similar(S53)


DAMAGE = st.one_of(
    st.tuples(st.just("overwrite"), st.floats(0, 1), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(b"")),
    st.tuples(st.just("replace"), st.just(0.0), st.binary(max_size=300)),
)


def _damage(generation: Path, name_index: int, damage: tuple[str, float, bytes]) -> Path:
    files = sorted(p for p in generation.iterdir() if p.stat().st_size)
    path = files[name_index % len(files)]
    data = path.read_bytes()
    kind, where, junk = damage
    at = int(where * (len(data) - 1))
    if kind == "overwrite":
        data = data[:at] + junk + data[at + len(junk) :]
    elif kind == "truncate":
        data = data[:at]
    else:
        data = junk
    path.write_bytes(data)
    return path


def _only_index_corrupt(pristine: Path, name_index: int, damage: tuple[str, float, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ix = _copy(pristine, Path(tmp))
        _damage((ix / "current").resolve(), name_index, damage)
        try:
            _use_everything(open_index(ix))
        except IndexCorrupt as exc:
            message = str(exc)
        else:
            return
    assert "rebuild it with 'lexcompare build'" in message


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name_index=st.integers(0, 20), damage=DAMAGE)
def test_random_damage_to_an_index_file_gives_index_corrupt_or_answers(
    pristine: Path, name_index: int, damage: tuple[str, float, bytes]
) -> None:
    _only_index_corrupt(pristine, name_index, damage)


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name_index=st.integers(0, 20), damage=DAMAGE)
def test_random_damage_to_an_index_file_gives_index_corrupt_or_answers_long_run(
    pristine: Path, name_index: int, damage: tuple[str, float, bytes]
) -> None:
    _only_index_corrupt(pristine, name_index, damage)


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("gen-does-not-exist", id="dangling"),
        pytest.param("/etc", id="outside-the-index"),
        pytest.param("current", id="symlink-loop"),
    ],
)
def test_current_pointing_nowhere_or_elsewhere_is_corrupt(pristine: Path, tmp_path: Path, target: str) -> None:
    ix = _copy(pristine, tmp_path)
    (ix / "current").unlink()
    (ix / "current").symlink_to(target)
    with pytest.raises(IndexCorrupt, match="rebuild"):
        open_index(ix)


def _edited(name: str, change: Callable[[Any], object]) -> Callable[[Path], Any]:
    """The content of sidecar ``name`` of a generation, changed in place by ``change``."""

    def edit(generation: Path) -> Any:
        value = json.loads((generation / name).read_text("utf-8"))
        change(value)
        return value

    return edit


def _first(mapping: dict[str, Any]) -> Any:
    return next(iter(mapping.values()))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("docs.json", lambda g: None, id="docs-null"),
        pytest.param("docs.json", lambda g: [{"id": "x"}], id="docs-rows-not-columns"),
        pytest.param("docs.json", _edited("docs.json", lambda d: d.pop("facets")), id="docs-column-missing"),
        pytest.param("docs.json", _edited("docs.json", lambda d: d["ids"].pop()), id="docs-column-short"),
        pytest.param(
            "docs.json", _edited("docs.json", lambda d: d["doc_type"].__setitem__(0, 1)), id="docs-type-number"
        ),
        pytest.param(
            "docs.json",
            _edited("docs.json", lambda d: d["facets"].__setitem__(0, [len(d["pairs"])])),
            id="docs-pair-past-the-end",
        ),
        pytest.param(
            "docs.json", _edited("docs.json", lambda d: d["facets"].__setitem__(0, [True])), id="docs-pair-bool"
        ),
        pytest.param(
            "docs.json", _edited("docs.json", lambda d: d["pairs"].append(["topic"])), id="docs-pair-one-value"
        ),
        pytest.param(
            "docs.json", _edited("docs.json", lambda d: d["pairs"][0].__setitem__(0, "ki d")), id="docs-pair-no-facet"
        ),
        pytest.param("postings.json", lambda g: None, id="postings-null"),
        pytest.param("postings.json", _edited("postings.json", lambda d: d.pop("topic")), id="postings-filter-missing"),
        pytest.param(
            "postings.json",
            _edited("postings.json", lambda d: d["topic"].__setitem__("x", [10**6])),
            id="postings-past-the-end",
        ),
        pytest.param(
            "postings.json", _edited("postings.json", lambda d: d["topic"].__setitem__("x", ["0"])), id="postings-text"
        ),
        pytest.param(
            "postings.json",
            _edited("postings.json", lambda d: d["topic"].__setitem__("x", 0)),
            id="postings-not-a-list",
        ),
        pytest.param("citations.json", lambda g: [], id="citations-list"),
        pytest.param(
            "citations.json",
            _edited("citations.json", lambda d: _first(d)[2].__setitem__(0, 5)),
            id="citations-pinpoint-number",
        ),
        pytest.param(
            "citations.json",
            _edited("citations.json", lambda d: _first(d)[1].__setitem__(0, -1)),
            id="citations-provision-negative",
        ),
        pytest.param(
            "citations.json", _edited("citations.json", lambda d: _first(d).pop()), id="citations-entry-short"
        ),
        pytest.param(
            "citations.json",
            _edited("citations.json", lambda d: _first(d)[2].append("1")),
            id="citations-pinpoint-extra",
        ),
        pytest.param("tables.json", lambda g: {}, id="tables-empty"),
        pytest.param("tables.json", lambda g: [], id="tables-list"),
        pytest.param("words.json", lambda g: [], id="words-list"),
        pytest.param("words.json", lambda g: {"permit": "many"}, id="words-count-not-a-number"),
    ],
)
def test_well_formed_json_of_the_wrong_shape_is_corrupt(pristine: Path, tmp_path: Path, name: str, value: Any) -> None:
    generation = (_copy(pristine, tmp_path) / "current").resolve()
    (generation / name).write_text(json.dumps(value(generation)), "utf-8")
    with pytest.raises(IndexCorrupt, match="rebuild"):
        _use_everything(open_index(generation.parent))


def test_engine_failure_while_searching_is_corrupt_not_an_empty_result(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = open_index(_copy(pristine, tmp_path))

    def damaged_postings(*args: object, **kwargs: object) -> None:
        raise struct.error("unpack requires a buffer of 4 bytes")  # what Whoosh raises on a garbled posting list

    monkeypatch.setattr(index.engine.searcher, "leaf_searchers", damaged_postings)
    with pytest.raises(IndexCorrupt, match="rebuild"):
        index.search("permit")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda ix: (ix / "notes.txt").write_text("mine"), id="foreign-directory"),
        pytest.param(lambda ix: (ix / "current").write_text("not a link"), id="current-is-a-file"),
    ],
)
def test_cli_on_a_foreign_index_says_rebuild_and_exits_2(tmp_path: Path, make: Any) -> None:
    ix = tmp_path / "ix"
    ix.mkdir()
    make(ix)
    result = run_cli("--corpus", str(FIXTURE_CORPUS), "--index", str(ix), "search", "permit")
    assert result.returncode == 2
    assert "rebuild it with 'lexcompare build'" in result.stderr
    assert "Traceback" not in result.stderr
