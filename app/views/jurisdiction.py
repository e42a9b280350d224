"""Jurisdiction: every jurisdiction to browse; a profile opens with its summary and gaps, then treaty status,
provisions by topic and good practices."""

import itertools

import streamlit as st

from app import tables, ui
from app.tables import Cell
from indexer.api import (
    STATE_SYMBOL,
    AssessmentState,
    JurisdictionSummary,
    assessment_highlights,
    jurisdiction_summaries,
    profile_brief,
    resolve_jurisdiction,
    treaty_dates,
)

corpus = ui.corpus()
codes = sorted(corpus.jurisdictions, key=ui.jurisdiction_label)
CORE = sum(topic.core for topic in corpus.topics.values())


def _coverage(summary: JurisdictionSummary) -> Cell:
    counts = dict(summary.coverage)
    text = " · ".join(f"{n} {STATE_SYMBOL[state].split()[0]}" for state, n in summary.coverage if n)
    return Cell(text, bar=summary.coverage, title=", ".join(f"{n} {STATE_SYMBOL[s]}" for s, n in counts.items()))


def _treaties(summary: JurisdictionSummary) -> Cell:
    text = "; ".join(f"{ui.standard_label(std)}: {status}" for std, status in summary.treaties)
    return Cell(text or "not recorded", kind="" if text else "muted")


def landing() -> None:
    """Every jurisdiction, grouped, with its coverage of the core topics, its counts and its treaty status."""
    st.caption(
        f"Coverage of the {CORE} core topics: ● with provisions · ✕ researched, none · ? not yet researched · "
        "– cannot apply (the bar repeats the counts). Open a jurisdiction for its profile."
    )
    for group, rows in itertools.groupby(jurisdiction_summaries(corpus), key=lambda s: s.group):
        listed = list(rows)
        st.subheader(f"{group} ({len(listed)})", anchor=False)
        tables.show(
            [[_coverage(s), str(s.provisions), str(s.practices), _treaties(s)] for s in listed],
            index=[Cell(ui.jurisdiction_label(s.code), href=ui.href("jurisdiction", {"code": s.code})) for s in listed],
            columns=["Coverage of the core topics", "Provisions", "Good practices", "Treaty status"],
            label=f"Jurisdictions: {group}",
        )


#: the profile's sections, as the summary links to them (Streamlit anchors a header by its words)
SECTIONS = [
    ("Treaty status", "treaty-status"),
    ("Provisions by topic", "provisions-by-topic"),
    ("Good practices", "good-practices"),
]

code = ui.pick(
    "code",
    "Jurisdiction",
    codes,
    "Jurisdictions",
    resolve=lambda text: resolve_jurisdiction(corpus, text),
    format_func=ui.jurisdiction_label,
    placeholder="Choose a jurisdiction (a name, a code or an alias)",
    landing=landing,
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

# --- the summary: coverage, gaps, the assessment, then links to the sections ---------------------------
summary = jurisdiction_summaries(corpus, [code])[0]
st.header("Summary", divider="gray")
st.markdown(
    " · ".join(f"[{label}](#{anchor})" for label, anchor in SECTIONS),
)
tables.show(
    [[_coverage(summary), str(summary.provisions), str(summary.practices)]],
    index=[ui.jurisdiction_label(code)],
    columns=[f"Coverage of the {CORE} core topics", "Provisions", "Good practices"],
    label="Coverage",
)
if summary.gaps:
    st.markdown(
        f"**Gaps ({len(summary.gaps)} of {CORE} core topics without a provision):**\n"
        + "\n".join(
            f"- [{ui.md(ui.topic_label(topic))}]({ui.href('compare', {'topic': topic, 'j': code})}): "
            f"{ui.state_label(state)}" + (f" — {ui.md(' '.join(note.split()))}" if note else "")
            for topic, state, note in summary.gaps
        )
    )
else:
    st.markdown(f"**Gaps:** none — every one of the {CORE} core topics has a provision recorded here.")
highlights = assessment_highlights(corpus, code)
decided = [h for h in highlights if h.state is not AssessmentState.unknown]
if highlights:
    st.markdown(
        "**The project's assessment of the coded law** (not a court's or a monitoring body's):\n"
        + "\n".join(
            f"- [{ui.md(ui.topic_label(h.topic))}]({ui.href('compare', {'topic': h.topic})}), "
            f"{ui.md(ui.standard_label(h.standard))}: **{h.state.value.replace('-', ' ')}**"
            for h in decided
        )
        + (
            f"\n- undecided for {len(highlights) - len(decided)} more standard paragraphs (values not yet coded)"
            if len(decided) < len(highlights)
            else ""
        )
    )

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
st.caption("Each topic opens to its provisions (a provision on several topics is under each).")
halves = st.columns(2)
for n, topic in enumerate(sorted(by_topic, key=lambda t: (not corpus.topics[t].core, ui.topic_label(t)))):
    box = ui.opened(halves[n % 2], f"{ui.md(ui.topic_label(topic))} — {len(by_topic[topic])}", key=f"open:jur:{topic}")
    if box is None:
        continue
    with box:
        for pid in by_topic[topic]:
            ui.record_row(pid, where=f"jur-{topic}")

st.header("Good practices", divider="gray")
practices = [pid for pid, entry in corpus.practices.items() if entry.jurisdiction == code]
if not practices:
    st.write("No good practice is recorded for this jurisdiction.")
for pid in practices:
    ui.record_row(pid, where="jur-practice")

st.header("Export this profile", divider="gray")
st.caption("Coverage of every core topic (gaps included), treaty status and every record, with this page's link.")
ui.downloads(
    lambda: profile_brief(corpus, code, link=ui.view_link("jurisdiction")), key="profile", formats=("csv", "json")
)
