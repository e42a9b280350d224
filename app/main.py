"""The lexcompare app: ``streamlit run app/main.py`` (or ``lexcompare app``).

Runs on every page view: sets up the page, keeps the pins in the URL, then runs
the chosen page from ``app/views/``.
"""

import sys
from pathlib import Path

# `streamlit run` puts app/ on sys.path, not the project root the packages live in.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import ui  # noqa: E402

# our own icon, sent as a data URL: a ":material/...:" page icon makes every browser fetch it from fonts.gstatic.com
st.set_page_config(page_title="lexcompare", page_icon=str(ROOT / "app" / "icon.svg"), layout="wide")

pages = [
    # the default page is served at "/" whatever its url_path: "home" only names it, and /search is the hidden
    # page below, the same view under its own path
    st.Page(ui.PAGES["search"], title="Search", icon=":material/search:", url_path="home", default=True),
    st.Page(ui.PAGES["compare"], title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page(ui.PAGES["jurisdiction"], title="Jurisdiction", icon=":material/flag:", url_path="jurisdiction"),
    st.Page(ui.PAGES["topic"], title="Topic", icon=":material/label:", url_path="topic"),
    st.Page(ui.PAGES["provisions"], title="Provisions", icon=":material/list:", url_path="provisions"),
    st.Page(ui.PAGES["provision"], title="Provision", icon=":material/article:", url_path="provision"),
    st.Page(ui.PAGES["brief"], title="Brief", icon=":material/description:", url_path="brief"),
    st.Page(ui.PAGES["about"], title="About", icon=":material/info:", url_path="about"),
]
# the paths people type or guess reach their page too (links the app makes use the first page of a script)
pages += [
    st.Page(ui.PAGES[view], title=title, url_path=path, visibility="hidden")
    for path, view, title in (
        ("search", "search", "Search"),
        ("jurisdictions", "jurisdiction", "Jurisdictions"),
        ("topics", "topic", "Topics"),
    )
]
page = st.navigation(pages)
ui.start_run()
ui.sync_pins()
ui.sidebar()
page.run()
