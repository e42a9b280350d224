"""Broken corpus files, as `lexcompare validate` sees them: `path:line`, exit 1, no traceback, nothing rewritten.

Each case breaks a private copy of the fixture corpus in one way and runs the
real command in a subprocess (a crash in the YAML library must not take pytest
down with it).  Unit-level cases of the YAML reader are in test_yamlread.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.validate import check
from indexer.yamlread import MAX_DEPTH, MAX_FILE_BYTES
from tests.conftest import ROOT, run_cli

FUZZ_EXAMPLES = int(os.environ.get("LEXCOMPARE_FUZZ_EXAMPLES", "50"))
Breaker = Callable[[Path], None]


def _write(rel: str, content: bytes) -> Breaker:
    def breaker(corpus: Path) -> None:
        (corpus / rel).write_bytes(content)

    return breaker


def _replace(rel: str, old: str, new: str) -> Breaker:
    def breaker(corpus: Path) -> None:
        path = corpus / rel
        text = path.read_text("utf-8")
        assert old in text, f"fixture drifted: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    return breaker


def _both(*breakers: Breaker) -> Breaker:
    def breaker(corpus: Path) -> None:
        for each in breakers:
            each(corpus)

    return breaker


def _directory(rel: str) -> Breaker:
    def breaker(corpus: Path) -> None:
        path = corpus / rel
        if path.exists():
            path.unlink()
        path.mkdir()
        (path / "inner.yaml").write_text("instrument: {}\n", "utf-8")

    return breaker


def _copy(rel: str, new: str, old: str = "", replacement: str = "") -> Breaker:
    """``rel`` copied whole under the name ``new`` (with ``old`` replaced in the copy)."""

    def breaker(corpus: Path) -> None:
        text = (corpus / rel).read_text("utf-8")
        (corpus / new).write_text(text.replace(old, replacement, 1) if old else text, "utf-8")

    return breaker


def _symlink_loop(corpus: Path) -> None:
    (corpus / "es" / "loop.yaml").symlink_to("loop.yaml")


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 10)]
    return ("instrument:\n" + "\n".join("  " + line for line in lines) + "\n").encode()


ES = "es/lo-4-2000.yaml"
NO = "no/utlendingsloven.yaml"

DEEP_FLOW = b"instrument: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
DEEP_BLOCK = b"".join(b" " * i + b"k:\n" for i in range(MAX_DEPTH + 2))
LATIN_1 = "instrument:\n  kind: statute\n  title: Ley Orgánica\n".encode("latin-1")
# a summary pasted from a word processor: U+2028 ends a line for YAML, not for the editor
PASTED = "instrument:\n  kind: statute\n  title: Ley\u2028Orgánica\n  citation: x\n".encode()
PYTHON_TAG = b"instrument: !!python/object/apply:os.system ['true']\n"

# how to break the corpus, the file the problem must name, its line (0: any line of that file), its code
CASES = [
    pytest.param(_write("es/x.yaml", b'instrument:\n  title: "open\n'), "es/x.yaml", 3, "yaml-syntax", id="open-quote"),
    pytest.param(_replace(ES, "    heading:", "      heading:"), ES, 0, "yaml-syntax", id="bad-indent"),
    pytest.param(_replace(NO, "  citation:", "\tcitation:"), NO, 0, "yaml-syntax", id="tab-indentation"),
    pytest.param(
        _replace(NO, "  citation:", "  language: nb\n  citation:"), NO, 0, "duplicate-key", id="duplicate-key"
    ),
    pytest.param(_replace(NO, "topics: [residence-autonomy]", "topics: {a: 1}"), NO, 0, "wrong-type", id="wrong-type"),
    pytest.param(_write("es/x.yaml", b"- just\n- a list\n"), "es/x.yaml", 1, "wrong-type", id="list-at-top"),
    pytest.param(
        _replace(NO, "  language: nb", "  language: nb\n  adopted: [2008]"), NO, 0, "bad-date", id="date-list"
    ),
    pytest.param(_replace(NO, "    heading:", "    headline:"), NO, 0, "unknown-field", id="unknown-field"),
    pytest.param(_replace(NO, "instrument:", "instrumnet: 1\ninstrument:"), NO, 1, "unknown-field", id="unknown-top"),
    pytest.param(_write("es/x.yaml", b"#" * (MAX_FILE_BYTES + 1)), "es/x.yaml", 1, "file-too-large", id="enormous"),
    pytest.param(_write("es/x.yaml", b"a:\n  b: 1\n\x00\xff\x89PNG\r\n"), "es/x.yaml", 3, "binary", id="binary-junk"),
    pytest.param(_write("es/x.yaml", "instrument: x\n".encode("utf-16")), "es/x.yaml", 1, "encoding", id="utf-16"),
    pytest.param(
        _write("es/x.yaml", "instrument: x\n".encode("utf-16-le")), "es/x.yaml", 1, "binary", id="utf-16-no-bom"
    ),
    pytest.param(_write("es/x.yaml", LATIN_1), "es/x.yaml", 3, "encoding", id="latin-1"),
    pytest.param(_write("es/x.yaml", PASTED), "es/x.yaml", 3, "odd-line-break", id="pasted-line-separator"),
    pytest.param(_write("es/x.yaml", _billion_laughs()), "es/x.yaml", 2, "yaml-alias", id="alias-bomb"),
    pytest.param(_write("es/x.yaml", PYTHON_TAG), "es/x.yaml", 1, "yaml-tag", id="python-tag"),
    pytest.param(_write("es/x.yaml", DEEP_FLOW), "es/x.yaml", 1, "yaml-too-deep", id="deep-flow-nesting"),
    pytest.param(_write("es/x.yaml", DEEP_BLOCK), "es/x.yaml", MAX_DEPTH + 1, "yaml-too-deep", id="deep-block-nesting"),
    pytest.param(
        _write("es/x.yaml", b"instrument: {}\n---\na: 1\n"), "es/x.yaml", 2, "yaml-syntax", id="two-documents"
    ),
    pytest.param(_write("es/x.yaml", b""), "es/x.yaml", 1, "empty-file", id="empty-file"),
    pytest.param(_directory(ES), ES, 1, "unreadable", id="directory-for-file"),
    pytest.param(_directory("topics.yaml"), "topics.yaml", 1, "unreadable", id="directory-for-topics"),
    pytest.param(_symlink_loop, "es/loop.yaml", 1, "unreadable", id="symlink-loop"),
    pytest.param(_copy(NO, "no/x.yaml"), "no/x.yaml", 1, "duplicate-instrument", id="instrument-copied-whole"),
    pytest.param(_copy(NO, "no/x.yaml"), NO, 1, "duplicate-instrument", id="the-original-is-named-too"),
    pytest.param(
        _copy(NO, "no/x.yaml", "citation: LOV-2008-05-15-35", "citation: lov-2008-05-15-35 "),
        "no/x.yaml",
        1,
        "duplicate-instrument",
        id="same-citation-other-case",
    ),
    pytest.param(
        _both(
            _replace(
                ES, "  citation: Ley Orgánica 4/2000\n", "  citation: Ley Orgánica 4/2000\n  identifiers: {eli: x}\n"
            ),
            _copy(ES, "es/x.yaml", "citation: Ley Orgánica 4/2000", "citation: LO 4/2000"),
        ),
        "es/x.yaml",
        1,
        "duplicate-instrument",
        id="same-eli-other-citation",
    ),
    pytest.param(
        _replace("topics.yaml", "    broader: [unaccompanied-minors]", "    broader: [guardianship]"),
        "topics.yaml",
        0,
        "hierarchy-cycle",
        id="topic-broader-than-itself",
    ),
    pytest.param(
        _replace("jurisdictions.yaml", "    name: Norway\n", "    name: Norway\n    parent: NO\n"),
        "jurisdictions.yaml",
        0,
        "hierarchy-cycle",
        id="jurisdiction-its-own-parent",
    ),
    pytest.param(
        _both(
            _replace(ES, "    slug: art35\n", "    slug: art35\n    aliases: [no/x]\n"),
            _replace(NO, "    slug: s53\n", "    slug: s53\n    aliases: [no/x]\n"),
        ),
        NO,
        0,
        "duplicate-id",
        id="same-alias-in-two-files",
    ),
    pytest.param(
        _replace(ES, "    slug: art35\n", "    slug: art35\n    aliases: [no/utlendingsloven/s53]\n"),
        NO,
        0,
        "duplicate-id",
        id="alias-shadows-a-provision-in-another-file",
    ),
    pytest.param(
        _replace(ES, "    slug: art35\n", "    slug: art35\n    aliases: [es/practices/mentors]\n"),
        "es/practices.yaml",
        0,
        "duplicate-id",
        id="alias-shadows-a-practice",
    ),
]


def _snapshot(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Bytes and mtime of every entry under ``root`` (lstat: a symlink loop is not followed)."""
    out = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        readable = path.is_file() and not path.is_symlink()
        out[path.relative_to(root).as_posix()] = (path.read_bytes() if readable else None, info.st_mtime_ns)
    return out


