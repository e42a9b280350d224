"""Markdown conversions of official texts (the legalize-* and laws-markdown projects).

A provision starts at a heading that names one ("#### Article 13", "### § 53.Tittel",
"##### 15 §", "###### Artículo 31 bis. Título", "##### Άρθρο 90: Τίτλος",
"#### Art. 1<sup>er</sup>.", a bare "##### 1" for a UK section).  Its heading is
the rest of that line, else the heading or short title line right after it, else
(for bare numbers) the cross-heading right before it.  Division headings
(chapters, parts) close it.  Block quotes are editorial notes (amendment
history), footnote definitions are notes, "[... omitted ...]" markers are the
transcriber's and are left out.  When a second language follows the first
("Artikel 59" after "Article 59"), only the first is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.sources.base import Document, SourceProvision, Unit, Units, clean_line, finish, tidy_joins

FORMAT = "markdown"

_LATIN = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)"
# "5", "18 a", "1<sup>er</sup>", "31 bis", "3.80a" and "2aa" (Dutch), "515-13-1" (French codes)
_NUM = rf"\d+(?:[.-]\d+)*(?:[a-z]{{1,2}}(?![a-z])|\s[a-z](?![a-z]))?(?:<sup>[a-z]+</sup>|er)?(?:[\s-]?{_LATIN})?"
# the French codes' "L423-5", "R*311-1", "D311-1" and "Article Annexe 3"
_CODE_NUM = rf"(?:[LRD]\*?(?=\d){_NUM}|Annexe \d+)"
_ARTICLE = re.compile(
    rf"^(?P<word>Article|Artikel|Artículo|Articulo|Articolo|Artigo|Art\.|Άρθρο|Článek|Čl\.|Artikkel)\s*"
    rf"(?P<num>{_CODE_NUM}|{_NUM})\s*(?:\.?[º°ª])?\s*[.:]?\s*(?P<heading>.*)$",
    re.IGNORECASE,
)
_SECTION_SIGN = re.compile(rf"^§\s*(?P<num>{_NUM})\s*\.?\s*(?P<heading>.*)$")
_KAP = re.compile(r"^(?P<num>\d+\s*[a-z]?\s*kap\.\s*\d+\s*[a-z]?\s*§)\s*(?P<heading>.*)$")
_TRAILING_SIGN = re.compile(r"^(?P<num>\d+\s*[a-z]?)\s*§\s*(?P<heading>.*)$")
_BARE = re.compile(r"^(?P<num>\d+(?:\.\d+)*[A-Z]{0,3})$")
# a chapter code ("B8" in the Vreemdelingencirculaire) that numbers its sections "B8/2.1"
_CHAPTER_CODE = re.compile(r"^[A-Z]\d+[a-z]?$")
_DIVISION = re.compile(
    r"^(?:CHAPTER|Chapter|CHAPITRE|Chapitre|Kapittel|KAPITEL|Kapitel|HLAVA|ČÁST|Díl|DÍL|TÍTULO|Título|CAPÍTULO|"
    r"Capítulo|CAPO|Capo|TITOLO|Titolo|SECTION|Section|SECCIÓN|Sección|Sezione|PART|Part|ΜΕΡΟΣ|ΚΕΦ|ΤΜΗΜΑ|"
    r"TITLE|Title|TITRE|Titre|BOOK|LIVRE|Livre|LIBRO|ANNEX|Annex|ANNEXE|Appendix|APPENDIX|Bilaga|Preamble|Vedlegg|"
    r"Partie|PARTIE|Sous-section|Sous-titre|Paragraphe|Abschnitt|Unterabschnitt|Hoofdstuk|Afdeling|Paragraaf|"
    r"Subparagraaf|Titel)\b"
)
_HEADING_LINE = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
# YAML front matter, after at most three stray title lines (the German conversions put the
# first lines of a long title before the "---")
_FRONT_MATTER = re.compile(r"\A((?:[^\n-][^\n]*\n){0,3})---\n(.*?)\n---\n", re.DOTALL)
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_OMISSION = re.compile(r"^\[\s*(?:\.\.\.|…).*(?:\.\.\.|…)\s*\]$")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*{1,3})(\S(?:.*?\S)?)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_MARKER_ONLY = re.compile(r"^(?:\(\d+[a-z]?\)|\d+[a-z]?[.)]|\([a-z]{1,4}\)|[a-z]\))$")
_NUMBERED = re.compile(r"^(?:\(?\d+[a-z]?[.)]|\([a-z]{1,4}\)|[a-zα-ω]{1,2}[.)])\s")
_AMENDMENT = re.compile(
    r"\b(?:Endret|Endra|Tilføyd|Opphevet|Se modifica|Se añade|Se suprime|Se deroga|Redacción|Amended|Inserted|"
    r"Substituted|Repealed|Omitted|Lag \(\d{4}:\d+\))",
)
_STATUS_LINES = re.compile(r"^(?:Treedt in werking op een nader te bepalen tijdstip|Geldend van .*|Vervallen.*)$")
_REPEALED = re.compile(
    r"^\((?:Opphevet|Oppheva|Opphevd|Repealed|Derogado|Abrogato|Upphävd|weggefallen|aufgehoben)\)$", re.IGNORECASE
)
_SFS_STAMP = re.compile(r"\s*\*?(?P<stamp>(?:Lag|Förordning) \(\d{4}:\d+\))\*?\.?\s*$")


def inline(text: str) -> str:
    """Markdown inline markup to plain text: links, emphasis, escapes, tags, footnote markers."""
    text = _FOOTNOTE_REF.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = text.replace("<sup>", "").replace("</sup>", "")
    text = _TAG.sub("", text)
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text)
    return clean_line(text)


@dataclass
class Block:
    """A heading, paragraph (with its source lines), quote, omission marker or footnote."""

    kind: str  # heading, para, quote, omission, footnote
    text: str
    level: int = 0
    lines: list[str] = field(default_factory=list)


def _blocks(body: str) -> list[Block]:
    """Split Markdown into headings, paragraphs (with their lines), quotes and notes."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("para", " ".join(para), lines=list(para)))
            para.clear()

    for raw in body.splitlines():
        line = raw.rstrip("\n")
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        heading = _HEADING_LINE.match(stripped)
        if heading and not stripped.startswith("#!"):
            flush()
            blocks.append(Block("heading", heading.group(2), level=len(heading.group(1))))
            continue
        if re.fullmatch(r"=+|-{3,}", stripped) and para:
            # a setext underline turns the paragraph above into a heading
            text = " ".join(para)
            para.clear()
            blocks.append(Block("heading", text, level=1 if stripped[0] == "=" else 2))
            continue
        if stripped.startswith(">"):
            flush()
            blocks.append(Block("quote", stripped.lstrip("> ").strip()))
            continue
        if _OMISSION.match(stripped):
            flush()
            blocks.append(Block("omission", stripped))
            continue
        footnote = _FOOTNOTE_DEF.match(stripped)
        if footnote:
            flush()
            blocks.append(Block("footnote", f"{footnote.group(1)}: {footnote.group(2)}"))
            continue
        indented_break = line.startswith("   ") and not _hanging(para)
        if para and (_BULLET.match(line) or indented_break or para[-1].endswith("  ")):
            flush()
        para.append(line)
    flush()
    return blocks


