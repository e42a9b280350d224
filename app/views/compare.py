"""Compare: the coded table first, then the assessment and who does it best, then the provisions; the matrix."""

import streamlit as st

from app import tables, ui
from app.tables import Cell
from indexer.api import (
    CodedComparison,
    CoverageState,
    RankEntry,
    VariableView,
    coded,
    coded_topics,
    comparison_brief,
    conditions_table,
    coverage_matrix,
    resolve_topic,
    short_citation,
    side_by_side,
    standard_comparison,
    word_diff,
)

corpus = ui.corpus()
st.title("Compare")

topics = sorted(corpus.topics, key=lambda t: (not corpus.topics[t].core, ui.topic_label(t)))
standards = ui.standard_refs(with_topics=True)
choose, pick = st.columns([2, 3], gap="large")
with choose:
    by = ui.url_choice(
        "by",
        "Compare by",
        ["topic", "standard"],
        default="topic",
        widget=st.segmented_control,
        format_func=str.capitalize,
    )
    if by == "standard":
        first = "coe-istanbul:59(1)" if "coe-istanbul:59(1)" in standards else next(iter(standards), None)
        subject = ui.url_choice("std", "Standard", standards, default=first, format_func=ui.standard_label)
    else:
        first = "residence-autonomy" if "residence-autonomy" in topics else next(iter(topics), None)
        subject = ui.url_choice(
            "topic",
            "Topic",
            topics,
            default=first,
            resolve=lambda text: resolve_topic(corpus, text),
            format_func=ui.topic_label,
        )
with pick:
    chosen = ui.jurisdictions_picker(corpus)


def _value(table: CodedComparison, code: str, variable: VariableView) -> Cell:
    cell = table.cell(code, variable.id)
    meaning = dict(variable.values)  # the codebook's definition of each value, shown on hover
    defined = [f"{term}: {meaning[term]}" for term in cell.terms if term in meaning]
    why = "".join(f"{line}\n" for line in defined)
    why += f"{cell.verification}" + (f", verified {cell.verified_on}" if cell.verified_on else "")
    why += f": {' '.join(cell.note.split())}" if cell.note else ""
    if cell.unknown:
        return Cell("?", title="unknown: not yet coded", kind="gap")
    if cell.not_applicable:  # nothing to open: a link here would be noise
        return Cell("–", title=f"cannot apply ({why})", kind="muted")
    links = [ui.href("provision", {"id": pid}) for pid in cell.provisions]
    more = tuple((f"+{n}", link) for n, link in enumerate(links[1:], 1))
    return Cell(cell.text, href=links[0] if links else None, title=why, more=more)


def _practices(entry: RankEntry) -> Cell:
    links = [(title, ui.href("provision", {"id": gid})) for gid, title in entry.good_practices]
    if not links:
        return Cell("—", kind="muted")
    return Cell(links[0][0], href=links[0][1], more=tuple((f"· {t}", h) for t, h in links[1:]))


def _coded_section(table: CodedComparison, shown: list[str], uncoded: list[str]) -> None:
    """The coded table (the ``shown`` columns), then the assessment and who does it best."""
    st.caption(
        "Each value links to the provision it rests on. ?: unknown, not yet coded (a gap, not a “no”) · "
        "–: cannot apply."
    )
    tables.show(
        [[_value(table, code, v) for code in shown] for v in table.variables],
        index=[Cell(v.label, title=" ".join(v.question.split())) for v in table.variables],
        columns=[
            Cell(code, href=ui.href("jurisdiction", {"code": code}), title=ui.jurisdiction_label(code))
            for code in shown
        ],
        label=f"{table.topic_label}, coded",
    )
    if uncoded:
        st.caption("Not coded (no coding file): " + ", ".join(ui.md(ui.jurisdiction_label(c)) for c in uncoded))
    rules = list(dict.fromkeys(a.standard for a in table.assessments))
    if not rules:
        return
    st.header("Assessed against the standards: who does it best", divider="gray")
    rank_by = ui.url_choice("rank", "Ranked by", rules, default=table.ranked_by, format_func=ui.standard_label)
    if rank_by != table.ranked_by:
        table = coded(corpus, table.topic, list(table.jurisdictions), rank_by=rank_by)
    st.caption(ui.md(table.label) + " Meets before partly before does not meet; ties share a rank.")
    tables.show(
        [[str(entry.rank), entry.state.value.replace("-", " "), _practices(entry)] for entry in table.ranking],
        index=[ui.jurisdiction_label(entry.jurisdiction) for entry in table.ranking],
        columns=["Rank", ui.standard_label(table.ranked_by or ""), "Good practices beside it"],
        label="Ranking",
    )
    with st.expander("Why: every reason, standard by standard"):
        for entry in table.ranking:
            lines = [
                f"- {ui.md(ui.standard_label(v.standard))}: **{v.state.value}** — {ui.md('; '.join(v.reasons))}"
                + "".join(f"  \n  *{ui.md(f)}*" for f in v.finding_lines())
                for v in table.assessments
                if v.jurisdiction == entry.jurisdiction
            ]
            st.markdown(f"**{ui.md(ui.jurisdiction_label(entry.jurisdiction))}**\n" + "\n".join(lines))
        st.caption(ui.md(table.method))