@pytest.mark.parametrize(("breaker", "rel", "line", "code"), CASES)
def test_broken_corpus_file_gets_path_line_and_exit_1(
    fixture_corpus: Path, breaker: Breaker, rel: str, line: int, code: str
) -> None:
    breaker(fixture_corpus)
    before = _snapshot(fixture_corpus)
    result = run_cli("--corpus", str(fixture_corpus), "validate")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    found = re.findall(rf"^{re.escape(str(fixture_corpus / rel))}:(\d+): \[{code}\] ", result.stdout, re.MULTILINE)
    assert found, f"no '{rel}:<line>: [{code}]' in:\n{result.stdout}"
    if line:
        assert int(found[0]) == line, result.stdout
    else:
        # an edit inside an existing file: the line must be one that exists
        assert 1 <= int(found[0]) <= len((fixture_corpus / rel).read_bytes().splitlines())
    assert _snapshot(fixture_corpus) == before, "validation touched a file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_gets_path_line_and_exit_1(fixture_corpus: Path) -> None:
    path = fixture_corpus / "es" / "lo-4-2000.yaml"
    path.chmod(0)
    try:
        result = run_cli("--corpus", str(fixture_corpus), "validate")
    finally:
        path.chmod(0o644)
    assert result.returncode == 1
    assert f"{path}:1: [unreadable] cannot read the file: Permission denied" in result.stdout
    assert "Traceback" not in result.stderr


