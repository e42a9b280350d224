"""Parsed corpus files kept by content hash, so that a build re-reads only the files that changed.

Reading YAML with the line of every value is most of loading a large corpus
(10k provisions: 3 of 3.5 s).  A :class:`ReadCache` keeps what
:func:`indexer.yamlread.read_yaml` returned for each file, keyed by the file's
bytes, the name it is shown under, and the code that read it; anything else
(a damaged or foreign entry) is read again.  Entries are written whole or not
at all; :meth:`ReadCache.prune` drops those the last load did not use.

A file is not even read and hashed again when its stat is the one it had when
it was last hashed: the same device, inode, size, mtime and ctime (nanoseconds),
and the file had been left alone for :data:`SETTLED_NS` by then.  Any write
moves ctime to the time of the write, which no tool can set back, so an edit
that keeps the size and puts the mtime back is seen; the wait covers file
systems whose clocks tick coarsely (FAT: 2 s), where a write within the same
tick as the hashing would keep every field: such a file is hashed every time
until it settles.  A clock set back past the last hashing is the case this
cannot see; ``lexcompare build --full`` reads everything.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import time
from pathlib import Path

from indexer import __version__, corpus, yamlread
from indexer.files import FileRefused, read_regular, write_atomic
from indexer.problems import Problem
from indexer.yamlread import MAX_FILE_BYTES, YamlDoc, read_yaml

SUFFIX = ".parsed"
#: where an index keeps the corpus files as its builds last read them (shared by its generations)
PARSED = "parsed"
#: the stat of each file when it was last hashed, and its entry (see the module's docstring)
STATS = "stat-table"
#: how long a file must have been left alone when it was hashed for its stat to stand for its bytes
SETTLED_NS = 2_000_000_000

StatKey = tuple[int, int, int, int, int]


def _stat_key(path: Path) -> tuple[StatKey, bool] | None:
    """(device, inode, size, mtime, ctime) of ``path``, and whether it had settled; None if it cannot be had."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return key, max(info.st_mtime_ns, info.st_ctime_ns) + SETTLED_NS < time.time_ns()


@functools.cache
def _code_key() -> bytes:
    """Changes whenever the reading code or the classes it returns change (read once per process)."""
    digest = hashlib.sha256(__version__.encode())
    for module in (yamlread, corpus):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.digest()


class ReadCache:
    """``read_yaml`` with its results kept under ``directory`` (created on first write)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.code = _code_key()
        self.used: set[str] = set()
        self.stats = self._load_stats()
        self.settled: dict[str, tuple[StatKey, str]] = {}  # what prune() keeps in the stat table

    def _load_stats(self) -> dict[str, tuple[StatKey, str]]:
        try:
            code, files = pickle.loads((self.directory / STATS).read_bytes())
        except Exception:  # noqa: BLE001 - missing, damaged or foreign: every file is hashed
            return {}
        # its entries were named by the code that wrote it: other code reads every file again
        return files if code == self.code and isinstance(files, dict) else {}

    def read(self, path: Path, label: Path, root: Path | None = None) -> tuple[YamlDoc | None, list[Problem]]:
        """What ``read_yaml(path, label, root)`` returns, from the cache when the file is unchanged."""
        name = str(label)
        stat = _stat_key(path)  # before reading: a write while it is read moves ctime past what is kept
        known = self.stats.get(name)
        if stat is not None and known is not None and known[0] == stat[0] and self._inside(path, root):
            found = self._entry(known[1])
            if found is not None:
                self.settled[name] = known
                return found
        try:
            raw = read_regular(path, root, MAX_FILE_BYTES)  # a FIFO or a link outside is not read here either
        except FileRefused:
            return read_yaml(path, label, root)  # it reports the refusal
        key = hashlib.sha256(self.code + name.encode() + b"\0" + raw).hexdigest()[:40] + SUFFIX
        if stat is not None and stat[1]:
            self.settled[name] = (stat[0], key)
        found = self._entry(key)
        if found is not None:
            return found
        result = read_yaml(path, label, root)
        self._store(self.directory / key, result)
        return result

    @staticmethod
    def _inside(path: Path, root: Path | None) -> bool:
        """Whether ``path`` still resolves inside ``root`` (as :func:`read_regular` checks before reading)."""
        try:
            return root is None or path.resolve(strict=True).is_relative_to(root.resolve())
        except (OSError, RuntimeError):
            return False

    def _entry(self, key: str) -> tuple[YamlDoc | None, list[Problem]] | None:
        """The entry ``key`` (marked as used), or None when it is missing, damaged or foreign."""
        self.used.add(key)
        try:
            found = pickle.loads((self.directory / key).read_bytes())
        except Exception:  # noqa: BLE001 - missing, damaged or foreign: read the file instead
            return None
        if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], list):
            return found
        return None

    def _store(self, entry: Path, result: tuple[YamlDoc | None, list[Problem]]) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            write_atomic(entry, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self) -> None:
        """Remove the entries (and stray temporary files) the reads since creation did not use; keep the stat
        table of the files they read."""
        if not self.directory.is_dir():
            return
        with contextlib.suppress(OSError):
            table = (self.code, self.settled)
            write_atomic(self.directory / STATS, pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
        for path in self.directory.iterdir():
            if path.name not in self.used and path.name != STATS:
                path.unlink(missing_ok=True)


def for_index(index_dir: Path) -> ReadCache | None:
    """The parse cache kept beside an index's generations (None when ``index_dir`` is a file, not a folder).

    A build fills it; whoever loads the corpus the index was built from (the app, once per
    generation) reads the unchanged files from it instead of parsing them again.
    """
    return None if index_dir.exists() and not index_dir.is_dir() else ReadCache(index_dir / PARSED)
