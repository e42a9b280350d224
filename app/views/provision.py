"""Provision (or good practice): everything about one record, with its permalink and citation."""

import streamlit as st

from app import tables, ui
from indexer.api import Currency, Verification, citation, conditions_table, practice_citation, status_text

corpus = ui.corpus()
options = [*corpus.provisions, *corpus.practices]
record_id = ui.pick(
    "id",
    "Provision or practice",
    options,
    "Provisions",
    hint="Open a provision from a search, a comparison or a jurisdiction, or choose one above.",
    resolve=lambda text: corpus.aliases.get(text, text),
    format_func=ui.record_label,
    placeholder="Choose a provision or practice (type to filter)",
)


def verification_facts(verification: Verification) -> None:
    """How far the annotation was checked, when, and against what."""
    ui.verification_badge(verification.status, verification.date)
    st.markdown(f"**Verified on:** {verification.date.isoformat() if verification.date else 'no date recorded'}")
    if verification.sources:
        st.markdown("**Checked against:**")
    for source in verification.sources:
        st.markdown(f"- {ui.source_line(source.title, source.url)}")
    ui.labelled("Note", verification.note)


def currency_facts(cur: Currency) -> None:
    """Status, the wording's date, source and version, and whether it changed since the annotation."""
    st.markdown(f"**Status:** {ui.md(cur.status_text)}")
    st.markdown(f"**Wording:** {ui.md(cur.wording or 'not on this machine')}")
    st.markdown(f"**Version of the text:** {ui.md(cur.version)}")
    st.markdown(f"**Changed since our annotation:** {cur.changed} — {ui.md(cur.why)}")
    st.markdown(f"**What to do next:** {ui.md(cur.next_step)}")
    if cur.similarity is not None:
        st.markdown(f"Word-level similarity to the verified wording: {cur.similarity}%.")
    for label, sentences in (("No longer there", cur.removed), ("New", cur.added)):
        for sentence in sentences:
            st.markdown(f"- *{label}:* {ui.md(sentence)}")


if record_id in corpus.practices:
    practice = corpus.practices[record_id].practice
    ui.tab_title(practice.title)
    st.title(ui.md(practice.title))
    where = ui.md(ui.jurisdiction_label(corpus.practices[record_id].jurisdiction))
    st.caption(f"Good practice · {where} · record id `{record_id}`")
    ui.pin_button(record_id, where="page")
    ui.cite_and_link(practice_citation(corpus, record_id), record_id)
    facts = [("Run by", "; ".join(practice.organisations)), ("Where", "; ".join(practice.places))]
    facts += [("When", practice.period or ""), ("Praised by", "; ".join(practice.praised_by))]
    facts += [("Evaluated by", practice.evaluation())]
    for label, value in facts:
        ui.labelled(label, value)
    st.header("What it does", divider="gray")
    st.markdown(ui.md(practice.summary.strip()))
    ui.labelled("Evidence", practice.evidence)
    st.header("Topics", divider="gray")
    for topic in practice.topics:
        ui.page_link("topic", ui.topic_label(topic), {"id": topic})
    if practice.related_provisions:
        st.header("Related provisions", divider="gray")
        for pid in practice.related_provisions:
            ui.record_link(corpus.aliases.get(pid, pid))
    st.header("Sources", divider="gray")
    for source in practice.sources:
        st.markdown(f"- {ui.source_line(source.title, source.url)}")
    st.header("Verification", divider="gray")
    verification_facts(practice.verification)
    st.stop()

entry = corpus.provisions[record_id]
prov = entry.provision
instrument = corpus.instruments[entry.instrument_id].instrument
doc = ui.wording(record_id)
cur = ui.currency(record_id, doc)

