"""Topic: the topic tree to browse; a topic's definition, standards, each jurisdiction's state and provisions,
and its labels in every language."""

import streamlit as st

from app import tables, ui
from app.tables import Cell
from indexer.api import coverage_matrix, resolve_topic, topic_tree

corpus = ui.corpus()
topics = sorted(corpus.topics, key=lambda t: (not corpus.topics[t].core, ui.topic_label(t)))


def landing() -> None:
    """Every topic as a tree (narrower under broader), with its records per jurisdiction."""
    tree = topic_tree(corpus)
    st.caption(
        "Records per jurisdiction (a narrower topic's count for its broader one too): ● n recorded · ✕ none: "
        "researched, there is none · ?: not yet researched · –: cannot apply. A topic opens its page, a cell "
        "compares that jurisdiction on it."
    )
    tables.show(
        [
            [
                tables.coverage_cell(state, n, ui.href("compare", {"topic": row.id, "j": code}))
                for code, (state, n) in zip(tree.jurisdictions, row.cells, strict=True)
            ]
            for row in tree.rows
        ],
        index=[
            Cell(
                ("\u2003" * (row.depth - 1) + "└\u00a0" if row.depth else "") + ui.topic_label(row.id),
                href=ui.href("topic", {"id": row.id}),
                title=" ".join(corpus.topics[row.id].definition.split()),
            )
            for row in tree.rows
        ],
        columns=[Cell(code, title=ui.jurisdiction_label(code)) for code in tree.jurisdictions],
        label="Topics",
    )


topic_id = ui.pick(
    "id",
    "Topic",
    topics,
    "Topics",
    resolve=lambda text: resolve_topic(corpus, text),
    format_func=ui.topic_label,
    placeholder="Choose a topic (a label or a word for it in any corpus language)",
    landing=landing,
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
tables.show(
    [
        [ui.state_label(cell.state), str(len(cell.provisions) + len(cell.practices)), cell.note or ""]
        for cell in cells.values()
    ],
    index=[ui.jurisdiction_label(code) for code in cells],
    columns=["State", "Records", "Note"],
    label="Jurisdictions",
)
recorded = {code: [*cell.provisions, *cell.practices] for code, cell in cells.items()}
halves = st.columns(2)  # each jurisdiction opens to its records, two a row, as on the compare page
for n, (code, ids) in enumerate((code, ids) for code, ids in recorded.items() if ids):
    box = ui.opened(halves[n % 2], f"{ui.md(ui.jurisdiction_label(code))} — {len(ids)}", key=f"open:topic:{code}")
    if box is None:
        continue
    with box:
        for rid in ids:
            ui.record_row(rid, where=f"topic-{code}")

st.header("In every language", divider="gray")
st.caption("The labels and the words people use for this topic, by language: search finds the topic by any of them.")
languages = sorted(set(topic.labels) | set(topic.synonyms))
if languages:
    tables.show(
        [[topic.labels.get(lang, "—"), ", ".join(topic.synonyms.get(lang, [])) or "—"] for lang in languages],
        index=languages,
        columns=["Label", "Words people use"],
        label="In every language",
    )
else:
    st.write("No labels in other languages yet.")