def test_unreadable_file_is_a_problem_not_a_crash(fixture_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same check as above where the tests run as root: the read itself fails as it would without permission
    target = fixture_corpus / "es" / "lo-4-2000.yaml"
    real = os.open

    def refusing_open(path: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    _, problems = check(fixture_corpus)
    assert [(p.path, p.line, p.code) for p in problems if p.path == target] == [(target, 1, "unreadable")]


def test_every_broken_file_at_once_is_reported_in_one_run(fixture_corpus: Path) -> None:
    """Problems are collected across files: one bad file does not hide another."""
    # the cases that add a file of their own, each under its own name this time
    added = [case.values for case in CASES if case.values[1] == "es/x.yaml"]
    for n, (breaker, _, _, _) in enumerate(added):
        breaker(fixture_corpus)
        (fixture_corpus / "es" / "x.yaml").rename(fixture_corpus / "es" / f"x{n}.yaml")
    result = run_cli("--corpus", str(fixture_corpus), "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for n, (_, _, line, code) in enumerate(added):
        assert f"{fixture_corpus / 'es' / f'x{n}.yaml'}:{line}: [{code}]" in result.stdout, added[n]


# --- safe loading only ----------------------------------------------------------------

UNSAFE_YAML = re.compile(
    r"yaml\.(?:load|unsafe_load|full_load|load_all|unsafe_load_all|full_load_all)\s*\("
    r"|Loader\s*=\s*yaml\.C?(?:Full|Unsafe)?Loader\b"
    r"|\b(?:Full|Unsafe)Loader\b"
)


@pytest.mark.parametrize(
    ("line", "unsafe"),
    [
        pytest.param("data = yaml" + ".load(text)", True, id="load"),
        pytest.param("yaml" + ".unsafe_load(text)", True, id="unsafe_load"),
        pytest.param("yaml" + ".load(text, Loader=yaml" + ".Loader)", True, id="loader-kwarg"),
        pytest.param("Loader=yaml." + "Full" + "Loader", True, id="full-loader"),
        pytest.param("yaml.safe_load(text)", False, id="safe_load"),
        pytest.param("yaml.compose(text, Loader=_LOADER)", False, id="compose"),
    ],
)
def test_unsafe_yaml_pattern_catches_unsafe_calls(line: str, unsafe: bool) -> None:
    assert bool(UNSAFE_YAML.search(line)) is unsafe


def test_only_safe_yaml_loading_exists_in_the_source_tree() -> None:
    sources = [p for d in ("indexer", "app", "bench", "tests") for p in (ROOT / d).rglob("*.py")]
    assert len(sources) > 20
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sources
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if UNSAFE_YAML.search(line)
    ]
    assert offenders == []


# --- any bytes in a corpus file -------------------------------------------------------

YAMLISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "instrument:", "provisions:", "  - slug: x", "    topics: [fgm]", "&a", "*a", "<<:", "!!str",
                "!!python/name:os", "{", "}", "[", "]", "? ", ": ", "- ", "|", ">", "'", '"', "#", "---", "...",
                "%YAML 1.1", "\t", "\n", "  ", "2024-13-45", "NO", "~", ".nan", "0x1F", "9" * 40, "\ufeff", "é", "\x85",
                "\u2028",
            ]
        ),
        st.text(max_size=8),
    ),
    max_size=40,
).map("".join)  # fmt: skip


def _never_crashes(corpus: Path, content: bytes) -> None:
    path = corpus / "es" / "lo-4-2000.yaml"
    path.write_bytes(content)
    _, problems = check(corpus)
    lines = max(1, len(content.splitlines()) + 1)
    for problem in problems:
        if problem.path == path:
            assert 1 <= problem.line <= lines, problem


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=YAMLISH)
def test_any_yaml_like_text_is_reported_never_raised(fixture_corpus: Path, text: str) -> None:
    _never_crashes(fixture_corpus, text.encode("utf-8", "surrogatepass"))


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(YAMLISH.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=2000)))
def test_any_bytes_in_a_corpus_file_are_reported_never_raised_long_run(fixture_corpus: Path, content: bytes) -> None:
    _never_crashes(fixture_corpus, content)