def provision_start(text: str) -> tuple[str, str, str] | None:
    """(pinpoint, heading, kind) when a heading line names a provision."""
    plain = inline(text)
    for kind, pattern in (("article", _ARTICLE), ("kap", _KAP), ("sign", _SECTION_SIGN), ("trailing", _TRAILING_SIGN)):
        match = pattern.match(plain)
        if match:
            num = clean_line(match.group("num"))
            pinpoint = f"§ {num}" if kind == "sign" else num if kind != "trailing" else f"{num} §"
            word = match.group("word").lower() if kind == "article" else kind
            return pinpoint, clean_line(match.group("heading")).strip(" .:") if match.group("heading") else "", word
    bare = _BARE.match(plain)
    if bare:
        return bare.group("num"), "", "bare"
    return None


def _hanging(lines: list[str]) -> bool:
    """Whether a paragraph is one list item whose wrapped lines are indented under it.

    "1.  Schutz vor politischer Verfolgung nach Artikel 16a Absatz 1 des" followed by
    "    Grundgesetzes oder" is one item (the German conversions wrap at 70 characters).
    """
    return (
        bool(lines)
        and not lines[-1].endswith("  ")
        and bool(_BULLET.match(lines[0]) or _NUMBERED.match(inline(lines[0]) + " "))
    )


