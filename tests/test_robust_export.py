"""Exports that never clobber and never litter: devices, pipes, links, full and read-only disks, the umask.

An export writes a regular file (or a data package's directory) or a new path;
anything else is refused and left as it was.  After any failure no temporary
file or directory is left beside the target, and the message names the target.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import socket
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.corpus import Corpus
from indexer.errors import BadRequest
from indexer.export import EXPORT_FORMATS as FORMATS
from indexer.export import export
from indexer.load import load_corpus
from tests.conftest import FIXTURE_CORPUS, run_cli

FUZZ_EXAMPLES = int(os.environ.get("LEXCOMPARE_FUZZ_EXAMPLES", "50"))
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="only root may create device nodes and mount")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(FIXTURE_CORPUS)[0]


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    cwd = Path.cwd()
    os.chdir(path.parent)  # a socket's path is limited to ~100 bytes
    try:
        server.bind(path.name)
    finally:
        os.chdir(cwd)
    server.close()


def _device(path: Path) -> None:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # what /dev/full is


def _link_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _directory(path: Path) -> None:
    path.mkdir()


def _identity(path: Path) -> tuple[int, int, int]:
    """What the thing at ``path`` is (type and device), which a refused export must not change."""
    info = path.lstat()
    return info.st_mode, info.st_rdev, info.st_ino


# what stands at --out, and the message that refuses it
REFUSED = [
    pytest.param(_link_to("/dev/null"), "is a character device, not a regular file", id="link-to-dev-null"),
    pytest.param(_link_to("/dev/full"), "is a character device, not a regular file", id="link-to-dev-full"),
    pytest.param(_device, "is a character device, not a regular file", id="character-device", marks=ROOT_ONLY),
    pytest.param(_fifo, "is a named pipe (FIFO), not a regular file", id="fifo"),
    pytest.param(_socket, "is a socket, not a regular file", id="socket"),
    pytest.param(_link_to("nowhere.json"), "is a symlink to nothing", id="dangling-symlink"),
    pytest.param(_directory, "is a directory, not a regular file", id="directory"),
]


def _leftovers(directory: Path) -> list[str]:
    """Temporary files and directories of an export (their names start with a dot)."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
@pytest.mark.parametrize(("make", "message"), REFUSED)
def test_an_export_onto_anything_but_a_file_is_refused_and_leaves_it_be(
    corpus: Corpus, tmp_path: Path, make: Callable[[Path], None], message: str, fmt: str
) -> None:
    out = tmp_path / "out"
    make(out)
    before = _identity(out)
    with pytest.raises(BadRequest) as caught:
        export(corpus, fmt, out)
    assert str(caught.value).startswith(f"{out} {message}")
    assert _identity(out) == before
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("out", "message"),
    [
        pytest.param("/dev/stdout", "/dev/stdout is a named pipe (FIFO), not a regular file", id="dev-stdout-a-pipe"),
        pytest.param("/dev/null", "/dev/null is a character device, not a regular file", id="dev-null"),
        pytest.param("/dev/full", "/dev/full is a character device, not a regular file", id="dev-full"),
    ],
)
def test_cli_export_onto_a_system_device_is_exit_2_and_the_device_stays(out: str, message: str) -> None:
    before = _identity(Path(out).resolve()) if out != "/dev/stdout" else None
    result = run_cli("--corpus", str(FIXTURE_CORPUS), "export", "--format", "json", "--out", out)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"lexcompare: {message}; give a file name\n"
    if before is not None:
        assert _identity(Path(out).resolve()) == before


def test_an_export_through_a_symlink_updates_the_file_it_leads_to(corpus: Corpus, tmp_path: Path) -> None:
    (tmp_path / "real.json").write_text("old")
    (tmp_path / "link.json").symlink_to("real.json")
    export(corpus, "json", tmp_path / "link.json")
    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "real.json").read_text().startswith("{")
    assert _leftovers(tmp_path) == []


# --- failures half-way: nothing left behind, the target named ------------------------------------


def _enospc(*args: object, **kwargs: object) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _erofs_with_temp_name(*args: object, **kwargs: object) -> Any:
    raise OSError(errno.EROFS, os.strerror(errno.EROFS), "/somewhere/.export-k2j3h4")


class _FullDiskFile:
    """A file that opens (the temporary file exists) but whose writes fail as on a full disk."""

    def __init__(self, path: str | Path, mode: str = "r", *args: object, **kwargs: object) -> None:
        self.handle = io.open(path, mode)  # noqa: UP020, SIM115 - the real open, closed in __exit__

    def __enter__(self) -> _FullDiskFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


WRITE_OPEN = "indexer.files.open"  # the open() the atomic writer creates its temporary file with
FAILURES = [
    pytest.param(WRITE_OPEN, _FullDiskFile, errno.ENOSPC, ("json", "csv", "md"), id="disk-full-while-writing"),
    pytest.param("pathlib.Path.write_text", _enospc, errno.ENOSPC, ("datapackage",), id="disk-full-package"),
    pytest.param("os.replace", _enospc, errno.ENOSPC, FORMATS, id="failure-moving-into-place"),
    pytest.param(WRITE_OPEN, _erofs_with_temp_name, errno.EROFS, ("json", "csv", "md"), id="read-only-file"),
    pytest.param("pathlib.Path.mkdir", _erofs_with_temp_name, errno.EROFS, ("datapackage",), id="read-only-package"),
]


