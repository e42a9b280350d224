"""Briefs: pinned provisions and good practices, or one comparison, ready to hand to someone.

A :class:`Brief` is assembled once from the corpus (:func:`build_brief` for pinned
records, :func:`comparison_brief` for a comparison) and then written in any of
:data:`BRIEF_FORMATS` by :func:`render`.  Every entry carries its pinpoint citation and
its "as of" dates (verified on, official text retrieved on); every document names
the dataset version and says how to cite the dataset.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from docx import Document
from docx.shared import Pt

from indexer.coded import coded, coded_topics
from indexer.compare import STATE_SYMBOL, CoverageRow, conditions_table, side_by_side
from indexer.corpus import Corpus
from indexer.errors import BadRequest
from indexer.export import dataset_version, how_to_cite
from indexer.models import CoverageState
from indexer.records import citation, jurisdiction_name, practice_citation, resolve_id, short_citation
from indexer.text import markdown_table, md_escape

#: format -> (MIME type, file extension)
BRIEF_FORMATS: dict[str, tuple[str, str]] = {
    "md": ("text/markdown", "md"),
    "csv": ("text/csv", "csv"),
    "json": ("application/json", "json"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}

DISCLAIMER = (
    "Legal information, not legal advice. Summaries and annotations are the dataset's own words; "
    "check the official text and its currency before relying on a provision."
)


@dataclass(frozen=True)
class Entry:
    """One provision or good practice as a brief shows it."""

    id: str
    kind: str  # "provision" or "practice"
    jurisdiction: str
    jurisdiction_name: str
    citation: str  # enough to find the text: instrument, official citation, pinpoint
    heading: str
    summary: str
    conditions: tuple[tuple[str, str], ...] = ()
    notes: tuple[tuple[str, str], ...] = ()  # labelled paragraphs: annotation, evidence, praise...
    topics: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    status: str = ""
    verification: str = ""
    verified_on: dt.date | None = None
    url: str | None = None
    official_text: str | None = None
    official_source: str | None = None
    official_retrieved: dt.datetime | None = None


@dataclass(frozen=True)
class Table:
    """A captioned table (coverage, conditions side by side, treaty status)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Brief:
    """A document ready to render: header facts, tables and entries."""

    title: str
    generated: dt.date
    dataset_version: str
    how_to_cite: str
    entries: tuple[Entry, ...]
    tables: tuple[Table, ...] = ()
    coverage: tuple[CoverageRow, ...] = field(default=())


# --- assembling ----------------------------------------------------------------


def _provision_entry(corpus: Corpus, pid: str, official: Mapping[str, Mapping[str, Any]]) -> Entry:
    entry = corpus.provisions[pid]
    prov = entry.provision
    instrument = corpus.instruments[entry.instrument_id].instrument
    conditions = conditions_table(corpus, [pid]).rows
    notes = [("Annotation", prov.annotation)]
    if prov.plain_summary:
        notes.insert(0, ("In plain language", prov.plain_summary))
    if prov.good_practice:
        notes.append(("Good practice", f"{prov.good_practice.why} (according to {prov.good_practice.by})"))
    notes += [("Case law", case.citation) for case in prov.case_law]
    if prov.verification.note:
        notes.append(("Verification note", prov.verification.note))
    text = official.get(pid) or {}
    retrieved = text.get("official_retrieved")
    return Entry(
        id=pid,
        kind="provision",
        jurisdiction=entry.jurisdiction,
        jurisdiction_name=jurisdiction_name(corpus, entry.jurisdiction),
        citation=citation(corpus, pid),
        heading=prov.heading,
        summary=prov.summary.strip(),
        conditions=tuple((label, values[0]) for label, values in conditions if values[0]),
        notes=tuple((label, value.strip()) for label, value in notes),
        topics=tuple(prov.topics),
        standards=tuple(prov.standards),
        status=prov.status.value,
        verification=prov.verification.status.value,
        verified_on=prov.verification.date,
        url=instrument.identifiers.url or instrument.identifiers.eli,
        official_text=text.get("official_text"),
        official_source=text.get("official_source"),
        official_retrieved=dt.datetime.fromisoformat(retrieved) if retrieved else None,
    )


