"""Compare: the coverage matrix with its gaps, chosen jurisdictions side by side, a word-level diff."""

import streamlit as st

from app import ui
from indexer.api import CoverageState, comparison_brief, conditions_table, coverage_matrix, side_by_side, word_diff

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
        subject = ui.url_choice("topic", "Topic", topics, default=first, format_func=ui.topic_label)
with pick:
    chosen = ui.url_multiselect(
        "j",
        "Jurisdictions side by side",
        sorted(corpus.jurisdictions),
        format_func=ui.jurisdiction_label,
        max_selections=4,
        placeholder="Choose up to four",
    )

# --- the matrix: every core topic x every jurisdiction, gaps shown -----------------
st.header("Coverage by topic", divider="gray")
st.caption(
    "● n: n provisions or practices recorded · ✕ none: researched, there is no such provision · "
    "?: unknown, not yet researched · –: n/a, cannot apply. ▶ marks the topic compared below."
)
core = [t for t, topic in corpus.topics.items() if topic.core]
# a compared topic that is not a core one gets its row too
matrix = coverage_matrix(corpus, topics=core + [subject] if by == "topic" and subject not in core else core)
CELL = {CoverageState.none: "✕\u00a0none", CoverageState.unknown: "?", CoverageState.not_applicable: "–"}


def _cell(code: str, topic: str) -> str:
    cell = matrix.cells[(code, topic)]
    if cell.state is CoverageState.provisions:
        return f"●\u00a0{len(cell.provisions) + len(cell.practices)}"  # no break between symbol and count
    return CELL[cell.state]


ui.table(
    [[_cell(code, topic) for code in matrix.rows] for topic in matrix.columns],
    index=[("▶ " if t == subject else "") + ui.topic_label(t) for t in matrix.columns],
    columns=matrix.rows,
)

if subject is None:
    st.stop()

# --- side by side -----------------------------------------------------------------
heading = ui.topic_label(subject) if by == "topic" else ui.standard_label(subject)
st.header(f"Side by side: {ui.md(heading)}", divider="gray")
compared = {"topic": subject} if by == "topic" else {"standard": subject}
rows = {row.jurisdiction: row for row in side_by_side(corpus, **compared, jurisdictions=chosen)}
records = {code: row.entry_ids for code, row in rows.items()}

if not chosen:
    with_records = [code for code, ids in records.items() if ids]
    st.info(
        "Choose jurisdictions above to see their provisions side by side. With records here: "
        + (", ".join(ui.md(ui.jurisdiction_label(c)) for c in with_records) or "none yet")
        + "."
    )
else:
    for code, col in zip(chosen, st.columns(len(chosen), gap="medium"), strict=True):
        with col:
            st.subheader(ui.md(ui.jurisdiction_label(code)), anchor=False)
            if by == "topic":
                st.markdown(f"**Coverage:** {ui.state_label(CoverageState(rows[code].state))}")
                ui.labelled("Note", rows[code].note)
            else:
                st.markdown(f"**Treaty status:** {rows[code].note or 'not recorded'}")
            ids = records[code]
            if not ids:
                st.markdown("*No provision or practice recorded here.*")
            for rid in ids:
                with st.container(border=True):
                    ui.record_card(rid, where=f"cmp-{code}")

    provision_ids = [rid for code in chosen for rid in records[code] if rid in corpus.provisions]
    if provision_ids:
        st.header("Conditions, row by row", divider="gray")
        st.caption("— means not recorded for that provision; “none” means it sets no such condition.")
        table = conditions_table(corpus, provision_ids)
        if table.rows:
            ui.table(
                [[value or "—" for value in values] for _, values in table.rows],
                index=[label for label, _ in table.rows],
                columns=[ui.record_label(pid) for pid in table.ids],
            )
        else:
            st.write("No structured conditions are recorded for these provisions yet.")

    # --- word-level diff ------------------------------------------------------------
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

st.header("Export this comparison", divider="gray")
ui.downloads(
    lambda: comparison_brief(
        corpus, **compared, jurisdictions=chosen, official=ui.wordings(rid for ids in records.values() for rid in ids)
    ),
    key="compare",
)
