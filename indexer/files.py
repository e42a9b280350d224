"""Files read and written safely.

Reading files a contributor controls: regular files only, inside their root, bounded, never blocking.

A corpus file may be a symlink to ``/etc/shadow`` or ``/dev/zero``, a FIFO that
no one writes to, or grow while it is read.  :func:`read_regular` looks at what
a path is before it opens it, opens it so that it cannot block, looks again at
what it opened, and reads at most ``limit`` bytes; anything else is refused
with a problem code and a message, without reading a byte.

Writing: :func:`write_atomic` writes a file whole or not at all, with the mode the user's umask gives.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

_KINDS = {
    stat.S_ISFIFO: "a named pipe (FIFO)",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISSOCK: "a socket",
    stat.S_ISDIR: "a directory",
}


class FileRefused(Exception):
    """A file that is not read: ``code`` is the problem code, ``message`` says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def file_kind(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file (None when it is one)."""
    return next((name for test, name in _KINDS.items() if test(mode)), None)


def read_regular(path: Path, root: Path | None, limit: int) -> bytes:
    """The bytes of the regular file ``path``, or :class:`FileRefused`.

    Refused: a path that resolves outside ``root`` (when given: a symlink inside that
    resolves inside is fine), anything but a regular file (a directory, a FIFO, a
    device, a socket), more than ``limit`` bytes (checked before reading, and again
    while reading a file that grows), and what the system will not open.
    """
    try:
        if root is not None and not path.resolve(strict=True).is_relative_to(root.resolve()):
            raise FileRefused(code="outside-corpus", message="a symlink that leads outside the corpus: not read")
        kind = file_kind(path.stat().st_mode)
        if kind is not None:
            raise FileRefused(
                code="unreadable" if kind == "a directory" else "not-a-file", message=f"{kind}, not a file: not read"
            )
        # O_NONBLOCK: should the path have become a FIFO since the stat, opening it does not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            kind = file_kind(info.st_mode)
            if kind is not None:
                raise FileRefused(code="not-a-file", message=f"{kind}, not a file: not read")
            if info.st_size > limit:
                raise FileRefused(
                    code="file-too-large", message=f"{info.st_size:,} bytes; a corpus file may have {limit:,}"
                )
            data = handle.read(limit + 1)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, as Path.resolve reports it on 3.11
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "a symlink loop"
        raise FileRefused(code="unreadable", message=f"cannot read the file: {reason}") from None
    if len(data) > limit:
        raise FileRefused(code="file-too-large", message=f"more than {limit:,} bytes; a corpus file may have {limit:,}")
    return data


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: a temporary file beside it, renamed into place (creating the folder).

    The temporary file is a fresh name opened exclusively, not ``mkstemp``'s,
    which is 0600 whatever the umask: a cache or index other users may read
    gets the mode the user chose.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