def _practice_entry(corpus: Corpus, pid: str) -> Entry:
    entry = corpus.practices[pid]
    practice = entry.practice
    notes = [("Evidence", practice.evidence)]
    notes.append(("Evaluated by", practice.evaluation()))
    if practice.praised_by:
        notes.append(("Praised by", "; ".join(practice.praised_by)))
    notes += [("Source", _source_line(s.title, s.publisher, s.url)) for s in practice.sources]
    return Entry(
        id=pid,
        kind="practice",
        jurisdiction=entry.jurisdiction,
        jurisdiction_name=jurisdiction_name(corpus, entry.jurisdiction),
        citation=practice_citation(corpus, pid),
        heading=practice.title,
        summary=practice.summary.strip(),
        notes=tuple((label, value.strip()) for label, value in notes),
        topics=tuple(practice.topics),
        verification=practice.verification.status.value,
        verified_on=practice.verification.date,
        url=practice.sources[0].url,
    )


def _source_line(title: str, publisher: str | None, url: str | None) -> str:
    return ", ".join(part for part in (title, publisher, url) if part)


def entries(
    corpus: Corpus, ids: Iterable[str], official: Mapping[str, Mapping[str, Any]] | None = None
) -> tuple[Entry, ...]:
    """The brief entries of these provision and practice ids, in order, each once.

    ``official`` maps provision ids to their stored index documents (what
    ``Index.document`` returns); the official wording and its retrieval date come from there.
    """
    official = official or {}
    seen: dict[str, Entry] = {}
    for record_id in ids:
        rid = resolve_id(corpus, record_id)
        if rid not in seen:
            is_provision = rid in corpus.provisions
            seen[rid] = _provision_entry(corpus, rid, official) if is_provision else _practice_entry(corpus, rid)
    return tuple(seen.values())


