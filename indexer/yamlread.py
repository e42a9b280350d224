"""Safe YAML reading that remembers where every value was written.

PyYAML's ``safe_load`` forgets positions, so we compose the node graph and
convert it ourselves, keeping a map from each value's path (keys and list
indices) to its line.  Along the way we reject what a corpus file never needs
and what could hurt: duplicate keys, anchors and aliases (no "billion laughs"),
oversized files, binary junk and invalid UTF-8.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from indexer.corpus import Problem

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64

Loc = tuple[str | int, ...]

# YAML 1.1 reads yes/no/on/off as booleans, which turns Norway ("NO") into
# False.  Only true/false are booleans here; the rest stay strings.
_TRUE_FALSE = {"true": True, "false": False}
# libyaml's composer when PyYAML was built with it (10x faster); both give the same nodes and marks
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


class YamlDoc:
    """A parsed YAML document: its data and the line of every value in it."""

    def __init__(self, path: Path, data: Any, lines: dict[Loc, int]):
        self.path = path
        self.data = data
        self.lines = lines

    def line(self, loc: Iterable[str | int]) -> int:
        """The line of the deepest part of ``loc`` that exists (1 for the document)."""
        parts = tuple(loc)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), 1)

    def problem(self, loc: Iterable[str | int], code: str, message: str) -> Problem:
        return Problem(self.path, self.line(loc), code, message)


class _Converter:
    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def convert(self, node: yaml.Node, loc: Loc, depth: int = 0) -> Any:
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
        if depth > MAX_DEPTH:
            self.problems.append(Problem(self.path, line, "yaml-too-deep", f"nesting deeper than {MAX_DEPTH}"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
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
            out[key] = self.convert(value_node, (*loc, key), depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:bool":
            return _TRUE_FALSE.get(node.value.lower(), node.value)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            # e.g. a timestamp such as 2024-13-45: keep the text so the model says "bad date"
            return node.value


def read_yaml(path: Path, label: Path | None = None) -> tuple[YamlDoc | None, list[Problem]]:
    """Read one YAML file; return the document (None when unreadable) and its problems.

    ``label`` is the path to show in messages (relative to the corpus) when it
    differs from the path to open.
    """
    shown = label or path
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, "unreadable", f"cannot read the file: {exc.strerror or exc}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(shown, 1, "file-too-large", f"{len(raw):,} bytes; a corpus file may have {MAX_FILE_BYTES:,}")
        ]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(shown, line, "binary", "the file contains a NUL byte: not a text file")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "encoding", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})")]
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(part) for part in (exc.problem, exc.context) if part)
        return None, [Problem(shown, line, "yaml-syntax", what or "invalid YAML")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, "yaml-syntax", str(exc).splitlines()[0])]
    except RecursionError:
        return None, [Problem(shown, 1, "yaml-too-deep", "the document is nested too deeply")]
    if node is None:
        return None, [Problem(shown, 1, "empty-file", "the file is empty")]
    conv = _Converter(shown)
    data = conv.convert(node, ())
    return YamlDoc(shown, data, conv.lines), conv.problems
