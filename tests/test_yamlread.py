"""Reading YAML safely: every broken file gets a code and a line, and nothing crashes."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer import yamlread
from indexer.yamlread import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES, read_yaml


def _read(tmp_path: Path, content: bytes) -> tuple[object, list[tuple[str, int]]]:
    path = tmp_path / "f.yaml"
    path.write_bytes(content)
    doc, problems = read_yaml(path)
    return doc, [(p.code, p.line) for p in problems]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"a: 1\nb: [1, 2\nc: 3\n", ("yaml-syntax", 3), id="unclosed-flow-sequence"),
        pytest.param(b"a:\n\t- 1\n", ("yaml-syntax", 2), id="tab-indentation"),
        pytest.param(b"a: 1\nb: 2\na: 3\n", ("duplicate-key", 3), id="duplicate-key"),
        pytest.param(b"a: &x [1, 2]\nb: *x\n", ("yaml-alias", 2), id="alias"),
        pytest.param(b"a: 1\n\x00\x01\x02", ("binary", 2), id="binary-junk"),
        pytest.param(b"a: 1\nb: caf\xe9\n", ("encoding", 2), id="latin-1"),
        pytest.param(b"", ("empty-file", 1), id="empty"),
        pytest.param(b"[" * 200 + b"]" * 200, ("yaml-too-deep", 1), id="deep-nesting"),
        pytest.param(b"a: !!python/object:os.system ls\n", ("yaml-tag", 1), id="python-tag"),
    ],
)
def test_broken_yaml_is_reported_with_its_line(tmp_path: Path, content: bytes, expected: tuple[str, int]) -> None:
    doc, problems = _read(tmp_path, content)
    assert expected in problems


# libyaml (some versions stop deep flow nesting themselves, at 1,000 levels) and the pure-Python parser
PARSERS = [
    pytest.param(getattr(yaml, "CSafeLoader", None), id="libyaml"),
    pytest.param(yaml.SafeLoader, id="pure-python"),
]


@pytest.mark.parametrize("loader", PARSERS)
@pytest.mark.parametrize(
    ("content", "line"),
    [
        pytest.param(b"a: 1\nb: 2\nc: " + b"[" * 5000 + b"]" * 5000 + b"\n", 3, id="one-line-flow"),
        pytest.param(b"[\n" * 2000 + b"]\n" * 2000, MAX_DEPTH + 1, id="flow-a-level-a-line"),
        pytest.param(b"a: 1\nb: " + b"{x: " * 3000 + b"1" + b"}" * 3000 + b"\n", 2, id="one-line-flow-mappings"),
        pytest.param(b"".join(b" " * i + b"k:\n" for i in range(MAX_DEPTH + 2)), MAX_DEPTH + 1, id="block"),
    ],
)
def test_too_deep_is_the_same_finding_whichever_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: type | None, content: bytes, line: int
) -> None:
    if loader is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yamlread, "_LOADER", loader)
    doc, problems = _read(tmp_path, content)
    assert doc is None
    assert problems == [("yaml-too-deep", line)]


FLOW_NUMBERS = b"instrument: [" + b"1, " * 1_300_000 + b"1]\n"  # 3.9 MB: it took 23 s and 1.2 GB to compose


@pytest.mark.parametrize("loader", PARSERS)
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(FLOW_NUMBERS, ("file-too-large", 1), id="3.9-mb-flow-sequence"),
        pytest.param(b"a: [" + b"{}, " * (MAX_VALUES + 5) + b"{}]\n", ("file-too-large", 1), id="flow-of-mappings"),
        # the document's mapping, "a" and the list are three values: the item past the limit is on this line
        pytest.param(b"a:\n" + b"  - x\n" * (MAX_VALUES + 5), ("file-too-large", MAX_VALUES - 1), id="block-list"),
        pytest.param(b"a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: a\x07b\n", ("yaml-syntax", 6), id="control-char-line-6"),
        pytest.param(b"a: 1\nb: x\x1b[2Jy\n", ("yaml-syntax", 2), id="escape-line-2"),
        pytest.param(b"a: 1\nb: 2\x7f\n", ("yaml-syntax", 2), id="delete-at-line-end"),
        pytest.param(b"a: 1\nb: |\n  x\n  y\x0c\n", ("yaml-syntax", 4), id="form-feed-in-block-scalar"),
        pytest.param("a: 1\nb: x\ufeffy\n".encode(), ("encoding", 2), id="bom-mid-file"),
        pytest.param("\ufeffa: 1\n\ufeffb: 2\n".encode(), ("encoding", 2), id="bom-start-and-mid-file"),
        pytest.param("a: 1\n# \ufeff\n".encode(), ("encoding", 2), id="bom-in-a-comment"),
    ],
)
def test_smalls_are_found_bounded_and_at_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: type | None, content: bytes, expected: tuple[str, int]
) -> None:
    if loader is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yamlread, "_LOADER", loader)
    doc, problems = _read(tmp_path, content)
    assert (doc, problems) == (None, [expected])


def test_a_leading_bom_alone_is_fine(tmp_path: Path) -> None:
    doc, problems = _read(tmp_path, "\ufeffa: 1\n".encode())
    assert problems == []
    assert doc is not None


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 12)]
    doc, problems = _read(tmp_path, "\n".join(lines).encode())
    assert problems
    assert all(code == "yaml-alias" for code, _ in problems)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    doc, problems = _read(tmp_path, b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    assert doc is None
    assert problems == [("file-too-large", 1)]


def test_values_keep_their_lines_and_norway_stays_a_string(tmp_path: Path) -> None:
    doc, problems = _read(
        tmp_path, b"x: 1\nlist:\n  - code: NO\n    on: yes\n    date: 2024-01-31\n    bad: 2024-13-45\n"
    )
    assert problems == []
    assert doc.data["list"][0] == {"code": "NO", "on": "yes", "date": dt.date(2024, 1, 31), "bad": "2024-13-45"}
    assert doc.line(("list", 0, "date")) == 5
    assert doc.line(("list", 0, "missing-key")) == 3  # falls back to the enclosing record


def test_file_is_never_modified(tmp_path: Path) -> None:
    content = b"a: 1\na: 2\nb: [\n"
    path = tmp_path / "f.yaml"
    path.write_bytes(content)
    read_yaml(path)
    assert path.read_bytes() == content


ODD_CHARACTER = st.sampled_from(["\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\ufeff", "\x9b"])


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.integers(1, 30),
    at=st.data(),
    char=ODD_CHARACTER,
)
def test_an_odd_character_is_reported_at_its_own_line(tmp_path: Path, lines: int, at: st.DataObject, char: str) -> None:
    row = at.draw(st.integers(1, lines), label="line")
    text = "".join(f"k{n}: {'va' + char + 'lue' if n == row else 'value'}\n" for n in range(1, lines + 1))
    doc, problems = _read(tmp_path, text.encode())
    assert doc is None
    assert [line for _, line in problems] == [row]


def test_a_pickled_document_answers_every_line_as_before(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text("provisions:\n  - pinpoint: § 1\n    conditions:\n      who: [a, b]\n  - pinpoint: § 2\n")
    doc, problems = read_yaml(path)
    assert doc is not None
    assert not problems
    copy = pickle.loads(pickle.dumps(doc))
    asked = [*doc.lines, ("provisions", 9), ("provisions", 1, "nothing", 3), ("elsewhere",), ()]
    assert {loc: copy.line(loc) for loc in asked} == {loc: doc.line(loc) for loc in asked}
    assert copy.line(("provisions", 0, "conditions", "who", 1)) == 4
    assert copy.lines == doc.lines
