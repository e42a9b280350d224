"""Corpus trees that reach outside themselves: symlinks, FIFOs, devices, sockets and odd file names.

Nothing outside the corpus is read, nothing waits for a writer, nothing is read
whole before its size is known, and no file name can forge or hide a
``path:line: [code]`` line.  Each case runs the real command in a subprocess with
a timeout: a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.load import fingerprint
from indexer.problems import shown_path
from indexer.validate import check
from tests.conftest import run_cli

FUZZ_EXAMPLES = int(os.environ.get("LEXCOMPARE_FUZZ_EXAMPLES", "50"))
SECRET = "root:SECRET-NEVER-PRINTED:0:0"
Maker = Callable[[Path, Path], None]  # (corpus, a directory outside it)
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="only root may create device nodes")


def _secret(outside: Path) -> Path:
    path = outside / "secret.txt"
    path.write_text(f"{SECRET}\n" * 5)
    return path


def _link(rel: str, target: Callable[[Path, Path], str | Path]) -> Maker:
    def make(corpus: Path, outside: Path) -> None:
        (corpus / rel).symlink_to(target(corpus, outside))

    return make


def _fifo(rel: str) -> Maker:
    def make(corpus: Path, outside: Path) -> None:
        os.mkfifo(corpus / rel)

    return make


def _device(corpus: Path, outside: Path) -> None:
    os.mknod(corpus / "es" / "x.yaml", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # what /dev/zero is


def _socket(corpus: Path, outside: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    cwd = Path.cwd()
    os.chdir(corpus / "es")  # a socket's path is limited to ~100 bytes: bind it by its relative name
    try:
        server.bind("x.yaml")
    finally:
        os.chdir(cwd)
    server.close()  # the socket file stays


def _inside_fifo(corpus: Path, outside: Path) -> None:
    os.mkfifo(corpus / "fifo")
    (corpus / "es" / "x.yaml").symlink_to("../fifo")


X = "es/x.yaml"
# how to break the tree, the file the problem names, its code
TREE_CASES = [
    pytest.param(_link(X, lambda c, o: _secret(o)), X, "outside-corpus", id="symlink-to-a-secret-outside"),
    pytest.param(_link(X, lambda c, o: "/etc/passwd"), X, "outside-corpus", id="symlink-to-etc-passwd"),
    pytest.param(_link(X, lambda c, o: "/dev/zero"), X, "outside-corpus", id="symlink-to-dev-zero"),
    pytest.param(_link(X, lambda c, o: "/dev/urandom"), X, "outside-corpus", id="symlink-to-dev-urandom"),
    pytest.param(
        _link(X, lambda c, o: os.path.relpath(_secret(o), c / "es")), X, "outside-corpus", id="relative-symlink-out"
    ),
    pytest.param(_link(X, lambda c, o: o), X, "outside-corpus", id="symlink-to-a-directory-outside"),
    pytest.param(_link(X, lambda c, o: "nowhere.yaml"), X, "unreadable", id="dangling-symlink"),
    pytest.param(_fifo(X), X, "not-a-file", id="fifo"),
    pytest.param(_fifo("topics.yaml.new"), None, None, id="fifo-not-named-yaml"),
    pytest.param(_inside_fifo, X, "not-a-file", id="symlink-to-a-fifo-inside"),
    pytest.param(_device, X, "not-a-file", id="character-device", marks=ROOT_ONLY),
    pytest.param(_socket, X, "not-a-file", id="socket"),
]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    path = tmp_path / "outside"
    path.mkdir()
    return path


def _problem_lines(stdout: str) -> Iterator[tuple[str, int, str]]:
    """(path, line, code) of every line of ``validate``; each line must be one problem."""
    for line in stdout.splitlines():
        # a shown path has no ':' of its own: the first ":<digits>: [" ends it
        found = re.match(r"^([^:]*):(\d+): \[([a-z0-9-]+)\] ", line)
        assert found, f"not a problem line: {line!r}"
        yield found.group(1), int(found.group(2)), found.group(3)


@pytest.mark.parametrize(("make", "rel", "code"), TREE_CASES)
def test_a_corpus_entry_that_is_not_a_regular_file_inside_is_refused_unread(
    fixture_corpus: Path, outside: Path, fixture_index: object, make: Maker, rel: str | None, code: str | None
) -> None:
    make(fixture_corpus, outside)
    result = run_cli("--corpus", str(fixture_corpus), "validate")
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr
    found = list(_problem_lines(result.stdout))
    if rel is None:
        assert (result.returncode, found) == (0, [])
    else:
        assert result.returncode == 1
        assert found == [(str(fixture_corpus / rel), 1, code)]
    as_json = run_cli("--corpus", str(fixture_corpus), "validate", "--json")
    assert SECRET not in as_json.stdout
    # search fingerprints the corpus on every run to say whether the index is stale: it must not wait or read
    searched = run_cli("--corpus", str(fixture_corpus), "--index", str(fixture_index.root), "search", "permit")  # type: ignore[attr-defined]
    assert (searched.returncode, "Traceback" in searched.stderr) == (0, False)


def test_a_symlink_that_resolves_inside_the_corpus_is_read(fixture_corpus: Path) -> None:
    drafts = fixture_corpus / "drafts"
    drafts.mkdir()
    shutil.move(fixture_corpus / "es" / "lo-4-2000.yaml", drafts / "lo-4-2000.txt")
    (fixture_corpus / "es" / "lo-4-2000.yaml").symlink_to("../drafts/lo-4-2000.txt")
    corpus, problems = check(fixture_corpus)
    assert problems == []
    assert "es/lo-4-2000" in corpus.instruments


def test_a_file_is_measured_before_it_is_read(fixture_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = fixture_corpus / "es" / "x.yaml"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # 3 GB of nothing: sparse, so the test writes no such thing
    reads: list[int] = []
    real = os.read

    def counting_read(fd: int, n: int) -> bytes:
        reads.append(n)
        return real(fd, n)

    monkeypatch.setattr(os, "read", counting_read)
    _, problems = check(fixture_corpus)
    assert [(p.path, p.code) for p in problems if p.path == big] == [(big, "file-too-large")]
    assert all(n <= 4 * 1024**2 + 1 for n in reads)


ODD_NAMES = [
    pytest.param(b"x:9: [forged] y.yaml", id="colon-forges-a-line-number"),
    pytest.param(b"x.yaml:1: [ok] fine\nzz.yaml", id="newline-forges-a-second-line"),
    pytest.param(b"x\x1b[2J\x1b[1;1H.yaml", id="escape-sequence-clears-the-screen"),
    pytest.param(b"\xff\xfe.yaml", id="not-utf-8"),
    pytest.param("x\u202eLMTH.yaml".encode(), id="right-to-left-override"),
    pytest.param(b"x\\x3a.yaml", id="backslash-looks-like-an-escape"),
    pytest.param(b"Upper.yaml", id="upper-case"),
    pytest.param(b"two words.yaml", id="space"),
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_an_odd_file_name_is_a_bad_path_printed_escaped_on_one_line(
    fixture_corpus: Path, fixture_index: object, name: bytes
) -> None:
    path = Path(os.fsdecode(os.fsencode(fixture_corpus / "es") + b"/" + name))
    shutil.copy(fixture_corpus / "es" / "lo-4-2000.yaml", path)
    result = run_cli("--corpus", str(fixture_corpus), "validate")
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert list(_problem_lines(result.stdout)) == [(shown_path(path), 1, "bad-path")]
    for command in (["validate", "--json"], ["build"], ["--index", str(fixture_index.root), "search", "permit"]):  # type: ignore[attr-defined]
        ran = run_cli("--corpus", str(fixture_corpus), *command)
        assert "Traceback" not in ran.stderr, command
        assert ran.returncode in (0, 1), (command, ran.stderr)


# --- any tree ---------------------------------------------------------------------------------

NAME = st.one_of(
    st.sampled_from([b"x.yaml", b"lo-4-2000.yaml", b"coverage.yaml", b"practices.yaml", b"a:1: [x] b.yaml"]),
    st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")),
    st.binary(min_size=1, max_size=8).filter(lambda b: b"/" not in b and b"\x00" not in b).map(lambda b: b + b".yaml"),
)
ENTRY = st.tuples(
    st.sampled_from(["es", "no", ".", "zz"]),
    NAME,
    st.sampled_from(["copy", "text", "fifo", "dir", "link-inside", "link-outside", "link-dev", "dangling", "loop"]),
)


def _make_entry(corpus: Path, outside: Path, where: str, name: bytes, kind: str) -> None:
    folder = corpus / where
    folder.mkdir(exist_ok=True)
    path = Path(os.fsdecode(os.fsencode(folder) + b"/" + name))
    if os.path.lexists(path):
        return
    if kind == "copy":
        shutil.copy(corpus / "no" / "utlendingsloven.yaml", path)
    elif kind == "text":
        path.write_text(f"instrument:\n  title: {SECRET}\n")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dir":
        path.mkdir()
    else:
        target = {
            "link-inside": corpus / "topics.yaml",
            "link-outside": _secret(outside),
            "link-dev": Path("/dev/zero"),
            "dangling": outside / "gone",
            "loop": path,
        }[kind]
        path.symlink_to(target)


def _alarm(signum: int, frame: object) -> None:
    raise TimeoutError("reading the corpus waited")


def _any_tree_is_reported(corpus: Path, outside: Path, entries: list[tuple[str, bytes, str]]) -> None:
    for entry in entries:
        _make_entry(corpus, outside, *entry)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)  # a FIFO read would wait for ever: fail instead
    try:
        _, problems = check(corpus)
        fingerprint(corpus)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    printed = "\n".join(str(p) for p in problems)
    assert SECRET not in printed
    for path, _line, _code in _problem_lines(printed):
        assert path.startswith(str(corpus)), path


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(ENTRY, max_size=6))
def test_any_tree_of_links_fifos_and_odd_names_is_reported_never_read_outside(
    fixture_corpus: Path, outside: Path, entries: list[tuple[str, bytes, str]]
) -> None:
    _any_tree_is_reported(fixture_corpus, outside, entries)


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(ENTRY, max_size=12))
def test_any_tree_of_links_fifos_and_odd_names_is_reported_never_read_outside_long_run(
    fixture_corpus: Path, outside: Path, entries: list[tuple[str, bytes, str]]
) -> None:
    _any_tree_is_reported(fixture_corpus, outside, entries)
