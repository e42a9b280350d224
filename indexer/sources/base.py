"""What every ingester returns, and the text helpers they share.

An ingester reads one official document (bytes) and returns a :class:`Document`:
the instrument's provisions in document order, each with its pinpoint as the
source writes it, its heading, its clean wording, and the editorial matter
(footnotes, amendment notes) kept apart from the wording.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from indexer.designators import LEAD_WORD


@dataclass(frozen=True)
class SourceProvision:
    """One unit of an official document (article, section, rule...)."""

    pinpoint: str  # as written, without the word "Article": "59", "18-bis", "31 bis", "§ 53", "5 kap. 16 §"
    heading: str  # "" when the source gives none
    text: str  # the wording: one line per paragraph or point, numbering kept
    notes: tuple[str, ...] = ()  # footnotes and editorial notes, never part of the wording
    amended_by: tuple[str, ...] = ()  # what the source says amended this unit
    status: str | None = None  # what the source says of its force: "prospective", "repealed"...

    def as_json(self) -> dict[str, object]:
        """The unit as a JSON-ready dict (the shape `lexcompare ingest --json` prints)."""
        return {
            "pinpoint": self.pinpoint,
            "heading": self.heading,
            "text": self.text,
            "notes": list(self.notes),
            "amended_by": list(self.amended_by),
            "status": self.status,
        }


@dataclass(frozen=True)
class Document:
    """An official document as an ingester read it."""

    format: str
    provisions: list[SourceProvision]
    title: str | None = None
    language: str | None = None
    in_force: str | None = None  # what the document says of its version ("2025-07-01", "1/1/2006")
    amended_by: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Unit:
    """A unit being read: what an ingester has gathered for one provision so far.

    Ingesters that need more state while reading (the heading level of a Markdown
    heading, a BOE disposition opened by its group heading) subclass it, and those
    whose units end differently override :meth:`provision`.
    """

    pinpoint: str
    heading: str = ""
    lines: list[str] = field(default_factory=list)  # "" between paragraphs that continue_line must not join
    notes: list[str] = field(default_factory=list)
    amended_by: list[str] = field(default_factory=list)
    status: str | None = None

    def continue_line(self, text: str) -> None:
        """Add words to the paragraph being read (hard-wrapped sources), or start one."""
        if self.lines and self.lines[-1]:
            self.lines[-1] = f"{self.lines[-1]} {text}"
        else:
            self.lines.append(text)

    def end_paragraph(self) -> None:
        """The next words start a new paragraph."""
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def provision(self) -> SourceProvision | None:
        """The finished unit (None: nothing worth keeping was read)."""
        return SourceProvision(
            pinpoint=self.pinpoint,
            heading=self.heading,
            text="\n".join(line for line in self.lines if line),
            notes=tuple(self.notes),
            amended_by=tuple(self.amended_by),
            status=self.status,
        )


U = TypeVar("U", bound=Unit)


class Units(Generic[U]):
    """The units of a document in reading order: at most one is open, and opening one closes it."""

    def __init__(self) -> None:
        self.read: list[SourceProvision] = []
        self.current: U | None = None

    def open(self, unit: U) -> U:
        """Close the open unit and start reading ``unit``."""
        self.close()
        self.current = unit
        return unit

    def close(self) -> None:
        """Finish the open unit, if any, into a provision."""
        if self.current is not None:
            provision = self.current.provision()
            if provision is not None:
                self.read.append(provision)
        self.current = None


MAX_BYTES = 25 * 1024 * 1024  # the largest official document read or fetched (the CESEDA file is 2 MB)


# --- text -------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_BEFORE_CLOSE = re.compile(r" +([,.;:!?)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) +")


def clean_line(text: str) -> str:
    """Normalise the white space of one line: no-break and thin spaces, runs, soft hyphens."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = text.replace("\n", " ")
    return _SPACES.sub(" ", text).strip()


def tidy_joins(text: str) -> str:
    """Remove the spaces that joining inline pieces puts before punctuation or inside brackets."""
    return _SPACE_AFTER_OPEN.sub(r"\1", _SPACE_BEFORE_CLOSE.sub(r"\1", text))


_CONTENTS_LINE = 300  # a contents entry holds at most a wrapped title, never a provision's text


def finish(units: list[SourceProvision]) -> list[SourceProvision]:
    """Merge the repeats a document produces (a table of contents before the body).

    When a pinpoint comes again and the earlier unit holds no more than a wrapped title
    (or a fifth of the later one's text), the earlier one was a contents line: the later
    unit takes its place and, if it has none, its heading (dropping the heading's echo
    that PDF conversions run into the text).
    """
    out: list[SourceProvision] = []
    seen: dict[str, int] = {}
    for unit in units:
        at = seen.get(unit.pinpoint)
        if at is not None and (len(out[at].text) < _CONTENTS_LINE or len(unit.text) > 5 * len(out[at].text)):
            if unit.heading:
                out[at] = unit
                continue
            heading, text = out[at].heading, unit.text
            first, _, rest = text.partition("\n")
            if heading and first.startswith(heading) and rest and len(first) < 250:
                heading, text = first, rest  # the body repeats the full title on a line of its own
            elif heading and text.startswith(heading + " "):
                text = text[len(heading) + 1 :]
            out[at] = replace(unit, heading=heading, text=text)
            continue
        seen.setdefault(unit.pinpoint, len(out))
        out.append(unit)
    return out


# --- pinpoints ----------------------------------------------------------------

_KAP = re.compile(r"^(\d+\s*[a-z]?)\s*kap\.?\s*(\d+\s*[a-z]?)\s*§?$", re.IGNORECASE)


def pinpoint_key(pinpoint: str) -> str:
    """A comparable form of a pinpoint: "Article 18-bis" and "art. 18 bis" give "18bis".

    Lower case; the word for "article"/"section"/"§" dropped; spaces, hyphens and
    ordinal marks removed; "5 kap. 16 §" gives "5kap16".
    """
    text = clean_line(pinpoint).lower().replace("<sup>", "").replace("</sup>", "")
    text = text.strip(" .:")
    for _ in range(2):  # "Art. §" and similar doubles
        text = LEAD_WORD.sub("", text).strip()
    text = re.sub(r"\s*§$", "", text)
    text = re.sub(r"^([lrd])\.\s*(?=\d)", r"\1", text)  # French codes: "L. 423-5" is "L423-5"
    kap = _KAP.match(text)
    if kap:
        return f"{_squash(kap.group(1))}kap{_squash(kap.group(2))}"
    return _squash(text)


def _squash(text: str) -> str:
    text = re.sub(r"[\s\-‐–º°ª]+", "", text).strip(".")
    # "article premier", "art. 1er" and "art. 1" are one article
    return re.sub(r"^(?:premier|première|1er|1re)(?![a-z])", "1", text)
