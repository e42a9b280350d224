"""The suite never touches the index or official texts of the person running it (conftest.pytest_configure)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from indexer import paths


@pytest.mark.parametrize("default", [paths.index_dir, paths.texts_dir], ids=["index", "texts"])
def test_default_folders_lie_in_the_suites_scratch_folder(default: Callable[[], Path]) -> None:
    folder = default()
    assert "lexcompare-tests-" in str(folder)
    assert not folder.is_relative_to(Path.home())
