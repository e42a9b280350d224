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
from indexer.compare import STATE_SYMBOL, CoverageRow, conditions_table, coverage_matrix, side_by_side
from indexer.corpus import Corpus
from indexer.currency import source_entries
from indexer.errors import BadRequest
from indexer.export import dataset_version, how_to_cite
from indexer.models import CoverageState, TextVersion
from indexer.paths import permalink
from indexer.records import citation, jurisdiction_name, practice_citation, resolve_id, short_citation
from indexer.text import markdown_table, md_escape

#: format -> (MIME type, file extension)
BRIEF_FORMATS: dict[str, tuple[str, str]] = {
    "md": ("text/markdown", "md"),
    "csv": ("text/csv", "csv"),
    "json": ("application/json", "json"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "csl": ("application/vnd.citationstyles.csl+json", "csl.json"),
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
    link: str = ""  # the record's page in the app (its permalink)
    # what a citation manager needs (CSL-JSON): the instrument as titled and cited, the pinpoint, dates
    title: str = ""  # the instrument's original title (a practice's title)
    number: str = ""  # the instrument's official citation
    pinpoint: str = ""
    language: str = ""
    issued: dt.date | None = None  # the version cited: a consolidation's date, else the date enacted
    original_date: dt.date | None = None  # the date enacted, when a later consolidation is cited


@dataclass(frozen=True)
class Finding:
    """One coded value or assessment of one jurisdiction: a row of a comparison's CSV."""

    jurisdiction: str
    kind: str  # "coded value" or "assessment"
    subject: str  # the variable's label, or the standard
    value: str  # the coded value, or the assessment's state
    detail: str  # the provisions it rests on, or the reasons
    verification: str = ""
    verified_on: str = ""


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
    findings: tuple[Finding, ...] = ()
    permalink: str = ""  # the view of the app it was made from
    names: tuple[tuple[str, str], ...] = ()  # jurisdiction code -> name, for rows without an entry


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
        link=permalink("provision", {"id": pid}),
        title=instrument.title.original,
        number=instrument.citation,
        pinpoint=prov.pinpoint,
        language=instrument.language,
        **_version_dates(corpus, entry.instrument_id),
    )


def _version_dates(corpus: Corpus, instrument_id: str) -> dict[str, dt.date | None]:
    """``issued`` (the version of the text: a consolidation's date from ``sources.yaml``, else the date enacted)
    and ``original_date`` (the date enacted, when a consolidation is cited): only dates the data gives."""
    adopted = corpus.instruments[instrument_id].instrument.adopted
    source = source_entries(corpus).get(instrument_id)
    version = source.version_date if source else None
    if source and source.version is TextVersion.consolidated and version:
        return {"issued": version, "original_date": adopted}
    return {"issued": adopted or (version if source and source.version is TextVersion.original else None)}


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
        link=permalink("provision", {"id": pid}),
        title=practice.title,
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
    link: str = "",
) -> Brief:
    """A brief of pinned provisions and practices (unknown ids raise :class:`NotFound`).

    ``link`` is the permalink of the view it was made from (a brief's, a search's).
    """
    return Brief(
        title=title.strip() or "Brief",
        generated=today or dt.date.today(),
        dataset_version=dataset_version(corpus),
        how_to_cite=how_to_cite(corpus),
        entries=entries(corpus, ids, official),
        permalink=link,
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


def _coded_tables(corpus: Corpus, topic: str, codes: Sequence[str]) -> tuple[list[Table], list[Finding]]:
    """The coded comparison of ``topic``: two tables (values with pinpoint citations, then the assessment),
    and the same as one finding per jurisdiction and variable or standard."""
    rows = [code for code in codes if code in corpus.codings]
    if topic not in coded_topics(corpus) or not rows:
        return [], []
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
    findings = [
        Finding(
            code,
            "coded value",
            v.label,
            (c := result.cell(code, v.id)).text,
            "; ".join(cited(t) for t in c.citations),
            c.verification,
            c.verified_on.isoformat() if c.verified_on else "",
        )
        for code in rows
        for v in result.variables
    ]
    findings += [
        Finding(a.jurisdiction, "assessment", a.standard, a.state.value, "; ".join(a.reasons + a.finding_lines()))
        for a in result.assessments
    ]
    return [values, assessment], findings


def comparison_brief(
    corpus: Corpus,
    *,
    topic: str | None = None,
    standard: str | None = None,
    jurisdictions: Sequence[str] = (),
    official: Mapping[str, Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
    link: str = "",
) -> Brief:
    """A comparison of jurisdictions on one topic or one standard, gaps included.

    With no ``jurisdictions``, every jurisdiction is compared; ``link`` is the comparison's permalink.
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
    coded_tables, findings = _coded_tables(corpus, topic, codes) if topic is not None else ([], [])
    tables = [table, *coded_tables]
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
        findings=tuple(findings),
        permalink=link,
        names=tuple((c, jurisdiction_name(corpus, c)) for c in codes),
    )


def profile_brief(
    corpus: Corpus,
    code: str,
    *,
    official: Mapping[str, Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
    link: str = "",
) -> Brief:
    """A jurisdiction's profile: its coverage of every core topic (gaps included), treaty status, records."""
    jurisdiction = corpus.jurisdictions[code]
    matrix = coverage_matrix(corpus, [code])
    coverage = tuple(
        CoverageRow(code, topic, cell.state.value, cell.note or "", tuple(cell.provisions + cell.practices))
        for topic in matrix.columns
        for cell in [matrix.cells[(code, topic)]]
    )
    treaties = Table(
        "Treaty status",
        ("Treaty", "Status", "Reservations", "Verification"),
        tuple(
            (name, status.status.value, status.reservations or "", status.verification.status.value)
            for name, status in jurisdiction.treaties.items()
        ),
    )
    ids = [*(pid for pid, e in corpus.provisions.items() if e.jurisdiction == code)]
    ids += [gid for gid, e in corpus.practices.items() if e.jurisdiction == code]
    return Brief(
        title=f"Jurisdiction profile: {jurisdiction.name} ({code})",
        generated=today or dt.date.today(),
        dataset_version=dataset_version(corpus),
        how_to_cite=how_to_cite(corpus),
        entries=entries(corpus, ids, official),
        tables=(treaties,) if treaties.rows else (),
        coverage=coverage,
        permalink=link,
        names=((code, jurisdiction.name),),
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
    view = [("View", brief.permalink)] if brief.permalink else []
    return [
        *view,
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
    "jurisdiction_name",
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
    "link",
    "value",
    "as_of",
    "dataset_version",
    "how_to_cite",
    "permalink",
)


def _csv_row(brief: Brief, jurisdiction: str, subject: str, state: str, **values: str) -> list[str]:
    """One CSV row; every row names the dataset and the view it comes from, so a row pasted elsewhere stays citable."""
    row = dict.fromkeys(_CSV_COLUMNS, "")
    row |= {"jurisdiction": jurisdiction, "jurisdiction_name": dict(brief.names).get(jurisdiction, jurisdiction)}
    row |= {"subject": subject, "coverage": state, **values}
    row |= {"as_of": brief.generated.isoformat(), "dataset_version": brief.dataset_version}
    row |= {"how_to_cite": brief.how_to_cite, "permalink": brief.permalink}
    return list(row.values())


def _entry_values(entry: Entry) -> dict[str, str]:
    return {
        "jurisdiction_name": entry.jurisdiction_name,
        "id": entry.id,
        "kind": entry.kind,
        "citation": entry.citation,
        "heading": entry.heading,
        "summary": entry.summary,
        "conditions": "; ".join(f"{label}: {value}" for label, value in entry.conditions),
        "standards": "; ".join(entry.standards),
        "verification": entry.verification,
        "verified_on": entry.verified_on.isoformat() if entry.verified_on else "",
        "official_text_retrieved": entry.official_retrieved.date().isoformat() if entry.official_retrieved else "",
        "status": entry.status,
        "url": entry.url or "",
        "link": entry.link,
    }


def to_csv(brief: Brief) -> str:
    """One row per entry; a comparison or a profile has one row per jurisdiction, subject and entry, gaps as rows
    of their own, then one row per coded value and assessment."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    if brief.coverage:
        by_id = {e.id: e for e in brief.entries}
        for row in brief.coverage:
            if not row.entry_ids:
                writer.writerow(_csv_row(brief, row.jurisdiction, row.subject, row.state))
            for rid in row.entry_ids:
                writer.writerow(_csv_row(brief, row.jurisdiction, row.subject, row.state, **_entry_values(by_id[rid])))
    else:
        for entry in brief.entries:
            writer.writerow(_csv_row(brief, entry.jurisdiction, "; ".join(entry.topics), "", **_entry_values(entry)))
    for finding in brief.findings:
        values = {"kind": finding.kind, "value": finding.value, "citation": finding.detail}
        values |= {"verification": finding.verification, "verified_on": finding.verified_on}
        writer.writerow(_csv_row(brief, finding.jurisdiction, finding.subject, "", **values))
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


def _csl_date(day: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(brief: Brief, entry: Entry) -> dict[str, Any]:
    """One entry as a CSL 1.0.2 item: a provision is ``legislation`` with its pinpoint as ``section``."""
    item: dict[str, Any] = {"id": entry.id, "type": "legislation" if entry.kind == "provision" else "document"}
    item["title"] = entry.title or entry.heading
    fields = {
        "number": entry.number,
        "section": entry.pinpoint,
        "jurisdiction": entry.jurisdiction,
        "language": entry.language,
        "URL": entry.url or entry.link,
        "abstract": entry.summary,
        "note": f"{entry.heading}. lexcompare {entry.id} ({entry.link}), dataset version {brief.dataset_version}"
        + (f", from {brief.permalink}" if brief.permalink else ""),
    }
    item |= {key: value for key, value in fields.items() if value}
    dates = {"issued": entry.issued, "original-date": entry.original_date, "accessed": entry.verified_on}
    item |= {key: _csl_date(day) for key, day in dates.items() if day}
    return item


def to_csl(brief: Brief) -> str:
    """The entries as CSL-JSON, for Zotero or any CSL processor: a provision is ``legislation`` with its
    pinpoint (``section``), the version cited (``issued``; ``original-date`` the date enacted when a
    consolidation is cited), the day the annotation was checked (``accessed``), jurisdiction and URL."""
    return json.dumps([csl_item(brief, e) for e in brief.entries], ensure_ascii=False, indent=2) + "\n"


def render(brief: Brief, fmt: str) -> bytes:
    """The brief in ``fmt`` (a key of :data:`BRIEF_FORMATS`) as bytes ready to download or write."""
    writers = {"md": to_markdown, "csv": to_csv, "json": to_json, "csl": to_csl}
    if fmt == "docx":
        return to_docx(brief)
    if fmt not in writers:
        raise BadRequest(f"unknown format {fmt!r} (choose from {', '.join(BRIEF_FORMATS)})")
    return writers[fmt](brief).encode("utf-8")


def filename(brief: Brief | str, fmt: str, on: dt.date | None = None) -> str:
    """A download file name: the brief's title (or a title, for a brief not built yet: dated ``on``, by default
    today) as a slug, the date and the format's extension."""
    title, date = (brief, on or dt.date.today()) if isinstance(brief, str) else (brief.title, brief.generated)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "brief"
    return f"{slug}-{date.isoformat()}.{BRIEF_FORMATS[fmt][1]}"
