"""Every problem code is registered with a title and an explanation, listed in corpus/README.md and explained."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from indexer.problems import CODES, codes_markdown
from tests.conftest import ROOT, run_cli


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _codes_in(path: Path) -> set[str]:
    """The problem codes a module writes as literals: ``Problem(path, line, CODE, ...)``, ``doc.problem(loc, CODE,
    ...)``, ``checker.add(where, CODE, ...)``, ``checker.known(where, KIND, ...)`` (code ``unknown-KIND``), ``code=``,
    and load's table of pydantic error types (``_CODES``, ``_code``)."""
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            at = {"Problem": 2, "problem": 1, "add": 1}.get(name or "")
            if at is not None and len(node.args) > at and (name != "add" or len(node.args) == 3):
                found.add(_text(node.args[at]))
            if name == "known" and len(node.args) > 1 and _text(node.args[1]):
                found.add(f"unknown-{_text(node.args[1])}")
            found |= {_text(kw.value) for kw in node.keywords if kw.arg == "code"}
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "_CODES" for t in node.targets):
            found |= {_text(v) for v in getattr(node.value, "values", [])}
        elif isinstance(node, ast.FunctionDef) and node.name == "_code":
            found |= {_text(r.value) for r in ast.walk(node) if isinstance(r, ast.Return)}
    return {code for code in found if code}


EMITTED = {code: path for path in sorted((ROOT / "indexer").rglob("*.py")) for code in _codes_in(path)}


def test_the_scan_sees_the_codes_the_checks_write() -> None:
    assert {"yaml-syntax", "unknown-topic", "unknown-target-person", "bad-date", "coverage-missing"} <= set(EMITTED)


def test_every_code_written_is_registered() -> None:
    unregistered = {code: str(path.relative_to(ROOT)) for code, path in EMITTED.items() if code not in CODES}
    assert unregistered == {}, "add a line for each to CODES in indexer/problems.py"


def test_every_registered_code_is_written_somewhere() -> None:
    assert sorted(set(CODES) - set(EMITTED)) == []


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_code_has_a_title_and_an_explanation(code: str) -> None:
    entry = CODES[code]
    assert entry.code == code
    assert entry.title
    assert entry.explanation.endswith(".")


def test_the_data_dictionary_lists_every_code() -> None:
    readme = (ROOT / "corpus" / "README.md").read_text(encoding="utf-8")
    assert codes_markdown() in readme, "paste `lexcompare validate --explain all` into corpus/README.md"


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        pytest.param("unknown-topic", 0, "[unknown-topic] Unknown topic", id="known"),
        pytest.param("unknown-topc", 2, "did you mean 'unknown-topic'?", id="misspelt"),
        pytest.param("all", 0, "| yaml-syntax | YAML syntax error |", id="all"),
    ],
)
def test_validate_explains_a_code(code: str, status: int, expected: str) -> None:
    result = run_cli("validate", "--explain", code)
    assert result.returncode == status
    assert expected in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
