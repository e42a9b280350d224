"""Provisions: every provision as a row, filtered by jurisdiction, topic, verification and words, sorted."""

import streamlit as st

from app import tables, ui
from app.tables import Cell
from indexer.api import SORTS, VerificationStatus, provision_rows, resolve_topic

SHOWN = 100  # rows before "Show all": the whole corpus is one click away, the page stays short

corpus = ui.corpus()
ui.tab_title("Provisions")
st.title("Provisions")
where, topic_box = st.columns(2)
with where:
    chosen = ui.jurisdictions_picker(corpus)
with topic_box:
    topics = sorted(corpus.topics, key=lambda t: (not corpus.topics[t].core, ui.topic_label(t)))
    topic = ui.url_choice(
        "t",
        "Topic (with its narrower ones)",
        topics,
        index=None,
        resolve=lambda text: resolve_topic(corpus, text),
        format_func=ui.topic_label,
        placeholder="Any topic",
    )
words, checked, order = st.columns([2, 1, 2], vertical_alignment="bottom")
with words:
    text = ui.url_text("q", "Words in the citation or heading", placeholder="e.g. § 53, residence, ceseda")
with checked:
    verification = ui.url_choice(
        "v", "Verification", [s.value for s in VerificationStatus], index=None, placeholder="Any"
    )
with order:
    sort = ui.url_choice(
        "sort", "Sort by", list(SORTS), default="jurisdiction", widget=st.segmented_control, format_func=SORTS.get
    )

rows = provision_rows(
    corpus, jurisdictions=chosen, topic=topic, verification=verification, text=text, sort=sort or "jurisdiction"
)
limit = ui.url_int("n", SHOWN)
st.caption(
    f"{len(rows)} provision{'s' if len(rows) != 1 else ''}"
    + (f"; the first {limit} below" if len(rows) > limit else "")
)
if rows:
    tables.show(
        [
            [
                Cell(r.jurisdiction, title=ui.jurisdiction_label(r.jurisdiction)),
                Cell(r.instrument),
                Cell(r.heading),
                Cell(r.verification, kind="" if r.verification == "official" else "muted"),
                Cell(r.verified_on.isoformat() if r.verified_on else "—"),
            ]
            for r in rows[:limit]
        ],
        index=[Cell(r.citation, href=ui.href("provision", {"id": r.id}), title=r.id) for r in rows[:limit]],
        columns=["Jurisdiction", "Instrument", "Heading", "Verification", "Verified on"],
        label="Provisions",
    )
else:
    st.write("No provision matches these filters.")
if len(rows) > limit and st.button(f"Show all {len(rows)}", icon=":material/expand_more:"):
    ui.set_url_int("n", len(rows), SHOWN)
    st.rerun()
