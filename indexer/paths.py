"""Default locations: the corpus in the work tree, the index per user and corpus, the official-text cache per user.

Each default can be overridden by a CLI option or an environment variable, so the
app (which has no command line) and scripts find the same data.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlencode

from platformdirs import user_cache_dir, user_data_dir

from indexer.errors import BadRequest

REPORT_URL = re.compile(r"(https?://|mailto:)[^\s<>\"]+")


def corpus_dir() -> Path:
    """The corpus directory: ``$LEXCOMPARE_CORPUS`` or ``./corpus``."""
    return Path(os.environ.get("LEXCOMPARE_CORPUS") or "corpus")


def index_dir(corpus: Path | None = None) -> Path:
    """The index directory: ``$LEXCOMPARE_INDEX``, or one in the per-user cache for this corpus.

    The folder is keyed by the corpus's absolute path (``corpus`` or the default),
    so two checkouts on one machine never serve each other's index; its name
    starts with the checkout's name, for whoever looks in the cache.
    """
    env = os.environ.get("LEXCOMPARE_INDEX")
    if env:
        return Path(env)
    where = (corpus or corpus_dir()).resolve()
    key = hashlib.sha256(os.fsencode(where)).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", where.parent.name).strip("-.") or "corpus"
    return Path(user_cache_dir("lexcompare")) / "indexes" / f"{name}-{key}"


def texts_dir() -> Path:
    """The official-text cache: ``$LEXCOMPARE_TEXTS`` or the per-user data directory."""
    env = os.environ.get("LEXCOMPARE_TEXTS")
    return Path(env) if env else Path(user_data_dir("lexcompare")) / "texts"


def report_url() -> str | None:
    """Where people report a problem: ``$LEXCOMPARE_REPORT_URL`` (an http(s) or mailto: address), None when unset.

    Raises BadRequest when the variable is set to something that is not such an address.
    """
    value = os.environ.get("LEXCOMPARE_REPORT_URL", "").strip()
    if not value:
        return None
    if not REPORT_URL.fullmatch(value):
        raise BadRequest("LEXCOMPARE_REPORT_URL is not an http(s):// or mailto: address")
    return value


def base_url() -> str:
    """The app's public address (``$LEXCOMPARE_BASE_URL``, without a trailing slash), or "" when not set."""
    return os.environ.get("LEXCOMPARE_BASE_URL", "").strip().rstrip("/")


def permalink(page: str, params: Mapping[str, str | Sequence[str]]) -> str:
    """The link that reopens a view of the app: ``/compare?topic=fgm&j=NO`` (absolute with :func:`base_url`)."""
    query = urlencode({k: v for k, v in params.items() if v not in ("", [], ())}, doseq=True)
    return f"{base_url()}/{page}" + (f"?{query}" if query else "")
