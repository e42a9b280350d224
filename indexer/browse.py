"""What the browse pages list: every jurisdiction with its coverage, the topic tree with counts, every provision
as a row, and the summary a jurisdiction's profile opens with.

Pure functions over the loaded corpus, returning frozen records a page renders as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.coded import ORDER, coded, coded_topics
from indexer.compare import coverage_matrix, default_jurisdictions
from indexer.corpus import Corpus, topic_ancestors
from indexer.errors import BadRequest
from indexer.models import AssessmentState, CoverageState
from indexer.records import short_citation, topic_label
from indexer.text import fold

#: the groups of the jurisdiction list, in order, by jurisdiction kind
GROUPS = {
    "supranational": "European Union",
    "international": "Council of Europe",
    "state": "National",
    "region": "Regional and local",
    "city": "Regional and local",
}


@dataclass(frozen=True)
class JurisdictionSummary:
    """A jurisdiction as the list of jurisdictions and the top of its profile show it."""

    code: str
    group: str  # one of GROUPS' values
    parent: str | None
    coverage: tuple[tuple[CoverageState, int], ...]  # how many core topics are in each state (every state, 0 too)
    gaps: tuple[tuple[str, CoverageState, str], ...]  # (topic, state, note) of core topics without a provision
    provisions: int
    practices: int
    treaties: tuple[tuple[str, str], ...]  # (standard id, status) as recorded


def jurisdiction_summaries(corpus: Corpus, codes: Sequence[str] = ()) -> tuple[JurisdictionSummary, ...]:
    """Every jurisdiction (or ``codes``) with its coverage of the core topics, counts and treaty status,
    grouped (European Union, Council of Europe, national, regional and local) and in the matrix's order."""
    order = list(GROUPS.values())
    rows = sorted(codes or default_jurisdictions(corpus), key=lambda c: order.index(_group(corpus, c)))
    matrix = coverage_matrix(corpus, jurisdictions=rows)
    out = []
    for code in rows:
        cells = [(topic, matrix.cells[(code, topic)]) for topic in matrix.columns]
        out.append(
            JurisdictionSummary(
                code,
                _group(corpus, code),
                corpus.jurisdictions[code].parent,
                tuple((state, sum(cell.state is state for _, cell in cells)) for state in CoverageState),
                tuple((t, c.state, c.note or "") for t, c in cells if c.state is not CoverageState.provisions),
                sum(entry.jurisdiction == code for entry in corpus.provisions.values()),
                sum(entry.jurisdiction == code for entry in corpus.practices.values()),
                tuple((std, status.status.value) for std, status in corpus.jurisdictions[code].treaties.items()),
            )
        )
    return tuple(out)


def _group(corpus: Corpus, code: str) -> str:
    return GROUPS[corpus.jurisdictions[code].kind.value]


# --- topics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicRow:
    """A topic in the tree: how deep it sits, and per jurisdiction its coverage state and number of records."""

    id: str
    depth: int  # 0 for a topic without a broader one
    cells: tuple[tuple[CoverageState, int], ...]  # one per jurisdiction of the tree, in its order


@dataclass(frozen=True)
class TopicTree:
    jurisdictions: tuple[str, ...]
    rows: tuple[TopicRow, ...]  # depth first: core topics first, then by label; narrower under broader


def topic_tree(corpus: Corpus) -> TopicTree:
    """Every topic as a tree (narrower under broader), with its records per jurisdiction (narrower ones count
    for the broader topic, as in the coverage matrix)."""
    key = {t: (not topic.core, topic_label(corpus, t)) for t, topic in corpus.topics.items()}
    children: dict[str | None, list[str]] = {}
    for tid, topic in corpus.topics.items():
        parent = next((b for b in topic.broader if b in corpus.topics), None)
        children.setdefault(parent, []).append(tid)
    ordered: list[tuple[str, int]] = []
    seen: set[str] = set()

    def visit(tid: str, depth: int) -> None:
        if tid in seen:
            return
        seen.add(tid)
        ordered.append((tid, depth))
        for child in sorted(children.get(tid, []), key=key.__getitem__):
            visit(child, depth + 1)

    for root in sorted(children.get(None, []), key=key.__getitem__):
        visit(root, 0)
    for tid in sorted(set(corpus.topics) - seen, key=key.__getitem__):  # only in a cycle of broader topics
        visit(tid, 0)
    matrix = coverage_matrix(corpus, topics=[tid for tid, _ in ordered])
    return TopicTree(
        tuple(matrix.rows),
        tuple(
            TopicRow(
                tid,
                depth,
                tuple(
                    (cell.state, len(cell.provisions) + len(cell.practices))
                    for cell in (matrix.cells[(code, tid)] for code in matrix.rows)
                ),
            )
            for tid, depth in ordered
        ),
    )


