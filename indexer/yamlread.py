"""Safe YAML reading that remembers where every value was written.

PyYAML's ``safe_load`` forgets positions, so we compose the node graph and
convert it ourselves, keeping a map from each value's path (keys and list
indices) to its line.  Along the way we reject what a corpus file never needs
and what could hurt: duplicate keys, anchors and aliases (no "billion laughs"),
oversized files, binary junk and invalid UTF-8.
"""

from __future__ import annotations

import codecs
import datetime as dt
import pickle
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from indexer.files import FileRefused, read_regular
from indexer.problems import Problem

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 100_000  # values (scalars and collections) in one file: the largest corpus file has a few thousand

Loc = tuple[str | int, ...]
#: how deep the paths are whose lines a pickled document keeps unpacked (a record's: ``("provisions", 3)``)
SHALLOW = 2

# YAML 1.1 reads yes/no/on/off as booleans, which turns Norway ("NO") into
# False.  Only true/false are booleans here; the rest stay strings.
_TRUE_FALSE = {"true": True, "false": False}
# libyaml's composer when PyYAML was built with it (10x faster); both give the same nodes and marks
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
# YAML ends a line at these too, editors do not: line numbers would disagree and a plain value breaks
_ODD_BREAKS = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
_ODD_BREAK = re.compile(f"[{''.join(_ODD_BREAKS)}]")
# longest first: the UTF-32 LE mark begins with the UTF-16 LE one
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class YamlDoc:
    """A parsed YAML document: its data and the line of every value in it.

    Pickled (the build's parse cache), the lines of records (two keys deep: ``("provisions", 3)``)
    travel as they are and the rest as one packed blob, unpacked on the first deeper question
    (a problem's line): a 10k-provision corpus reads from the cache in 1.4 s instead of 2.1 s.
    """

    def __init__(self, path: Path, data: Any, lines: dict[Loc, int]):
        self.path = path
        self.data = data
        self._lines: dict[Loc, int] | None = lines
        self._shallow: dict[Loc, int] = {}
        self._packed = b""

    @property
    def lines(self) -> dict[Loc, int]:
        """The line of every value, by its path."""
        if self._lines is None:
            self._lines = pickle.loads(self._packed)
            self._packed = b""
        return self._lines

    def line(self, loc: Iterable[str | int]) -> int:
        """The line of the deepest part of ``loc`` that exists (1 for the document)."""
        parts = tuple(loc)
        # every path SHALLOW deep or less is among the shallow lines, and so are the parts of such a path
        lines = self._shallow if self._lines is None and len(parts) <= SHALLOW else self.lines
        while parts:
            if parts in lines:
                return lines[parts]
            parts = parts[:-1]
        return lines.get((), 1)

    def problem(self, loc: Iterable[str | int], code: str, message: str) -> Problem:
        return Problem(self.path, self.line(loc), code, message)

    def __getstate__(self) -> dict[str, Any]:
        lines = self.lines
        shallow = {loc: line for loc, line in lines.items() if len(loc) <= SHALLOW}
        packed = pickle.dumps(lines, protocol=pickle.HIGHEST_PROTOCOL)
        return {"path": self.path, "data": self.data, "shallow": shallow, "packed": packed}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path, self.data = state["path"], state["data"]
        self._lines, self._shallow, self._packed = None, state["shallow"], state["packed"]


class _Converter:
    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def convert(self, node: yaml.Node, loc: Loc) -> Any:
        line = self.lines.setdefault(loc, node.start_mark.line + 1)
        if id(node) in self.seen:
            self.problems.append(
                Problem(self.path, line, "yaml-alias", "anchors and aliases are not allowed in corpus files")
            )
            return None
        self.seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self.problems.append(Problem(self.path, line, "yaml-tag", f"the tag {node.tag!r} is not allowed here"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.path, line, "wrong-type", "a key must be a plain value"))
                continue
            key = self._scalar(key_node)
            if isinstance(key, dt.date | bool) or key is None:
                key = key_node.value
            if key in out:
                self.problems.append(
                    Problem(self.path, line, "duplicate-key", f"key {key!r} appears twice in the same mapping")
                )
                continue
            self.lines[(*loc, key)] = line
            self.seen.add(id(key_node))
            out[key] = self.convert(value_node, (*loc, key))
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:bool":
            return _TRUE_FALSE.get(node.value.lower(), node.value)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            # e.g. a timestamp such as 2024-13-45: keep the text so the model says "bad date"
            return node.value