heading = (ui.topic_label(subject) if by == "topic" else ui.standard_label(subject)) if subject else ""
ui.tab_title(f"Compare: {heading}" if heading else "Compare")

# --- the coded table: variables x jurisdictions, each value linked to its provision ----------
narrowed: list[str] | None = None  # the jurisdictions a value filter keeps, when one is set
if subject is not None and by == "topic" and subject in coded_topics(corpus):
    columns = [c for c in chosen or corpus.jurisdictions if c in corpus.codings]
    uncoded = [c for c in chosen or corpus.jurisdictions if c not in corpus.codings]
    st.header(f"{ui.md(heading)}, coded", divider="gray")
    table = coded(corpus, subject, columns) if columns else None
    empty: tuple[str, ...] = ()
    show_empty = False
    if table is not None:
        # narrowing the columns: one choice "variable=value" among the values the table has, with counts
        labels = {v.id: v.label for v in table.variables}
        counts = {f"{v.id}={term}": n for v in table.variables for term, n in table.choices(v.id)}
        empty = table.all_unknown()
        narrow, blank = st.columns([3, 2], vertical_alignment="bottom")
        with narrow:
            where = ui.url_choice(
                "where",
                "Only jurisdictions where",
                list(counts),
                index=None,
                placeholder="any value (type to find a variable)",
                format_func=lambda c: f"{labels[c.partition('=')[0]]} = {c.partition('=')[2]} ({counts[c]})",
            )
        if empty:
            with blank:
                plural = "s" if len(empty) > 1 else ""
                show_empty = ui.url_checkbox("blank", f"Show the {len(empty)} jurisdiction{plural} with nothing coded")
        if where:
            variable, _, value = where.partition("=")
            narrowed = list(table.where(variable, value))
            table = coded(corpus, subject, narrowed) if narrowed else None
    if table is None:
        st.info("No jurisdiction here is coded on this topic" + (" with that value." if columns else "."))
    else:
        _coded_section(table, [c for c in table.jurisdictions if show_empty or c not in empty], uncoded)

# --- a standard: its paragraph, then each jurisdiction's treaty status, reservation and provisions ------
if subject is not None and by == "standard":
    view = standard_comparison(corpus, subject, chosen)
    st.header(ui.md(heading), divider="gray")
    st.caption(ui.md(view.title))
    if not view.paragraph:
        st.write("The standard's own text is not in the corpus; the jurisdictions below cite it.")
    for pid in view.paragraph:
        ui.provision_card(pid, where="std")

    def _provisions(ids: tuple[str, ...]) -> Cell:
        links = [(short_citation(corpus, pid), ui.href("provision", {"id": pid})) for pid in ids]
        if not links:
            return Cell("none linked", kind="gap")
        return Cell(links[0][0], href=links[0][1], more=tuple((f"· {t}", h) for t, h in links[1:]))

    st.subheader("Who is bound, with what reservation, and how they implement it", anchor=False)
    st.caption(
        "Treaty status as recorded (hover for its dates and how far it was checked); “none linked”: no "
        "provision in the corpus cites this paragraph yet, a gap rather than a finding."
    )
    tables.show(
        [
            [
                Cell(
                    p.status or "not recorded",
                    title=f"{p.dates} ({p.verification})" if p.status else None,
                    kind="" if p.status else "muted",
                ),
                Cell(
                    " ".join(p.reservations.split()) if p.reservations else "—", kind="" if p.reservations else "muted"
                ),
                _provisions(p.provisions),
            ]
            for p in view.parties
        ],
        index=[Cell(ui.jurisdiction_label(p.jurisdiction)) for p in view.parties],
        columns=["Treaty status", "Reservation or declaration", "Provisions implementing it"],
        label=f"{heading}: jurisdictions",
    )