def _paragraph_text(block: Block) -> list[str]:
    """A paragraph's lines: hard breaks and list items stay lines, wrapped lines are joined."""
    out: list[str] = []
    hanging = _hanging(block.lines)
    for raw in block.lines:
        text = inline(_BULLET.sub("", raw))
        if not text:
            continue
        if hanging and out and raw.startswith("  ") and not _BULLET.match(raw):
            starts_item = False
        else:
            starts_item = bool(_BULLET.match(raw) or _NUMBERED.match(text) or raw.startswith("   "))
        if out and not starts_item and not block.lines[0].endswith("  "):
            out[-1] = tidy_joins(f"{out[-1]} {text}")
        else:
            out.append(text)
    return out


def _looks_like_heading(text: str) -> bool:
    """A short title line under a provision heading (EU and Greek conversions, Italian rubrics)."""
    if _MARKER_ONLY.match(text):
        return False
    if re.fullmatch(r"\(.*\)(?: \(.*\))?", text) and len(text) < 300:
        return True  # Italian rubric: "(Permesso di soggiorno ...)"
    return (
        0 < len(text) < 120
        and len(text.split()) <= 12
        and "," not in text
        and not text.endswith((".", ";", ":", "—", "-"))
        and not _NUMBERED.match(text + " ")
        and not _MARKER_ONLY.match(text)
        and text[:1].isupper()
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front matter's fields (keys in lower case) and the body after it."""
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if not match:
        return meta, text
    for line in match.group(2).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "[")):
            meta[key.strip().lower()] = value.strip().strip('"')
    stray = clean_line(match.group(1))
    if stray:
        meta["title"] = clean_line(f"{stray} {meta.get('title', '')}")
    return meta, text[match.end() :]


def parse(data: bytes) -> Document:
    """Read a Markdown conversion into its provisions."""
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").lstrip("\ufeff")
    comments = [clean_line(c) for c in _COMMENT.findall(text)]
    text = _COMMENT.sub("", text)
    text = re.sub(r"^\s*<meta[^>]*>\s*\n", "", text)
    meta, body = _front_matter(text.lstrip("\n"))
    return read_blocks(_blocks(body), meta, tuple(comments))


@dataclass
class _Section(Unit):
    """A provision being read from Markdown blocks."""

    level: int = 0  # its heading's level: plain headings at this level or below stay inside it
    fresh: bool = True  # nothing read under its heading yet: a title line may follow
    title_line: bool = False  # its heading is the first paragraph's one short line

    def provision(self) -> SourceProvision:
        lines, amended = list(self.lines), list(self.amended_by)
        if lines:
            stamp = _SFS_STAMP.search(lines[-1])
            if stamp:
                amended.append(stamp.group("stamp"))
                lines[-1] = lines[-1][: stamp.start()].rstrip()
        heading, text, status = self.heading, "\n".join(x for x in lines if x), self.status
        if not text and self.title_line:
            heading, text = "", heading  # the one short line under the number is the wording, not a title
        if _REPEALED.match(heading) or _REPEALED.match(text):
            status, text = "repealed", text or heading  # the source's own "(weggefallen)" is its wording
        elif not text and status:
            text = status  # "Vervallen per 01-01-2015" is all the source holds
        return SourceProvision(self.pinpoint, heading, text, tuple(self.notes), tuple(amended), status)


