"""Parsed corpus files kept by content hash, so that a build re-reads only the files that changed.

Reading YAML with the line of every value is most of loading a large corpus
(10k provisions: 3 of 3.5 s).  A :class:`ReadCache` keeps what
:func:`indexer.yamlread.read_yaml` returned for each file, keyed by the file's
bytes, the name it is shown under, and the code that read it; anything else
(a damaged or foreign entry) is read again.  Entries are written whole or not
at all; :meth:`ReadCache.prune` drops those the last load did not use.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
from pathlib import Path

from indexer import __version__, corpus, yamlread
from indexer.files import FileRefused, read_regular, write_atomic
from indexer.problems import Problem
from indexer.yamlread import MAX_FILE_BYTES, YamlDoc, read_yaml

SUFFIX = ".parsed"
#: where an index keeps the corpus files as its builds last read them (shared by its generations)
PARSED = "parsed"


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

    def read(self, path: Path, label: Path, root: Path | None = None) -> tuple[YamlDoc | None, list[Problem]]:
        """What ``read_yaml(path, label, root)`` returns, from the cache when the file is unchanged."""
        try:
            raw = read_regular(path, root, MAX_FILE_BYTES)  # a FIFO or a link outside is not read here either
        except FileRefused:
            return read_yaml(path, label, root)  # it reports the refusal
        key = hashlib.sha256(self.code + str(label).encode() + b"\0" + raw).hexdigest()[:40] + SUFFIX
        self.used.add(key)
        entry = self.directory / key
        try:
            found = pickle.loads(entry.read_bytes())
        except Exception:  # noqa: BLE001 - missing, damaged or foreign: read the file instead
            found = None
        if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], list):
            return found
        result = read_yaml(path, label, root)
        self._store(entry, result)
        return result

    def _store(self, entry: Path, result: tuple[YamlDoc | None, list[Problem]]) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            write_atomic(entry, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self) -> None:
        """Remove the entries (and stray temporary files) the reads since creation did not use."""
        if not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def for_index(index_dir: Path) -> ReadCache | None:
    """The parse cache kept beside an index's generations (None when ``index_dir`` is a file, not a folder).

    A build fills it; whoever loads the corpus the index was built from (the app, once per
    generation) reads the unchanged files from it instead of parsing them again.
    """
    return None if index_dir.exists() and not index_dir.is_dir() else ReadCache(index_dir / PARSED)