def _too_deep_or_large(text: str, shown: Path) -> Problem | None:
    """Why the file is too deep or too big to compose, or None.

    Collections may nest MAX_DEPTH deep; a file may hold MAX_VALUES values (a 3.9 MB flow
    sequence of numbers took 23 s and 1.2 GB to compose: counting stops at the limit).

    libyaml's composer recurses once per level and, some tens of thousands of
    levels down, kills the interpreter (a segfault, not a RecursionError); the
    parser's event stream is flat, so depth is measured there before composing.
    A newer libyaml stops deep flow nesting in its own scanner (at 1,000 levels,
    which it reaches while looking ahead on the line where ours is passed): that
    error is the same finding on the same line.
    """
    depth = values = 0
    deep = f"nesting deeper than {MAX_DEPTH}"
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.NodeEvent):  # a scalar, an alias or the start of a collection
                values += 1
                if values > MAX_VALUES:
                    return Problem(
                        shown, _line(event), "file-too-large", f"more than {MAX_VALUES:,} values: split the file"
                    )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(shown, _line(event), "yaml-too-deep", deep)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" not in str(exc.problem) or exc.problem_mark is None:
            raise
        return Problem(shown, exc.problem_mark.line + 1, "yaml-too-deep", deep)
    return None


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 1


def read_yaml(path: Path, label: Path | None = None, root: Path | None = None) -> tuple[YamlDoc | None, list[Problem]]:
    """Read one YAML file; return the document (None when unreadable) and its problems.

    ``label`` is the path to show in messages (relative to the corpus) when it
    differs from the path to open; ``root``, when given, is the directory the file
    must resolve inside (see :func:`indexer.files.read_regular`).
    """
    shown = label or path
    try:
        raw = read_regular(path, root, MAX_FILE_BYTES)
    except FileRefused as exc:
        return None, [Problem(shown, 1, exc.code, exc.message)]
    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            return None, [Problem(shown, 1, "encoding", f"the file is {encoding}; save it as UTF-8")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [
            Problem(shown, line, "binary", "the file contains a NUL byte: binary, or text not saved as UTF-8")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "encoding", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})")]
    odd = _ODD_BREAK.search(text)
    if odd:
        char = odd.group()
        return None, [
            Problem(
                shown,
                text.count("\n", 0, odd.start()) + 1,
                "odd-line-break",
                f"U+{ord(char):04X} {_ODD_BREAKS[char]} (pasted from a word processor?): replace it by a space "
                "or a new line",
            )
        ]
    stray = text.find("\ufeff")  # after the first character (decoding dropped a leading one)
    if stray >= 0:
        return None, [
            Problem(
                shown,
                text.count("\n", 0, stray) + 1,
                "encoding",
                "a byte order mark (U+FEFF) inside the file (two files joined?): delete it",
            )
        ]
    try:
        too = _too_deep_or_large(text, shown)
        if too is not None:
            return None, [too]
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as exc:  # not a MarkedYAMLError: its place is a position in the text
        line = text.count("\n", 0, min(exc.position, len(text))) + 1
        return None, [Problem(shown, line, "yaml-syntax", f"character U+{exc.character:04X} is not allowed in YAML")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, [Problem(shown, line, "yaml-syntax", what or "invalid YAML")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, "yaml-syntax", str(exc).splitlines()[0])]
    if node is None:
        return None, [Problem(shown, 1, "empty-file", "the file is empty")]
    conv = _Converter(shown)
    data = conv.convert(node, ())
    return YamlDoc(shown, data, conv.lines), conv.problems
