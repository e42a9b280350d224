"""Paths and arguments that are not what they should be: one line on stderr, exit 2, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.cli import main
from indexer.errors import IndexCorrupt, IndexMissing
from indexer.search import open_index
from tests.conftest import FIXTURE_CORPUS, run_cli
from tests.test_robust_app import refuse_network


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--index", "{file}", "build"], "{file} is a file, not an index directory", id="build-into-a-file"
        ),
        pytest.param(
            ["--index", "{file}", "search", "permit"], "{file} is a file, not an index directory", id="search-a-file"
        ),
        pytest.param(["--index", "{file}/ix", "build"], "{file}/ix: Not a directory", id="build-below-a-file"),
        pytest.param(["app", "--port", "99999999"], "99999999 is not a TCP port (1-65535)", id="port-out-of-range"),
        pytest.param(["app", "--port", "http"], "invalid port value: 'http'", id="port-not-a-number"),
        pytest.param(["search", "permit", "--limit", "many"], "invalid hits value: 'many'", id="limit-not-a-number"),
    ],
)
def test_wrong_path_or_argument_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine\n")
    argv = [arg.format(file=a_file) for arg in args]
    result = run_cli("--corpus", str(FIXTURE_CORPUS), *argv)
    assert result.returncode == 2
    assert message.format(file=a_file) in result.stderr
    assert "Traceback" not in result.stderr
    assert a_file.read_text() == "mine\n", "the file in the way was written to"


def test_open_index_on_a_file_is_a_clear_library_error(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine\n")
    with pytest.raises((IndexMissing, IndexCorrupt)):
        open_index(a_file)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return refuse_network(monkeypatch)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["validate"], id="validate"),
        pytest.param(["search", "utlendingsloven § 53", "-j", "Norway"], id="search"),
        pytest.param(["show", "no/utlendingsloven/s53"], id="show"),
        pytest.param(["compare", "-t", "residence-autonomy"], id="compare"),
        pytest.param(["export", "--format", "datapackage", "--out", "{tmp}/pkg"], id="export"),
        pytest.param(["sources", "status"], id="sources-status"),
    ],
)
def test_commands_other_than_fetch_use_no_network(
    no_network: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    paths = ["--corpus", str(FIXTURE_CORPUS), "--index", str(tmp_path / "ix"), "--texts", str(tmp_path / "texts")]
    assert main([*paths, "build"]) == 0
    assert main([*paths, *(arg.format(tmp=tmp_path) for arg in command)]) == 0, capsys.readouterr().err
    assert no_network == []