ui.tab_title(f"{prov.pinpoint} {instrument.title.short[0] if instrument.title.short else instrument.title.english}")
st.title(f"{ui.md(prov.pinpoint)} — {ui.md(prov.heading)}")
st.caption(
    f"{ui.md(ui.jurisdiction_label(entry.jurisdiction))} · {ui.md(instrument.title.english)} · record id `{record_id}`"
)
if cur.outdated:
    st.warning(
        f"{ui.md(cur.outdated)}  \n{ui.source_line('Official source', cur.source_url)}", icon=":material/history:"
    )
badges = st.container(horizontal=True)
with badges:
    ui.verification_badge(prov.verification.status, prov.verification.date)
    if doc is None:
        text, icon, color = ui.NO_WORDING_BADGE
        st.badge(text, icon=icon, color=color)
    st.badge(cur.status_text, color="gray")
    if prov.good_practice:
        st.badge("Good practice", icon=":material/star:", color="violet")
ui.pin_button(record_id, where="page")
ui.cite_and_link(citation(corpus, record_id), record_id)

st.header("Summary", divider="gray")
st.markdown(ui.md(prov.summary.strip()))
ui.labelled("In plain language", prov.plain_summary)
st.header("Annotation", divider="gray")
st.markdown(ui.md(prov.annotation.strip()))
if prov.good_practice:
    ui.labelled(f"Good practice, according to {prov.good_practice.by}", prov.good_practice.why)

if prov.conditions:
    rows = conditions_table(corpus, [record_id]).rows
    if rows:
        st.header("Conditions", divider="gray")
        tables.show(
            [[values[0] or "—"] for _, values in rows],
            index=[label for label, _ in rows],
            columns=["Value"],
            label="Conditions",
        )

st.header("Official wording", divider="gray")
if doc is None:
    st.markdown(f"The official wording is not on this machine: {ui.GET_WORDING}. Meanwhile, read it at the source.")
else:
    with st.container(border=True):
        st.markdown(ui.md(doc["official_text"]))
    st.caption(f"{ui.md(cur.wording)}. {ui.md(cur.version)}.")
if instrument.identifiers.url or instrument.identifiers.eli:
    st.link_button(
        "Official source",
        instrument.identifiers.url or instrument.identifiers.eli or "",
        icon=":material/open_in_new:",
    )

st.header("Currency and verification", divider="gray")
currency_facts(cur)
verification_facts(prov.verification)

st.header("Instrument", divider="gray")
facts = [
    ("Title", f"{instrument.title.original} ({instrument.title.english})"),
    ("Citation", instrument.citation),
    ("Kind", instrument.kind.value),
    ("Status", status_text(instrument.status, instrument.in_force, instrument.repealed)),
]
for label, value in facts:
    ui.labelled(label, value)

st.header("Topics, people and standards", divider="gray")
for topic in prov.topics:
    ui.page_link("topic", ui.topic_label(topic), {"id": topic}, icon=":material/label:")
if prov.target_persons:
    labels = {t.id: t.label for t in corpus.vocabulary.target_persons} if corpus.vocabulary else {}
    st.markdown("**Target persons:** " + ", ".join(ui.md(labels.get(t, t)) for t in prov.target_persons))
for ref in prov.standards:
    ui.page_link(
        "compare",
        f"Compare against {ui.standard_label(ref)}",
        {"by": "standard", "std": ref},
        icon=":material/balance:",
    )

if prov.case_law:
    st.header("Case law", divider="gray")
    for case in prov.case_law:
        line = ui.md(case.citation) + (f" ({ui.md(case.court)})" if case.court else "")
        st.markdown(f"- {line}" + (f" — {ui.md(case.note)}" if case.note else ""))

st.header("Related provisions elsewhere", divider="gray")
related = ui.related(record_id)
if not related:
    st.write("No related provision is recorded yet.")
for why, ids in related.items():  # each reason opens to its links (dozens of them in all)
    box = ui.opened(st, f"{why} — {len(ids)}", key=f"open:related:{why}")
    if box is None:
        continue
    with box:
        for rid in ids:
            ui.record_link(rid)
