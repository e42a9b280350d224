"""Shared fixtures: the real corpus, a small fixture corpus, and indexes built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from bench import load
from indexer import build as build_module
from indexer.build import build
from indexer.search import Index, open_index

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
CHROMIUM = Path(load.CHROMIUM)
# where chromium is missing and `make test` could not install it (not root, no apt-get, offline)
NO_BROWSER = f"browser tests need Debian's chromium ({CHROMIUM}): run `make test` as root, or apt-get install chromium"
NO_SHARED: pytest.StashKey[str] = pytest.StashKey()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}


def _missing_shared(item: pytest.Item) -> list[str]:
    """What the ``shared`` markers of ``item`` ask for that is not beside this checkout (the highest missing folder)."""
    missing = []
    for marker in item.iter_markers("shared"):
        for part in marker.args:
            path = SHARED / part
            if not path.exists():
                while not path.parent.exists():
                    path = path.parent
                missing.append(os.path.relpath(path, ROOT))
    return missing


# no time limit per example: speed is measured in bench/, and a loaded machine made the default 200 ms flaky
settings.register_profile("lexcompare", deadline=None)
settings.load_profile("lexcompare")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the suite out of the user's own index and official texts: per-user folders point into a scratch folder.

    A test that builds or reads the default index (no ``--index``) would otherwise write into
    ``~/.cache/lexcompare`` or into whatever ``$LEXCOMPARE_INDEX`` the person running the tests has set.
    """
    scratch = Path(tempfile.mkdtemp(prefix="lexcompare-tests-"))
    config.add_cleanup(lambda: shutil.rmtree(scratch, ignore_errors=True))
    for name in ("LEXCOMPARE_INDEX", "LEXCOMPARE_TEXTS"):
        os.environ.pop(name, None)
    os.environ["XDG_CACHE_HOME"] = str(scratch / "cache")
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if in_ci() and not CHROMIUM.exists() and any(item.get_closest_marker("browser") for item in items):
        raise pytest.UsageError(f"CI runs every browser test, and {CHROMIUM} is missing: .ci/run installs it")
    missing = sorted({part for item in items for part in _missing_shared(item)})
    config.stash[NO_SHARED] = f"need the project's shared/ folder beside this checkout; missing: {', '.join(missing)}"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip what this machine cannot run, every skip of a kind with one reason (one line in the summary)."""
    if item.get_closest_marker("browser") and not CHROMIUM.exists():
        pytest.skip(NO_BROWSER)
    if _missing_shared(item):
        pytest.skip(item.config.stash[NO_SHARED])


@pytest.fixture(scope="session")
def real_corpus() -> Path:
    """The project's own corpus/ directory."""
    return ROOT / "corpus"


@pytest.fixture
def fixture_corpus(tmp_path: Path) -> Path:
    """A private copy of the small fixture corpus, free to break."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, target)
    return target


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory, real_corpus: Path) -> Path:
    """An index of the real corpus, built once per test session."""
    path = tmp_path_factory.mktemp("real-index")
    build(real_corpus, path, tmp_path_factory.mktemp("no-texts"))
    return path


@pytest.fixture(scope="session")
def real_index(built_index: Path) -> Index:
    return open_index(built_index)


@pytest.fixture(scope="session")
def fixture_index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """An index of the fixture corpus, built once per test session."""
    path = tmp_path_factory.mktemp("fixture-index")
    build(FIXTURE_CORPUS, path, tmp_path_factory.mktemp("no-texts"))
    return open_index(path)


def build_held_after_writing(corpus: str, index: str, texts: str, release: Any) -> None:
    """Run a build (in a child process) that, once it holds the lock and has written its files,
    waits up to a minute for ``release`` before it swaps them in: a build caught mid-way."""

    def held(real: Any) -> Any:
        def wait_after_writing(*args: Any, **kwargs: Any) -> int:
            count = real(*args, **kwargs)
            release.wait(60)
            return int(count)

        return wait_after_writing

    # a full build writes the index, an incremental one updates the previous generation's
    build_module.write_index = held(build_module.write_index)
    build_module.update_index = held(build_module.update_index)
    build(Path(corpus), Path(index), Path(texts))


def lexcompare_command() -> list[str]:
    """The installed console script (falls back to the module when run from a bare checkout)."""
    script = Path(sys.executable).with_name("lexcompare")
    return [str(script)] if script.exists() else [sys.executable, "-m", "indexer.cli"]


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``lexcompare`` as a user would, capturing its output."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [*lexcompare_command(), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )


@pytest.fixture(scope="session")
def shared_texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An official-text cache holding the project's source set (../shared/sources), imported once.

    Tests that use it carry ``@pytest.mark.shared("sources")``, which skips them (or fails them in CI)
    when the source set is not beside this checkout.
    """
    path = tmp_path_factory.mktemp("texts")
    result = run_cli("sources", "import", str(SHARED / "sources"), env={"LEXCOMPARE_TEXTS": str(path)})
    assert result.returncode == 0, result.stderr
    return path
