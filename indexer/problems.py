"""What can be wrong in the corpus: :class:`Problem`, and every problem code with a title and what it means.

A :class:`Problem` carries one of these slug codes. To add a code, add ONE line
to the table below (``code | title | what is wrong and how to fix it``), then
emit it. ``tests/test_problems.py`` fails on a code that is emitted but not
registered, and when ``corpus/README.md`` does not hold the table that
``lexcompare validate --explain all`` prints (paste it there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import BadRequest
from indexer.text import did_you_mean, markdown_table

# what could make a printed path forge or hide a `path:line: [code]` line: control characters (a newline,
# ESC), ':' (the separator), '\\' (the escape), bytes that are not UTF-8, and bidirectional overrides
_UNSAFE_IN_PATH = re.compile("[\x00-\x1f\x7f-\x9f:\\\\\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\udc80-\udcff]")


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as the file system gave it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown_path(path: Path | str) -> str:
    """``path`` as one line of text that cannot be taken for another path or line: odd characters escaped."""
    return _UNSAFE_IN_PATH.sub(lambda m: _escape(m.group()), str(path))


def json_path(path: Path | str) -> str:
    """``path`` as a JSON-ready string: bytes that are not UTF-8 become ``\\xNN`` (JSON escapes the rest)."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the corpus, pointing at the file and line to fix."""

    path: Path
    line: int
    code: str  # a slug: yaml-syntax, unknown-topic, duplicate-id, ...
    message: str

    def __str__(self) -> str:
        return f"{shown_path(self.path)}:{self.line}: [{self.code}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"path": json_path(self.path), "line": self.line, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    explanation: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.title}\n{self.explanation}"


#: one line a code: ``code | title | what is wrong and how to fix it`` (lines starting "#" head a group)
_REGISTRY = """
# reading a file
unreadable | File cannot be read | The file could not be opened: check it exists and is readable.
outside-corpus | Link outside the corpus | A symlink leading outside corpus/ is never read: copy the file in.
not-a-file | Not a regular file | A FIFO, device or socket where a corpus file should be: never opened.
file-too-large | File too large | A corpus file is limited in size; split the instrument or practices.
encoding | Not UTF-8 | Corpus files are UTF-8 text; save it as UTF-8 (not UTF-16 or Latin-1).
binary | Binary content | The file holds a NUL byte: binary, or text saved in another encoding.
odd-line-break | Odd line break | A line separator pasted from a word processor: make it a space or a new line.
empty-file | Empty file | The file holds no YAML document; remove it or write its records.
yaml-syntax | YAML syntax error | Not valid YAML; the line named is where the parser gave up.
yaml-too-deep | Nesting too deep | Mappings and lists nest deeper than any corpus record needs.
yaml-alias | Anchor or alias | YAML anchors (&) and aliases (*) are not allowed: write values out.
yaml-tag | YAML tag | Tags such as !!python/object are not allowed in corpus files.
duplicate-key | Duplicate key | A key appears twice in one mapping; YAML would keep only the last.
# the corpus's files and their shape
missing-file | Missing file | The corpus needs jurisdictions.yaml, topics.yaml and vocabulary.yaml.
unknown-file | Unknown file | Not a file name the corpus knows; corpus/README.md shows the layout.
bad-path | Misplaced file | Corpus files end in .yaml and live in corpus/<lower-case code>/.
wrong-type | Wrong type | A value has the wrong shape (a list where a mapping belongs, ...).
missing-field | Missing field | A required field is absent; corpus/README.md lists each record's fields.
unknown-field | Unknown field | The record has a field its model does not know: often a misspelt name.
empty-field | Empty field | A field that must say something is empty.
empty-summary | Empty summary | A provision or practice needs a summary in our own words.
too-few | Too few values | A list has fewer entries than the field needs (a practice needs a source).
too-many | Too many values | A list has more entries than the field allows.
bad-value | Value not allowed | Not one of the values the field allows; the message says which.
bad-id | Malformed id | Slugs are lower-case letters, digits and hyphens; codes follow ISO 3166.
bad-date | Malformed date | Dates are written YYYY-MM-DD and must be real calendar dates.
duplicate-id | Duplicate id | Two records (or a record and an alias) share one id.
duplicate-instrument | Instrument in two files | Two files of one jurisdiction share a citation, ELI or CELEX: keep one.
# cross-record checks
unknown-topic | Unknown topic | The topic id is not defined in topics.yaml.
unknown-target-person | Unknown target person | The target person is not defined in vocabulary.yaml.
unknown-standard | Unknown standard | Not a standard of vocabulary.yaml, or not written as coe-istanbul:59(1).
unknown-jurisdiction | Unknown jurisdiction | The jurisdiction code is not defined in jurisdictions.yaml.
dangling-reference | Dangling reference | A provision or instrument referred to is not in the corpus.
hierarchy-cycle | Hierarchy loops | A parent or broader link leads back to where it started.
jurisdiction-mismatch | Jurisdiction mismatch | An instrument's jurisdiction is not its directory's.
name-twice | A name for two things | A name, alias or abbreviation that names two things; keep it on one.
# coverage
coverage-derived | Derived state written | 'provisions' follows from the data; do not write it.
coverage-contradiction | Coverage contradicts data | A stated 'none', 'unknown' or 'n/a' where provisions exist.
coverage-unsourced | Unsourced 'none' | 'none' needs the source that says so.
coverage-missing | Coverage not stated | A core topic with no provision and no stated state: write 'unknown'.
# good practice
practice-unlinked | Practice without provisions | A practice names no provision it works with (related_provisions).
# the codebook and each jurisdiction's coding
coding-missing | Coding missing | A jurisdiction that is not a region or city has no coding.yaml.
coding-missing-variable | Variable not answered | A coding leaves a variable out; write its value, or 'unknown'.
coding-unknown-variable | Unknown variable | A coding answers a variable the codebook does not define.
coding-bad-value | Value not allowed | A coded value is not one the variable's type and values allow.
coding-off-topic | Provision off topic | A cited provision does not carry the topic it is cited for.
coding-unknown-unexplained | Unexplained 'unknown' | 'unknown' beside a cited provision needs a note saying why.
coding-uncited | Coded value uncited | A value cites no provision and no note says what it rests on.
rule-bad-reference | Rule refers to nothing | A rule names something that does not exist, or tests a variable wrongly.
# the official-text configuration (sources.yaml)
unknown-instrument | Unknown instrument | sources.yaml names an instrument not in the corpus.
unknown-provision | Unknown provision | sources.yaml names a slug its instrument lacks.
"""
CODES: dict[str, Code] = {
    code.code: code
    for code in (
        Code(*(part.strip() for part in line.split("|", 2)))
        for line in _REGISTRY.strip().splitlines()
        if not line.startswith("#")
    )
}


def explain(code: str) -> Code:
    """The registered code; :class:`BadRequest` (with the nearest code) for one that is not."""
    if code in CODES:
        return CODES[code]
    raise BadRequest(f"no problem code {code!r}{did_you_mean(code, CODES)}")


def codes_markdown() -> str:
    """Every code as a Markdown table: what ``corpus/README.md`` lists."""
    rows = [(c.code, c.title, c.explanation) for c in CODES.values()]
    return "\n".join(markdown_table(("code", "title", "what it means"), rows))
