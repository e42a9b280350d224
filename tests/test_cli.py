"""The lexcompare command line, run as a user runs it: exit codes, JSON shapes, and no tracebacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.cli import _plain
from tests.conftest import FIXTURE_CORPUS, run_cli


@pytest.fixture
def env(fixture_corpus: Path, tmp_path: Path) -> dict[str, str]:
    return {
        "LEXCOMPARE_CORPUS": str(fixture_corpus),
        "LEXCOMPARE_INDEX": str(tmp_path / "index"),
        "LEXCOMPARE_TEXTS": str(tmp_path / "texts"),
    }


@pytest.fixture
def built(env: dict[str, str]) -> dict[str, str]:
    result = run_cli("build", env=env)
    assert result.returncode == 0, result.stderr
    return env


def test_validate_ok_and_json(env: dict[str, str]) -> None:
    result = run_cli("validate", env=env)
    assert result.returncode == 0
    assert "5 provisions" in result.stderr
    assert json.loads(run_cli("validate", "--json", env=env).stdout) == []


def test_validate_reports_broken_yaml_with_path_and_line(env: dict[str, str], fixture_corpus: Path) -> None:
    (fixture_corpus / "es" / "broken.yaml").write_text("instrument:\n  kind: [statute\n")
    result = run_cli("validate", env=env)
    assert result.returncode == 1
    assert "es/broken.yaml:3: [yaml-syntax]" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    problems = json.loads(run_cli("validate", "--json", env=env).stdout)
    assert {"path", "line", "code", "message"} == set(problems[0])


def test_misspelt_topic_gets_a_suggestion(env: dict[str, str], fixture_corpus: Path) -> None:
    path = fixture_corpus / "no" / "utlendingsloven.yaml"
    path.write_text(path.read_text().replace("topics: [residence-autonomy]", "topics: [residense-autonomy]"))
    result = run_cli("validate", env=env)
    assert result.returncode == 1
    assert "[unknown-topic] topic 'residense-autonomy' (did you mean 'residence-autonomy'?)" in result.stdout


def test_build_refuses_an_invalid_corpus(env: dict[str, str], fixture_corpus: Path) -> None:
    (fixture_corpus / "topics.yaml").write_text("topics: [\n")
    result = run_cli("build", env=env)
    assert result.returncode == 1
    assert "lexcompare validate" in result.stderr
    assert "Traceback" not in result.stderr


def test_two_checkouts_built_one_after_the_other_each_search_their_own(tmp_path: Path) -> None:
    words = {"first": "aardvarkish", "second": "zebraesque"}
    # the default index of each (no --index, no $LEXCOMPARE_INDEX), in a private per-user cache
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "LEXCOMPARE_INDEX": "", "LEXCOMPARE_CORPUS": ""}
    built = {}
    for name, word in words.items():
        corpus = shutil.copytree(FIXTURE_CORPUS, tmp_path / name / "corpus")
        act = corpus / "no" / "utlendingsloven.yaml"
        act.write_text(act.read_text().replace("after abuse.", f"after abuse ({word})."), encoding="utf-8")
        result = run_cli("build", cwd=tmp_path / name, env=env)
        assert result.returncode == 0, result.stderr
        built[name] = result.stdout.split()[1].rstrip(":")
    assert built["first"] != built["second"]
    assert all(Path(path).is_relative_to(tmp_path / "cache" / "lexcompare") for path in built.values())
    for name, word in words.items():
        for other in words.values():
            result = run_cli("search", other, "--json", cwd=tmp_path / name, env=env)
            assert result.returncode == 0, result.stderr
            hits = [hit["id"] for hit in json.loads(result.stdout)["hits"]]
            assert hits == (["no/utlendingsloven/s53"] if other == word else []), (name, other)


def test_search_json_shape(built: dict[str, str]) -> None:
    result = run_cli("search", "utlendingsloven § 53", "--json", env=built)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"query", "total", "hits", "facets", "suggestion"} <= set(data)
    hit = data["hits"][0]
    assert {"id", "jurisdiction", "instrument", "pinpoint", "heading", "topics", "score", "highlight"} <= set(hit)
    assert hit["id"] == "no/utlendingsloven/s53"


def test_a_corrected_search_says_how_to_search_the_words_typed(built: dict[str, str]) -> None:
    result = run_cli("search", "indpendent permit", env=built)
    assert "showing results for: independent permit" in result.stdout
    assert "search instead for indpendent permit: lexcompare search 'indpendent permit' --exact" in result.stdout
    exact = run_cli("search", "indpendent permit", "--exact", "--json", env=built)
    assert json.loads(exact.stdout)["suggestion"] == {
        "text": "independent permit",
        "typed": "indpendent permit",
        "used": False,
    }


def test_a_place_in_the_words_is_said_with_the_way_out(built: dict[str, str]) -> None:
    result = run_cli("search", "permit Norway", env=built)
    assert "in Norway (NO) first — search all jurisdictions: lexcompare search 'permit Norway' --everywhere" in (
        result.stdout
    )
    assert json.loads(run_cli("search", "permit Norway", "--json", env=built).stdout)["place"] == {
        "codes": ["NO"],
        "words": ["Norway"],
    }
    assert "first" not in run_cli("search", "permit Norway", "--everywhere", env=built).stdout.split("result(s)")[0]


def test_matches_are_marked_with_guillemets_not_brackets_off_a_terminal(built: dict[str, str]) -> None:
    result = run_cli("search", "permit", env=built)
    assert "«permit»" in result.stdout
    assert "[permit]" not in result.stdout


def test_search_with_filters_in_text(built: dict[str, str]) -> None:
    result = run_cli("search", "permit", "-j", "Norway", "-t", "residence-autonomy", env=built)
    assert result.returncode == 0, result.stderr
    assert "no/utlendingsloven/s53" in result.stdout
    assert "coe/istanbul" not in result.stdout


def test_unknown_filter_is_a_clear_error(built: dict[str, str]) -> None:
    result = run_cli("search", "permit", "-j", "Narnia", env=built)
    assert result.returncode == 2
    assert "unknown jurisdiction 'Narnia'" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_without_index_says_how_to_build(env: dict[str, str]) -> None:
    result = run_cli("search", "permit", env=env)
    assert result.returncode == 2
    assert "lexcompare build" in result.stderr


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(min_size=1, max_size=200))
def test_random_bytes_query_never_crashes(built: dict[str, str], raw: bytes) -> None:
    query = raw.decode("utf-8", "surrogateescape").replace("\x00", "")
    result = run_cli("search", "--json", "--", query or "x", env=built)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    json.loads(result.stdout)


def test_compare_json_and_markdown(built: dict[str, str]) -> None:
    data = json.loads(run_cli("compare", "-t", "residence-autonomy", "--json", env=built).stdout)
    states = {(c["jurisdiction"], c["state"]) for c in data["cells"]}
    assert ("NO", "provisions") in states
    assert ("ES-MD", "unknown") in states
    md = run_cli("compare", "-t", "residence-autonomy", "-j", "NO", "-j", "es", env=built).stdout
    assert "| NO | ● provisions" in md


def test_show_provision_and_unknown_id(built: dict[str, str]) -> None:
    data = json.loads(run_cli("show", "no/utlendingsloven/s53", "--json", env=built).stdout)
    assert data["pinpoint"] == "§ 53"
    result = run_cli("show", "no/utlendingsloven/s35", env=built)
    assert result.returncode == 2
    assert "did you mean 'no/utlendingsloven/s53'" in result.stderr


def test_export_every_format(built: dict[str, str], tmp_path: Path) -> None:
    for fmt, name in (("json", "d.json"), ("csv", "d.csv"), ("datapackage", "pkg"), ("md", "d.md")):
        result = run_cli("export", "--format", fmt, "--out", str(tmp_path / name), env=built)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).exists()


def test_bad_arguments_exit_2_without_traceback(env: dict[str, str]) -> None:
    result = run_cli("export", "--format", "xls", "--out", "x", env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("tty", "shown"),
    [(True, "a \033[1mpermit\033[22m [sic] &"), (False, "a «permit» [sic] &")],
    ids=["terminal-bold", "pipe-guillemets"],
)
def test_snippet_marks_keep_brackets_for_their_legal_meaning(tty: bool, shown: str) -> None:
    assert _plain('a <mark class="match t0">permit</mark> [sic] &amp;', tty) == shown