def build_brief(
    corpus: Corpus,
    ids: Iterable[str],
    *,
    title: str = "Brief",
    official: Mapping[str, Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
) -> Brief:
    """A brief of pinned provisions and practices (unknown ids raise :class:`NotFound`)."""
    return Brief(
        title=title.strip() or "Brief",
        generated=today or dt.date.today(),
        dataset_version=dataset_version(corpus),
        how_to_cite=how_to_cite(corpus),
        entries=entries(corpus, ids, official),
    )


def _conditions_table(corpus: Corpus, provision_ids: Sequence[str]) -> Table | None:
    table = conditions_table(corpus, list(provision_ids))
    rows = tuple((label, *(value or "—" for value in values)) for label, values in table.rows)
    if not rows:
        return None
    header = (
        "Condition",
        *(f"{corpus.provisions[pid].jurisdiction} {short_citation(corpus, pid)}" for pid in table.ids),
    )
    return Table("Conditions side by side (— = not recorded)", header, rows)


def _coded_tables(corpus: Corpus, topic: str, codes: Sequence[str]) -> list[Table]:
    """The coded comparison of ``topic`` as two tables, values with pinpoint citations, then the assessment."""
    rows = [code for code in codes if code in corpus.codings]
    if topic not in coded_topics(corpus) or not rows:
        return []
    result = coded(corpus, topic, rows)

    def cited(text: str) -> str:
        pid, _, pin = text.partition(" ")
        pid = corpus.aliases.get(pid, pid)
        where = short_citation(corpus, pid) if pid in corpus.provisions else pid
        return f"{where} {pin}".strip()

    def cell(jurisdiction: str, variable: str) -> str:
        c = result.cell(jurisdiction, variable)
        return c.text + (f" ({'; '.join(cited(t) for t in c.citations)})" if c.citations else "")

    values = Table(
        f"Coded values: {result.topic_label} (unknown = not established from a source we hold)",
        ("Variable", *(jurisdiction_name(corpus, code) for code in rows)),
        tuple((v.label, *(cell(code, v.id) for code in rows)) for v in result.variables),
    )
    assessment = Table(
        f"Assessment against the standards: {result.label}",
        ("Jurisdiction", "Standard", "State", "Reasons"),
        tuple(
            (
                jurisdiction_name(corpus, a.jurisdiction),
                a.standard,
                a.state.value,
                "; ".join(a.reasons + a.finding_lines()),
            )
            for a in result.assessments
        ),
    )
    return [values, assessment]


def comparison_brief(
    corpus: Corpus,
    *,
    topic: str | None = None,
    standard: str | None = None,
    jurisdictions: Sequence[str] = (),
    official: Mapping[str, Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
) -> Brief:
    """A comparison of jurisdictions on one topic or one standard, gaps included.

    With no ``jurisdictions``, every jurisdiction is compared.
    """
    coverage = side_by_side(corpus, topic=topic, standard=standard, jurisdictions=jurisdictions)
    ids = [rid for row in coverage for rid in row.entry_ids]
    if topic is not None:
        label = corpus.topics[topic].label
        table = Table(
            f"Coverage: {label}",
            ("Jurisdiction", "State", "Provisions and practices", "Note"),
            tuple(
                (
                    jurisdiction_name(corpus, row.jurisdiction),
                    STATE_SYMBOL[CoverageState(row.state)],
                    str(len(row.entry_ids)),
                    row.note,
                )
                for row in coverage
            ),
        )
        title = f"Comparison: {label}"
    else:
        table = Table(
            f"Provisions related to {standard}",
            ("Jurisdiction", "Treaty status", "Provisions"),
            tuple(
                (
                    jurisdiction_name(corpus, row.jurisdiction),
                    row.note or "not recorded",
                    "; ".join(corpus.provisions[pid].provision.pinpoint for pid in row.entry_ids)
                    or "no provision linked",
                )
                for row in coverage
            ),
        )
        title = f"Comparison: {standard}"
    provision_ids = [pid for pid in ids if pid in corpus.provisions]
    codes = [row.jurisdiction for row in coverage]
    tables = [table, *(_coded_tables(corpus, topic, codes) if topic is not None else [])]
    if len(provision_ids) > 1:
        conditions = _conditions_table(corpus, provision_ids)
        if conditions:
            tables.append(conditions)
    return Brief(
        title=title,
        generated=today or dt.date.today(),
        dataset_version=dataset_version(corpus),
        how_to_cite=how_to_cite(corpus),
        entries=entries(corpus, ids, official),
        tables=tuple(tables),
        coverage=tuple(coverage),
    )


# --- writing -------------------------------------------------------------------


def as_of(entry: Entry) -> str:
    """The entry's currency line: verification status and date, official text retrieval date."""
    parts = [f"verification: {entry.verification}"]
    parts.append(f"verified on {entry.verified_on.isoformat()}" if entry.verified_on else "no verification date")
    if entry.official_retrieved:
        parts.append(f"official text retrieved on {entry.official_retrieved.date().isoformat()}")
    if entry.status:
        parts.append(f"status: {entry.status}")
    return "; ".join(parts)


def _header_lines(brief: Brief) -> list[tuple[str, str]]:
    return [
        ("As of", f"{brief.generated.isoformat()}, dataset version {brief.dataset_version}"),
        ("How to cite this dataset", brief.how_to_cite),
        ("Note", DISCLAIMER),
    ]


def _wording_source(entry: Entry) -> str:
    retrieved = entry.official_retrieved.date().isoformat() if entry.official_retrieved else "an unknown date"
    return f"{entry.official_source or 'the official source'}, retrieved {retrieved}"


def to_markdown(brief: Brief) -> str:
    """The brief as a Markdown document."""
    out = [f"# {md_escape(brief.title)}", ""]
    out += [f"**{label}:** {md_escape(value)}  " for label, value in _header_lines(brief)]
    for table in brief.tables:
        out += ["", f"## {md_escape(table.caption)}", "", *markdown_table(table.header, table.rows)]
    for n, entry in enumerate(brief.entries, 1):
        out += ["", f"## {n}. {md_escape(entry.citation)}", ""]
        out.append(f"**{md_escape(entry.heading)}** — {md_escape(entry.jurisdiction_name)}; {md_escape(as_of(entry))}")
        out += ["", md_escape(entry.summary)]
        if entry.conditions:
            out += ["", "**Conditions**", ""]
            out += [f"- {md_escape(label)}: {md_escape(value)}" for label, value in entry.conditions]
        for label, value in entry.notes:
            out += ["", f"**{md_escape(label)}:** {md_escape(value)}"]
        if entry.official_text:
            out += ["", "**Official wording:**", ""]
            out += ["> " + md_escape(line) if line.strip() else ">" for line in entry.official_text.splitlines()]
            out += ["", f"*From:* {md_escape(_wording_source(entry))}"]
        if entry.standards:
            out += ["", f"**Standards:** {md_escape(', '.join(entry.standards))}"]
        if entry.url:
            out += ["", f"**Source:** <{entry.url}>"]
        out += ["", f"Record id: `{entry.id}`"]
    return "\n".join(out) + "\n"


_CSV_COLUMNS = (
    "jurisdiction",
    "subject",
    "coverage",
    "id",
    "kind",
    "citation",
    "heading",
    "summary",
    "conditions",
    "standards",
    "verification",
    "verified_on",
    "official_text_retrieved",
    "status",
    "url",
    "as_of",
    "dataset_version",
    "how_to_cite",
)


def _csv_row(brief: Brief, entry: Entry | None, jurisdiction: str, subject: str, state: str) -> list[str]:
    # every row names the dataset it comes from, so a row pasted elsewhere stays citable
    cite = [brief.generated.isoformat(), brief.dataset_version, brief.how_to_cite]
    if entry is None:
        return [jurisdiction, subject, state] + [""] * (len(_CSV_COLUMNS) - 6) + cite
    return [
        jurisdiction,
        subject,
        state,
        entry.id,
        entry.kind,
        entry.citation,
        entry.heading,
        entry.summary,
        "; ".join(f"{label}: {value}" for label, value in entry.conditions),
        "; ".join(entry.standards),
        entry.verification,
        entry.verified_on.isoformat() if entry.verified_on else "",
        entry.official_retrieved.date().isoformat() if entry.official_retrieved else "",
        entry.status,
        entry.url or "",
        *cite,
    ]


def to_csv(brief: Brief) -> str:
    """One row per entry; a comparison has one row per jurisdiction and entry, gaps as rows of their own."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    if brief.coverage:
        by_id = {e.id: e for e in brief.entries}
        for row in brief.coverage:
            if not row.entry_ids:
                writer.writerow(_csv_row(brief, None, row.jurisdiction, row.subject, row.state))
            for rid in row.entry_ids:
                writer.writerow(_csv_row(brief, by_id[rid], row.jurisdiction, row.subject, row.state))
    else:
        for entry in brief.entries:
            writer.writerow(_csv_row(brief, entry, entry.jurisdiction, "; ".join(entry.topics), ""))
    return buf.getvalue()


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(brief: Brief) -> str:
    """The brief as one JSON object (header, tables, coverage rows, entries)."""
    data = asdict(brief)
    data["disclaimer"] = DISCLAIMER
    return json.dumps(data, ensure_ascii=False, indent=2, default=_jsonable) + "\n"


def to_docx(brief: Brief) -> bytes:
    """The brief as a Word document."""
    doc = Document()
    doc.core_properties.title = brief.title
    doc.add_heading(brief.title, level=0)
    for label, value in _header_lines(brief):
        para = doc.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(value)
    for table in brief.tables:
        doc.add_heading(table.caption, level=1)
        grid = doc.add_table(rows=1, cols=len(table.header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for row in table.rows:
            for cell, text in zip(grid.add_row().cells, row, strict=True):
                cell.text = text
    for n, entry in enumerate(brief.entries, 1):
        doc.add_heading(f"{n}. {entry.citation}", level=1)
        para = doc.add_paragraph()
        para.add_run(entry.heading).bold = True
        para.add_run(f" — {entry.jurisdiction_name}; {as_of(entry)}")
        doc.add_paragraph(entry.summary)
        if entry.conditions:
            doc.add_heading("Conditions", level=2)
            for label, value in entry.conditions:
                item = doc.add_paragraph(style="List Bullet")
                item.add_run(f"{label}: ").bold = True
                item.add_run(value)
        for label, value in entry.notes:
            para = doc.add_paragraph()
            para.add_run(f"{label}: ").bold = True
            para.add_run(value)
        if entry.official_text:
            doc.add_heading("Official wording", level=2)
            quote = doc.add_paragraph(entry.official_text, style="Quote")
            quote.runs[0].font.size = Pt(10)
            source = doc.add_paragraph()
            source.add_run("From: ").bold = True
            source.add_run(_wording_source(entry))
        extra = [
            ("Standards", ", ".join(entry.standards)),
            ("Source", entry.url or ""),
            ("Record id", entry.id),
        ]
        for label, value in extra:
            if value:
                para = doc.add_paragraph()
                para.add_run(f"{label}: ").bold = True
                para.add_run(value)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render(brief: Brief, fmt: str) -> bytes:
    """The brief in ``fmt`` (a key of :data:`BRIEF_FORMATS`) as bytes ready to download or write."""
    writers = {"md": to_markdown, "csv": to_csv, "json": to_json}
    if fmt == "docx":
        return to_docx(brief)
    if fmt not in writers:
        raise BadRequest(f"unknown format {fmt!r} (choose from {', '.join(BRIEF_FORMATS)})")
    return writers[fmt](brief).encode("utf-8")


def filename(brief: Brief, fmt: str) -> str:
    """A download file name: the title as a slug, the date and the format's extension."""
    slug = re.sub(r"[^a-z0-9]+", "-", brief.title.lower()).strip("-")[:60] or "brief"
    return f"{slug}-{brief.generated.isoformat()}.{BRIEF_FORMATS[fmt][1]}"