@pytest.mark.parametrize(("where", "replacement", "code", "formats"), FAILURES)
@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing"])
def test_a_failed_export_leaves_nothing_behind_and_names_the_target(
    corpus: Corpus,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    replacement: Any,
    code: int,
    formats: tuple[str, ...],
    existing: bool,
) -> None:
    for fmt in formats:
        folder = tmp_path / fmt
        folder.mkdir()
        out = folder / "out"
        if existing:
            export(corpus, fmt, out)
        before = sorted(p.name for p in folder.rglob("*"))
        with monkeypatch.context() as patch:
            patch.setattr(where, replacement, raising=False)
            with pytest.raises(OSError, match=os.strerror(code)) as caught:
                export(corpus, fmt, out)
        assert (caught.value.errno, caught.value.filename) == (code, str(out)), fmt
        assert _leftovers(folder) == [], fmt
        assert sorted(p.name for p in folder.rglob("*")) == before, fmt


@contextlib.contextmanager
def _tmpfs(path: Path, options: str) -> Iterator[Path]:
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


@ROOT_ONLY
@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export_onto_a_real_full_disk_says_so_and_leaves_nothing(
    tmp_path: Path, real_corpus: Path, fmt: str
) -> None:
    with _tmpfs(tmp_path / "tiny", "size=16k") as disk:
        out = disk / "out"
        result = run_cli("--corpus", str(real_corpus), "export", "--format", fmt, "--out", str(out))
        assert (result.returncode, result.stderr) == (2, f"lexcompare: {out}: No space left on device\n")
        assert list(disk.iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export_into_a_read_only_directory_names_the_target(tmp_path: Path, fmt: str) -> None:
    if os.geteuid() == 0:
        context = _tmpfs(tmp_path / "ro", "ro,size=64k")  # root writes through a directory's mode
    else:
        (tmp_path / "ro").mkdir(mode=0o555)
        context = contextlib.nullcontext(tmp_path / "ro")
    with context as directory:
        out = directory / "out"
        result = run_cli("--corpus", str(FIXTURE_CORPUS), "export", "--format", fmt, "--out", str(out))
        assert result.returncode == 2
        assert result.stderr in (
            f"lexcompare: {out}: Read-only file system\n",
            f"lexcompare: {out}: Permission denied\n",
        )


# --- the umask ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.parametrize(("mask", "file_mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600), (0o027, 0o640)])
@pytest.mark.parametrize("fmt", FORMATS)
def test_exported_files_have_the_mode_the_umask_gives(
    corpus: Corpus, tmp_path: Path, mask: int, file_mode: int, fmt: str
) -> None:
    out = tmp_path / "out"
    with _umask(mask):
        export(corpus, fmt, out)
    if fmt == "datapackage":
        assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~mask
        assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {file_mode}
    else:
        assert stat.S_IMODE(out.stat().st_mode) == file_mode


# --- any target, any failure --------------------------------------------------------------------

TARGETS = {
    "new": lambda p: None,
    "file": lambda p: p.write_text("mine"),
    "link-to-file": lambda p: (p.with_name("real").write_text("mine"), p.symlink_to("real")),
    "dangling": _link_to("gone"),
    "directory": _directory,
    "package": lambda p: (p.mkdir(), (p / "datapackage.json").write_text("{}")),
    "foreign-directory": lambda p: (p.mkdir(), (p / "thesis.docx").write_text("mine")),
    "fifo": _fifo,
    "socket": _socket,
    "link-to-dev-null": _link_to("/dev/null"),
    **({"device": _device} if os.geteuid() == 0 else {}),
}
FAILS_AT = [None, WRITE_OPEN, "pathlib.Path.write_text", "os.replace", "pathlib.Path.mkdir"]


def _any_export(corpus: Corpus, tmp_path: Path, target: str, fmt: str, fails_at: str | None, mask: int) -> None:
    folder = tmp_path / f"{target}-{fmt}-{fails_at}-{mask:o}"
    folder.mkdir()
    out = folder / "out"
    TARGETS[target](out)
    special = target in ("fifo", "socket", "device", "link-to-dev-null")
    before = _identity(out) if os.path.lexists(out) else None
    with pytest.MonkeyPatch.context() as patch, _umask(mask):
        if fails_at is not None:
            patch.setattr(fails_at, _FullDiskFile if fails_at == WRITE_OPEN else _enospc, raising=False)
        failed: Exception | None = None
        try:
            export(corpus, fmt, out)
        except (BadRequest, OSError) as exc:
            failed = exc
    if isinstance(failed, OSError):
        assert failed.filename == str(out)
    elif failed is None:
        assert not special
        written = out.resolve()
        assert written.is_dir() if fmt == "datapackage" else written.is_file()
        if fmt != "datapackage":
            assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~mask
    if special:
        assert _identity(out) == before
    assert _leftovers(folder) == []


@settings(max_examples=FUZZ_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.sampled_from(sorted(TARGETS)),
    fmt=st.sampled_from(FORMATS),
    fails_at=st.sampled_from(FAILS_AT),
    mask=st.sampled_from([0o022, 0o077, 0o002]),
)
@pytest.mark.fuzz
def test_any_export_target_and_failure_leaves_nothing_behind_long_run(
    corpus: Corpus, tmp_path: Path, target: str, fmt: str, fails_at: str | None, mask: int
) -> None:
    _any_export(corpus, tmp_path, target, fmt, fails_at, mask)