# --- provisions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvisionRow:
    """A provision in the list of provisions."""

    id: str
    jurisdiction: str
    instrument: str  # the instrument's short title
    citation: str  # short citation: "utlendingsloven § 53"
    heading: str
    topics: tuple[str, ...]
    verification: str
    verified_on: dt.date | None


#: how the list of provisions can be sorted: key -> what people read
SORTS = {"jurisdiction": "Jurisdiction", "instrument": "Instrument", "verified": "Verified (newest first)"}


def provision_rows(
    corpus: Corpus,
    *,
    jurisdictions: Sequence[str] = (),
    topic: str | None = None,
    verification: str | None = None,
    text: str = "",
    sort: str = "jurisdiction",
) -> list[ProvisionRow]:
    """Every provision, or those of ``jurisdictions``, on ``topic`` (or a narrower one), with ``verification``
    and with ``text`` in their citation or heading (from the start of a word; accents and case ignored),
    sorted by ``sort`` (one of SORTS)."""
    if sort not in SORTS:
        raise BadRequest(f"cannot sort by {sort!r} (choose one of {', '.join(SORTS)})")
    order = {code: n for n, code in enumerate(default_jurisdictions(corpus))}
    # words from the start of a word on ("53" finds § 53, not § 253; "utlend" finds utlendingsloven)
    wanted = re.compile(rf"(?<!\w){re.escape(fold(text))}") if fold(text) else None
    rows = []
    for pid, entry in corpus.provisions.items():
        prov = entry.provision
        if jurisdictions and entry.jurisdiction not in jurisdictions:
            continue
        if topic and not any(topic in topic_ancestors(corpus, t) for t in prov.topics):
            continue
        if verification and prov.verification.status.value != verification:
            continue
        title = corpus.instruments[entry.instrument_id].instrument.title
        cite = short_citation(corpus, pid)
        if wanted and not wanted.search(fold(f"{cite} {prov.heading} {title.english}")):
            continue
        rows.append(
            ProvisionRow(
                pid,
                entry.jurisdiction,
                title.short[0] if title.short else title.english,
                cite,
                prov.heading,
                tuple(prov.topics),
                prov.verification.status.value,
                prov.verification.date,
            )
        )
    if sort == "verified":
        rows.sort(key=lambda r: (r.verified_on is None, -(r.verified_on or dt.date.min).toordinal(), _natural(r.id)))
    elif sort == "instrument":
        rows.sort(key=lambda r: (fold(r.instrument), _natural(r.id)))
    else:
        rows.sort(key=lambda r: (order.get(r.jurisdiction, len(order)), _natural(r.id)))
    return rows


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key that puts "art3" before "art13": runs of digits compare as numbers."""
    return tuple((0, int(run), "") if run.isdigit() else (1, 0, run) for run in re.findall(r"\d+|\D+", text))


# --- a jurisdiction's assessment ---------------------------------------------------------------


@dataclass(frozen=True)
class Highlight:
    """How a jurisdiction's coded law fares against one standard paragraph (the project's own assessment)."""

    topic: str
    standard: str
    state: AssessmentState
    reasons: tuple[str, ...]


def assessment_highlights(corpus: Corpus, code: str) -> tuple[Highlight, ...]:
    """Every assessment of ``code``'s coded law, decided ones first (meets, partly, does not meet, unknown)."""
    if code not in corpus.codings:
        return ()
    found = [
        Highlight(topic, a.standard, a.state, a.reasons)
        for topic in coded_topics(corpus)
        for a in coded(corpus, topic, [code]).assessments
    ]
    return tuple(sorted(found, key=lambda h: ORDER[h.state]))