# --- the provisions, compact, one expander per jurisdiction ----------------------------------
if subject is not None:
    compared = {"topic": subject} if by == "topic" else {"standard": subject}
    rows = {row.jurisdiction: row for row in side_by_side(corpus, **compared, jurisdictions=chosen)}
    records = {code: list(row.entry_ids) for code, row in rows.items()}
    notes = {
        code: ui.state_label(CoverageState(row.state))
        if by == "topic"
        else f"treaty status: {row.note or 'not recorded'}"
        for code, row in rows.items()
    }
    shown = narrowed if narrowed is not None else chosen or [code for code, ids in records.items() if ids]
    st.header(f"Provisions: {ui.md(heading)}", divider="gray")
    halves = st.columns(2)  # two jurisdictions a row: the list stays half as tall, each opens to its records
    for n, code in enumerate(shown):
        ids = records.get(code, [])
        label = f"{ui.md(ui.jurisdiction_label(code))} — {len(ids)} · {ui.md(notes.get(code, ''))}"
        box = ui.opened(halves[n % 2], label, key=f"open:cmp:{code}")
        if box is None:
            continue
        with box:
            if not ids:
                st.markdown("*No provision or practice recorded here.*")
            for rid in ids:
                ui.record_row(rid, where=f"cmp-{code}")

    provision_ids = [rid for code in chosen for rid in records.get(code, []) if rid in corpus.provisions]
    if provision_ids:
        st.header("Conditions, row by row", divider="gray")
        st.caption("— means not recorded for that provision; “none” means it sets no such condition.")
        conditions = conditions_table(corpus, provision_ids)
        if conditions.rows:
            tables.show(
                [[value or "—" for value in values] for _, values in conditions.rows],
                index=[label for label, _ in conditions.rows],
                columns=[ui.record_label(pid) for pid in conditions.ids],
                label="Conditions",
            )
        else:
            st.write("No structured conditions are recorded for these provisions yet.")

        # --- word-level diff ----------------------------------------------------------------
        st.header("Word-level difference", divider="gray")
        texts = ui.wordings(provision_ids)
        with_text = list(texts)
        if len(with_text) < 2:
            st.write(
                "A word-level comparison needs the official wording of two of these provisions; "
                f"{len(with_text)} of them have it cached (`lexcompare sources fetch`)."
            )
        else:
            left, right = st.columns(2)
            with left:
                a = ui.url_choice("a", "First provision", with_text, default=with_text[0], format_func=ui.record_label)
            with right:
                b = ui.url_choice("b", "Second provision", with_text, default=with_text[1], format_func=ui.record_label)
            if a and b:
                st.caption("~~Struck through~~: only in the first. **Bold**: only in the second.")
                with st.container(border=True):
                    st.markdown(ui.diff_markdown(word_diff(texts[a]["official_text"], texts[b]["official_text"])))

# --- the matrix: every core topic x every jurisdiction, each cell a link ----------------------
if by == "topic":
    st.header("Coverage by topic", divider="gray")
    st.caption(
        "● n: n provisions or practices recorded · ✕ none: researched, there is no such provision · "
        "?: unknown, not yet researched · –: n/a, cannot apply. ▶ marks the topic compared above. "
        "Each cell opens that jurisdiction on that topic."
    )
    core = [t for t, topic in corpus.topics.items() if topic.core]
    # a compared topic that is not a core one gets its row too
    matrix = coverage_matrix(corpus, topics=core + [subject] if subject and subject not in core else core)

    def _cell(code: str, topic: str) -> Cell:
        cell = matrix.cells[(code, topic)]
        href = ui.href("compare", {"topic": topic, "j": code})
        return tables.coverage_cell(cell.state, len(cell.provisions) + len(cell.practices), href, cell.note)

    tables.show(
        [[_cell(code, topic) for code in matrix.rows] for topic in matrix.columns],
        index=[("▶ " if t == subject else "") + ui.topic_label(t) for t in matrix.columns],
        columns=[Cell(code, title=ui.jurisdiction_label(code)) for code in matrix.rows],
        label="Coverage by topic",
    )

if subject is not None:
    st.header("Export this comparison", divider="gray")
    ui.downloads(
        lambda: comparison_brief(
            corpus,
            **compared,
            jurisdictions=chosen,
            official=ui.wordings(rid for ids in records.values() for rid in ids),
            link=ui.view_link("compare"),
        ),
        key="compare",
    )
