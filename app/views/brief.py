"""Brief: the pinned provisions and practices, a link to share them, and exports."""

import streamlit as st

from app import tables, ui
from indexer.api import build_brief

corpus = ui.corpus()
ui.tab_title("Brief")
st.title("Brief")
pinned = ui.pins()
if not pinned:
    st.info(
        "Nothing is pinned yet. Use “Pin to brief” on a search result, a comparison, a jurisdiction "
        "or a provision page; pins stay with you from page to page and live in the address."
    )
    st.stop()

title = ui.url_text("title", "Title of the brief", placeholder="Brief")
st.markdown("**Share this brief** (the link carries the pins and the title):")
tables.preformatted(ui.share_url({"pin": pinned, **({"title": title} if title else {})}), "Link to this brief")

st.header("Export", divider="gray")
st.caption("Each export gives pinpoint citations, the “as of” dates and how to cite the dataset.")
ui.downloads(
    lambda: build_brief(
        corpus, pinned, title=title or "Brief", official=ui.wordings(pinned), link=ui.view_link("brief", with_pins=True)
    ),
    key="brief",
)

st.header(f"Pinned ({len(pinned)})", divider="gray")
st.caption("The exports list the records in this order.")
for rid in pinned:
    with st.container(border=True):
        ui.move_buttons(rid)
        ui.record_card(rid, where="brief")
