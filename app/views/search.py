"""Search: one box for words in any corpus language, citations and typos; filters with counts."""

import streamlit as st

from app import ui
from indexer.api import FILTERS, MAX_LIMIT, Filters, LexcompareError, build_brief

PAGE_SIZE = 10  # results a page opens with: each is nine elements for the browser to draw; "Show more" adds ten

corpus = ui.corpus()
st.title("Search")
st.caption(
    "Search provisions and good practices in any corpus language, by words, names or citations "
    "(typos are forgiven): “utlendingsloven § 53”, “forced marriage”, “Istanbul 59”, “nucená manželství”."
)
query = ui.url_text("q", "Search", placeholder="Words, a citation or a name", icon=":material/search:")
ui.tab_title(f"Search: {query}" if query.strip() else "Search")

filters, results = st.columns([1, 3], gap="large")
index = ui.index()
# every filter with a URL key is a widget: a tick box, or a list of the values the index holds
switches = [f for f in FILTERS if f.key and f.switch]
lists = {
    f: sorted(index.choices(f.name), key=lambda v, f=f: f.show(corpus, v)) for f in FILTERS if f.key and not f.switch
}

# The search runs on the filters' values from the last run (or the URL), so the
# filters below can show how many results each value has.
with filters:
    st.header("Filters", divider="gray")
    ticked = {f.name: ui.url_checkbox(f.key, f"{f.label} only") for f in switches}
chosen = {f.name: ui.url_list(f.key, options) for f, options in lists.items()}
limit = min(ui.url_int("n", PAGE_SIZE), MAX_LIMIT)  # a hand-made ?n=99999 shows the most one page may
# "search instead for the words typed" and "search all jurisdictions" hold for the query they were chosen for
exact = bool(query) and st.query_params.get("exact") == query
everywhere = bool(query) and st.query_params.get("everywhere") == query
try:
    searched = Filters.of(**chosen, **ticked)
    result = index.search(query, searched, limit=limit, exact=exact, everywhere=everywhere)
except LexcompareError as err:  # e.g. a filter value the (older) index does not know
    st.error(f"The search could not run: {ui.md(str(err))}")
    st.stop()

with filters:
    for f, options in lists.items():
        counts = result.facets.get(f.name, {})
        ui.url_multiselect(
            f.key,
            f.label,
            options,
            format_func=lambda v, f=f, counts=counts: f"{f.show(corpus, v)} ({counts.get(v, 0)})",
            placeholder="Any",
        )

with results:
    if result.suggestion and result.suggestion.used:
        st.markdown(f"Showing results for **{ui.md(result.suggestion.text)}**.")
        st.button(
            f"Search instead for “{ui.md(result.suggestion.typed)}”",
            on_click=st.query_params.__setitem__,
            args=("exact", query),
            type="tertiary",
            icon=":material/undo:",
        )
    elif result.suggestion:
        st.markdown(f"Did you mean **{ui.md(result.suggestion.text)}**?")
        st.button(
            f"Search for “{ui.md(result.suggestion.text)}”",
            on_click=st.session_state.__setitem__,
            args=("q", result.suggestion.text),
            type="tertiary",
            icon=":material/spellcheck:",
        )
    if result.place:
        names = ", ".join(ui.jurisdiction_label(code) for code in result.place.codes)
        st.markdown(f"In **{ui.md(names)}** first, read from “{ui.md(' '.join(result.place.words))}”.")
        st.button(
            "Search all jurisdictions",
            on_click=st.query_params.__setitem__,
            args=("everywhere", query),
            type="tertiary",
            icon=":material/public:",
        )
    shown = len(result.hits)
    what = "records" if not query else f"result{'s' if result.total != 1 else ''}"
    st.header(f"{result.total} {what}", divider="gray")
    if not result.total:
        st.write("Nothing matches. Try fewer words, another language, or remove a filter.")
    else:
        by_place = result.facets.get("jurisdiction", {})
        st.caption("By jurisdiction: " + " · ".join(f"{code} {count}" for code, count in by_place.items()))
    for n, hit in enumerate(result.hits):
        with st.container(border=True):
            st.subheader(f"{ui.md(hit.pinpoint or '')} {ui.md(hit.heading)}".strip(), anchor=False)
            kind = "Good practice" if hit.doc_type == "practice" else ui.md(hit.instrument)
            st.caption(f"{ui.md(ui.jurisdiction_label(hit.jurisdiction))} · {kind}")
            ui.highlight(hit.highlight or ui.md(hit.summary))
            st.markdown("**Topics:** " + ", ".join(ui.md(ui.topic_label(t)) for t in hit.topics))
            ui.verification_badge(hit.verification)
            ui.actions(hit.id, where=f"hit{n}", open_label="Open permalink")
    if shown:
        every = min(result.total, MAX_LIMIT)
        extent = f"the first {every} of {result.total} results"
        if every == result.total:
            extent = "the one result" if every == 1 else f"all {every} results"
        st.caption(f"Download {extent}, with this search's link, the dataset version and the date:")
        title, link = f"Search: {query or 'everything'}", ui.view_link("search")
        ui.downloads(  # built on click: the whole result set is a search of its own
            lambda: build_brief(
                corpus,
                [hit.id for hit in index.search(query, searched, limit=every, exact=exact, everywhere=everywhere).hits],
                title=title,
                link=link,
            ),
            key="search",
            formats=("csv", "json"),
            title=title,
        )
    if shown < result.total and limit < MAX_LIMIT:
        st.button(
            f"Show more results ({result.total - shown} more)",
            on_click=ui.set_url_int,
            args=("n", limit + PAGE_SIZE, PAGE_SIZE),
            icon=":material/expand_more:",
        )