def read_blocks(
    blocks: list[Block], meta: dict[str, str], comments: tuple[str, ...] = (), fmt: str = FORMAT
) -> Document:
    """Provisions from a document already split into blocks (Markdown, or HTML turned into blocks)."""
    units: Units[_Section] = Units()
    doc_notes: list[str] = list(comments)
    blocks = _inside_structure(blocks, doc_notes)
    pending_heading = ""
    pending_bold = False
    first_word: str | None = None
    seen: set[str] = set()
    chapter = ""  # "B8/" while inside chapter B8 of a code numbered by chapter
    chapter_title = False  # the next plain heading is the chapter's title
    for index, block in enumerate(blocks):
        current = units.current
        if block.kind == "heading":
            start = provision_start(block.text)
            if start and chapter and start[2] != "bare":
                start = None  # sections of a chapter are numbered; "Artikel 1F ..." there cites another text
            if start:
                pinpoint, heading, word = start
                if word == "bare":
                    pinpoint = chapter + pinpoint
                if first_word is None and word not in ("bare",):
                    first_word = word
                elif word not in (first_word, "bare") and pinpoint in seen and _has_text(units.read, pinpoint):
                    doc_notes.append(f"a parallel text follows from '{inline(block.text)}'; it was not read")
                    break
                seen.add(pinpoint)
                if not heading and pending_heading and (pending_bold or word in ("bare", "trailing")):
                    heading = pending_heading
                units.open(_Section(pinpoint, heading, level=block.level))
                pending_heading, pending_bold, chapter_title = "", False, False
                continue
            plain = inline(block.text)
            if _CHAPTER_CODE.match(plain):
                units.close()
                chapter, chapter_title, pending_heading = f"{plain}/", True, ""
                continue
            if current is not None and current.fresh and not current.heading and not _DIVISION.match(plain):
                current.heading = plain.strip()
                current.fresh = False
                continue
            if current is not None and _inner_heading(blocks, index, current.level):
                current.fresh = False
                current.lines.append(plain.strip("* "))
                continue
            units.close()
            if chapter_title:
                chapter_title = False
                continue
            pending_heading, pending_bold = ("" if _DIVISION.match(plain) else plain), False
            continue
        if block.kind == "para" and _is_cross_heading(block, blocks, index):
            units.close()
            pending_heading, pending_bold = inline(block.text).strip("* "), True
            continue
        if current is None:
            if block.kind == "footnote":
                doc_notes.append(inline(block.text))
            continue
        if block.kind == "quote":
            note = inline(block.text)
            if note:
                (current.amended_by if _AMENDMENT.search(note) else current.notes).append(note)
            continue
        if block.kind == "footnote":
            current.notes.append(inline(block.text))
            continue
        if block.kind == "omission":
            doc_notes.append(block.text)
            units.close()
            continue
        lines = _paragraph_text(block)
        if not lines:
            continue
        if len(lines) == 1 and _STATUS_LINES.match(lines[0]):
            current.status = lines[0]
            continue
        if current.fresh and not current.heading and len(lines) == 1 and _looks_like_heading(lines[0]):
            current.heading, current.title_line, current.fresh = lines[0], True, False
            continue
        current.fresh = False
        body = current.lines
        if body and _MARKER_ONLY.match(body[-1]):
            body[-1] = f"{body[-1]} {lines[0]}"
            body.extend(lines[1:])
        else:
            body.extend(lines)
    units.close()
    return Document(
        format=fmt,
        provisions=_repeats(_with_text(finish(units.read), doc_notes), doc_notes),
        title=meta.get("title"),
        language=meta.get("lang") or meta.get("language"),
        in_force=meta.get("last_change_in_force") or meta.get("last_updated"),
        amended_by=(meta["last_changed_by"],) if meta.get("last_changed_by") else (),
        notes=tuple(doc_notes),
        meta={k: v for k, v in meta.items() if k in ("identifier", "source", "status", "publication_date")},
    )


