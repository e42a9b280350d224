"""Default locations: the corpus in the work tree, the index and official-text cache per user.

Each default can be overridden by a CLI option or an environment variable, so the
app (which has no command line) and scripts find the same data.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir


def corpus_dir() -> Path:
    """The corpus directory: ``$LEXCOMPARE_CORPUS`` or ``./corpus``."""
    return Path(os.environ.get("LEXCOMPARE_CORPUS", "corpus"))


def index_dir() -> Path:
    """The index directory: ``$LEXCOMPARE_INDEX`` or the per-user cache."""
    env = os.environ.get("LEXCOMPARE_INDEX")
    return Path(env) if env else Path(user_cache_dir("lexcompare")) / "index"


def texts_dir() -> Path:
    """The official-text cache: ``$LEXCOMPARE_TEXTS`` or the per-user data directory."""
    env = os.environ.get("LEXCOMPARE_TEXTS")
    return Path(env) if env else Path(user_data_dir("lexcompare")) / "texts"
