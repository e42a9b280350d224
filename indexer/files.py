"""Files written whole or not at all, with the mode the user's umask gives."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


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