def _repeats(units: list[SourceProvision], notes: list[str]) -> list[SourceProvision]:
    """Name the pinpoints that come more than once with different wording (versions a conversion repeats)."""
    wordings: dict[str, set[str]] = {}
    for unit in units:
        wordings.setdefault(unit.pinpoint, set()).add(unit.text)
    repeated = [pinpoint for pinpoint, texts in wordings.items() if len(texts) > 1]
    if repeated:
        notes.append(
            "pinpoints given more than once with different wording (check which is current): " + ", ".join(repeated)
        )
    return units


def _with_text(units: list[SourceProvision], notes: list[str]) -> list[SourceProvision]:
    """The units that hold something: a numbered heading with nothing under it is left out.

    Such a heading divides the document ("§ 1" over Dutch articles, "B8/2" over "B8/2.1")
    or lost its text in the conversion; the document's notes name it.
    """
    kept = [u for u in units if u.text or u.status or u.notes or u.amended_by]
    empty = [f"{u.pinpoint} {u.heading}".strip() for u in units if u not in kept]
    if empty:
        notes.append("numbered headings with no text of their own, not read as provisions: " + "; ".join(empty))
    return kept


def _inside_structure(blocks: list[Block], notes: list[str]) -> list[Block]:
    """The blocks from the document's first top-level division on, when provisions stand before it.

    A code divided into parts ("## Partie législative", "## Partie réglementaire") holds all
    its provisions inside them; provisions the conversion put before the first part (the
    CESEDA file opens with old versions of articles under their pre-2021 numbers) are not
    part of the code.  They are left out and the document's notes say which.
    """
    levels = [
        (b.level, i)
        for i, b in enumerate(blocks)
        if b.kind == "heading" and provision_start(b.text) is None and _DIVISION.match(inline(b.text))
    ]
    if not levels:
        return blocks
    top = min(level for level, _ in levels)
    tops = [i for level, i in levels if level == top]
    if len(tops) < 2:
        return blocks
    before = [start[0] for b in blocks[: tops[0]] if b.kind == "heading" and (start := provision_start(b.text))]
    if not before:
        return blocks
    first = inline(blocks[tops[0]].text)
    notes.append(
        f"{len(before)} provisions before '{first}' stand outside the document's divisions and were not read: "
        + ", ".join(before)
    )
    return blocks[tops[0] :]


def _inner_heading(blocks: list[Block], index: int, level: int) -> bool:
    """A plain heading inside a unit: no higher than the unit's own, text under it.

    "### Huiselijk geweld" inside section "### 2.1" of the Vreemdelingencirculaire is part
    of that section, and so is a run of such headings ("Middelen", "Inkomsten uit arbeid").
    """
    for block in blocks[index:]:
        if block.kind == "para":
            return True
        plain = inline(block.text)
        start = provision_start(block.text)
        if (
            block.kind != "heading"
            or block.level < level
            or _DIVISION.match(plain)
            or _CHAPTER_CODE.match(plain)
            or (start is not None and start[2] == "bare")
        ):
            return False
    return False


def _has_text(units: list[SourceProvision], pinpoint: str) -> bool:
    return any(u.pinpoint == pinpoint and u.text for u in units)


def _is_cross_heading(block: Block, blocks: list[Block], index: int) -> bool:
    """A bold-only line right before a provision heading is that provision's heading (SFS style)."""
    text = block.text.strip()
    if not (text.startswith("**") and text.endswith("**") and len(block.lines) == 1):
        return False
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is not None and following.kind == "heading" and provision_start(following.text) is not None
