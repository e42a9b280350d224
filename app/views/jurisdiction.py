"""Jurisdiction: profile and treaty status, provisions by topic, good practices and gaps."""

import streamlit as st

from app import ui
from indexer.api import CoverageState, coverage_matrix, resolve_jurisdiction, treaty_dates

corpus = ui.corpus()
codes = sorted(corpus.jurisdictions, key=ui.jurisdiction_label)
code = ui.pick(
    "code",
    "Jurisdiction",
    codes,
    "Jurisdictions",
    resolve=lambda text: resolve_jurisdiction(corpus, text),
    format_func=ui.jurisdiction_label,
    placeholder="Choose a jurisdiction (a name, a code or an alias)",
)

jurisdiction = corpus.jurisdictions[code]
ui.tab_title(ui.jurisdiction_label(code))
st.title(ui.md(ui.jurisdiction_label(code)))
facts = [f"**Kind:** {jurisdiction.kind.value}", f"**Languages:** {', '.join(jurisdiction.languages)}"]
if jurisdiction.native_names:
    facts.append("**Native names:** " + "; ".join(ui.md(n) for n in jurisdiction.native_names.values()))
if jurisdiction.parent:
    facts.append(f"**Part of:** {ui.md(ui.jurisdiction_label(jurisdiction.parent))}")
st.markdown("  \n".join(facts))
if jurisdiction.parent:
    ui.page_link("jurisdiction", f"Open {ui.jurisdiction_label(jurisdiction.parent)}", {"code": jurisdiction.parent})
children = [c for c, j in corpus.jurisdictions.items() if j.parent == code]
for child in children:
    ui.page_link("jurisdiction", f"Open {ui.jurisdiction_label(child)}", {"code": child})
if jurisdiction.legal_database:
    st.link_button(
        f"Official legal database: {ui.md(jurisdiction.legal_database.name)}",
        jurisdiction.legal_database.url,
        icon=":material/open_in_new:",
    )
ui.labelled("Note", jurisdiction.note)

st.header("Treaty status", divider="gray")
if not jurisdiction.treaties:
    st.write("No treaty status is recorded.")
standards = {s.id: s for s in corpus.vocabulary.standards} if corpus.vocabulary else {}
for treaty_id, status in jurisdiction.treaties.items():
    name = standards[treaty_id].short_title if treaty_id in standards else treaty_id
    dates = treaty_dates(status)
    st.markdown(f"**{ui.md(name)}:** {status.status.value}" + (f" ({dates})" if dates else ""))
    ui.labelled("Reservations", status.reservations)
    ui.labelled("Note", status.note)
    ui.verification_badge(status.verification.status, status.verification.date)

st.header("Provisions by topic", divider="gray")
by_topic: dict[str, list[str]] = {}
for pid, entry in corpus.provisions.items():
    if entry.jurisdiction == code:
        for topic in entry.provision.topics:
            by_topic.setdefault(topic, []).append(pid)
if not by_topic:
    st.write("No provision is recorded for this jurisdiction yet.")
for topic in sorted(by_topic, key=lambda t: (not corpus.topics[t].core, ui.topic_label(t))):
    st.subheader(ui.md(ui.topic_label(topic)), anchor=False)
    for pid in by_topic[topic]:
        ui.record_row(pid, where=f"jur-{topic}")

st.header("Good practices", divider="gray")
practices = [pid for pid, entry in corpus.practices.items() if entry.jurisdiction == code]
if not practices:
    st.write("No good practice is recorded for this jurisdiction.")
for pid in practices:
    ui.record_row(pid, where="jur-practice")

st.header("Gaps", divider="gray")
st.caption("Core topics without a provision here, and why.")
matrix = coverage_matrix(corpus, jurisdictions=[code])
gaps = [(t, c) for t in matrix.columns if (c := matrix.cells[(code, t)]).state is not CoverageState.provisions]
if not gaps:
    st.write("Every core topic has at least one provision recorded.")
for topic, cell in gaps:
    line = f"**{ui.md(ui.topic_label(topic))}:** {ui.state_label(cell.state)}"
    st.markdown(line + (f" — {ui.md(cell.note)}" if cell.note else ""))
