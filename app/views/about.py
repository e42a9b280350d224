"""About: what the data is and is not, coverage, dataset version, how to cite, how to report an error."""

from collections import Counter
from datetime import date

import streamlit as st

from app import tables, ui
from indexer.api import (
    DATA_LICENSE,
    CoverageState,
    LexcompareError,
    coverage_matrix,
    datapackage_zip,
    dataset_json,
    dataset_version,
    how_to_cite,
    report_url,
)

corpus = ui.corpus()
ui.tab_title("About")
st.title("About lexcompare")
st.markdown(
    "lexcompare is a comparative knowledge base of asylum and migration law as it affects migrant "
    "victims of domestic and gender-based violence: annotated provisions of national, EU and Council "
    "of Europe law, and good practices, indexed by jurisdiction and topic so that they can be found, "
    "read with their annotation and compared side by side."
)
st.header("What it is not", divider="gray")
st.markdown(
    "- **Not legal advice.** Summaries and annotations are the curators' own words; check the official "
    "text and its currency before relying on a provision, and get advice on any individual case.\n"
    "- **Not complete.** A gap is shown as a gap: *none* means a source says there is no such provision, "
    "*unknown* means nobody has looked yet.\n"
    "- **Not all equally checked.** Every record says whether it was verified against the official text, "
    "seen in a secondary source, or is an unverified lead, and when."
)

st.header("Coverage", divider="gray")
verification = Counter(e.provision.verification.status.value for e in corpus.provisions.values())
cols = st.columns(4)
for col, (label, count) in zip(
    cols,
    (
        ("Jurisdictions", len(corpus.jurisdictions)),
        ("Instruments", len(corpus.instruments)),
        ("Provisions", len(corpus.provisions)),
        ("Good practices", len(corpus.practices)),
    ),
    strict=True,
):
    col.metric(label, count)
st.markdown(
    "**Provisions by verification:** "
    + ", ".join(f"{status} {verification.get(status, 0)}" for status in ("official", "secondary", "unverified"))
)
held = ui.index().manifest.get("counts", {}).get("official_texts", 0)
st.markdown(
    f"**Official wording on this machine:** {held} of {len(corpus.provisions)} provisions"
    + ("." if held == len(corpus.provisions) else f"; for the rest, {ui.GET_WORDING}.")
)
matrix = coverage_matrix(corpus)
states = Counter(cell.state for cell in matrix.cells.values())
tables.show(
    [[str(states.get(state, 0))] for state in CoverageState],
    index=[ui.state_label(state) for state in CoverageState],
    columns=["Cells (jurisdiction × core topic)"],
    label="Coverage cells by state",
)
ui.page_link("compare", "See the full coverage matrix", icon=":material/grid_on:")

st.header("Dataset version and how to cite", divider="gray")
st.markdown(f"**Dataset version:** `{dataset_version(corpus)}`")
st.markdown("**How to cite this dataset:**")
tables.preformatted(how_to_cite(corpus), "How to cite this dataset")
manifest = ui.index().manifest
st.caption(f"Search index built at {manifest.get('built_at', 'an unknown time')}.")
if ui.corpus_problems():
    st.warning(f"The corpus has {ui.corpus_problems()} validation problems: `lexcompare validate` lists them.")

st.header("Download the dataset", divider="gray")
st.markdown(
    "The whole dataset, as `lexcompare export` writes it: the Frictionless data package (a ZIP of CSV tables — "
    "provisions, practices, coverage, jurisdictions, topics, the codebook, the coding and the assessment — with "
    "`datapackage.json` describing each column) and the same data as one JSON file. Both carry the dataset "
    "version, the date and this page's link; neither holds official statute wording."
)
link = ui.view_link("about")
day = date.today().isoformat()
with st.container(horizontal=True):
    st.download_button(
        "Download the data package (CSV, ZIP)",
        data=lambda: datapackage_zip(corpus, link),
        file_name=f"lexcompare-datapackage-{day}.zip",
        mime="application/zip",
        icon=":material/download:",
        on_click="ignore",
        key="download:dataset:zip",
    )
    st.download_button(
        "Download the dataset (JSON)",
        data=lambda: dataset_json(corpus, link).encode("utf-8"),
        file_name=f"lexcompare-dataset-{day}.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        key="download:dataset:json",
    )

st.header("Licence", divider="gray")
st.markdown(
    f"The data — our summaries, annotations, coverage and conditions — is licensed under "
    f"[{DATA_LICENSE['title']}]({DATA_LICENSE['path']}) ({DATA_LICENSE['name']}): reuse it with attribution, "
    "citing the dataset version above. Official statute wording is not part of it: it stays in this machine's "
    "text cache, under its publisher's terms, and no data export contains it. The software is MIT-licensed."
)

st.header("Report an error", divider="gray")
try:
    where = report_url()
except LexcompareError as err:
    where = None
    st.warning(f"{ui.md(str(err))}: whoever runs this copy can fix it.")
if where:
    st.markdown(f"Found a wrong citation, an outdated provision or a gap we could fill? **Report it here: <{where}>**")
else:
    st.markdown(
        "Found a wrong citation, an outdated provision or a gap we could fill? This copy of lexcompare has "
        "no address for reports configured (whoever runs it sets `LEXCOMPARE_REPORT_URL`); tell the people "
        "who run it."
    )
st.markdown(
    "Give the record id (shown on every provision page), what is wrong, and the official source that shows "
    "it. Corrections are reviewed like code: every change to the corpus is validated and keeps its history."
)
