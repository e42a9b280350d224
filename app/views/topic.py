"""Topic: definition, labels in every language, standards, and each jurisdiction's state and provisions."""

import streamlit as st

from app import ui
from indexer.api import coverage_matrix, resolve_topic

corpus = ui.corpus()
topics = sorted(corpus.topics, key=lambda t: (not corpus.topics[t].core, ui.topic_label(t)))
topic_id = ui.pick(
    "id",
    "Topic",
    topics,
    "Topics",
    resolve=lambda text: resolve_topic(corpus, text),
    format_func=ui.topic_label,
    placeholder="Choose a topic (a label or a word for it in any corpus language)",
)

topic = corpus.topics[topic_id]
ui.tab_title(topic.label)
st.title(ui.md(topic.label))
st.markdown(ui.md(topic.definition))
st.caption(f"Topic id: `{topic.id}`" + (" · core topic: every jurisdiction states its coverage" if topic.core else ""))
for label, ids in (("Broader", topic.broader), ("Related", topic.related)):
    narrower = [t for t, other in corpus.topics.items() if topic_id in other.broader]
    for linked in ids:
        ui.page_link("topic", f"{label}: {ui.topic_label(linked)}", {"id": linked})
    if label == "Broader":
        for linked in narrower:
            ui.page_link("topic", f"Narrower: {ui.topic_label(linked)}", {"id": linked})

st.header("In every language", divider="gray")
languages = sorted(set(topic.labels) | set(topic.synonyms))
if languages:
    ui.table(
        [[topic.labels.get(lang, "—"), ", ".join(topic.synonyms.get(lang, [])) or "—"] for lang in languages],
        index=languages,
        columns=["Label", "Words people use"],
    )
else:
    st.write("No labels in other languages yet.")

st.header("Standards", divider="gray")
if not topic.standards:
    st.write("No standard is linked to this topic.")
for ref in topic.standards:
    label = f"{ui.standard_label(ref)}: compare jurisdictions against it"
    ui.page_link("compare", label, {"by": "standard", "std": ref}, icon=":material/balance:")

st.header("Jurisdictions", divider="gray")
ui.page_link("compare", "Compare jurisdictions on this topic", {"by": "topic", "topic": topic_id})
st.caption(ui.STATE_LEGEND)
matrix = coverage_matrix(corpus, topics=[topic_id])
cells = {code: matrix.cells[(code, topic_id)] for code in matrix.rows}
ui.table(
    [
        [ui.state_label(cell.state), len(cell.provisions) + len(cell.practices), cell.note or ""]
        for cell in cells.values()
    ],
    index=[ui.jurisdiction_label(code) for code in cells],
    columns=["State", "Records", "Note"],
)
for code, cell in cells.items():
    if cell.provisions or cell.practices:
        st.subheader(ui.md(ui.jurisdiction_label(code)), anchor=False)
    for rid in [*cell.provisions, *cell.practices]:
        ui.record_row(rid, where=f"topic-{code}")
