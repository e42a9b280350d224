"""What every page shares: the cached corpus and index, state kept in the URL, pins and rendering.

Pages stay thin: they read widgets through the ``url_*`` helpers (so every view can
be shared and reloaded), call :mod:`indexer`, and render with the helpers here.
Corpus text always goes through :func:`md` (escaped Markdown); the only raw HTML
the app shows is a search highlight, which the index escapes by construction, and
the tables and preformatted text of :mod:`app.tables`, which escape every text themselves.
"""

from __future__ import annotations

import gc
import re
import textwrap
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from app import tables
from indexer import api
from indexer.api import Brief, Corpus, CoverageState, Index, ProvisionStatus, VerificationStatus

PAGES = {
    "search": "views/search.py",
    "compare": "views/compare.py",
    "jurisdiction": "views/jurisdiction.py",
    "topic": "views/topic.py",
    "provision": "views/provision.py",
    "provisions": "views/provisions.py",
    "brief": "views/brief.py",
    "about": "views/about.py",
}

VERIFICATION_BADGES: dict[VerificationStatus, tuple[str, str, str]] = {
    # status -> (text, icon, colour); the text alone says it all, colour only repeats it
    VerificationStatus.official: ("Official text checked", ":material/verified:", "green"),
    VerificationStatus.secondary: ("Secondary source", ":material/menu_book:", "blue"),
    VerificationStatus.unverified: ("Unverified lead", ":material/warning:", "orange"),
}

# a provision whose official wording is not in this machine's text cache (never fetched, or fetched offline)
NO_WORDING_BADGE = ("Wording not on this machine", ":material/cloud_off:", "gray")
GET_WORDING = (
    "`lexcompare sources fetch` (online) or `lexcompare sources import DIR`, then `lexcompare build`, brings it here"
)

STATE_LEGEND = (
    f"{api.STATE_SYMBOL[CoverageState.provisions]} recorded · {api.STATE_SYMBOL[CoverageState.none]}: researched, "
    f"no such provision · {api.STATE_SYMBOL[CoverageState.unknown]}: not yet researched · "
    f"{api.STATE_SYMBOL[CoverageState.not_applicable]}: cannot apply"
)

# what a download button calls a format
FORMAT_LABELS = {"docx": "Word", "csl": "CSL-JSON"}

# --- data, loaded once per index generation, looked up once per script run ------------
#
# The corpus and the index are cached for the process, keyed on the index generation:
# the first page view after a `lexcompare build` loads the new data (no restart), the
# ones after it share it.  The corpus is read through the build's parse cache, so only
# files changed since the build are parsed.  A page asks for the corpus hundreds of
# times (every label); each run looks the generation and the cached values up once.

_run = threading.local()


def start_run() -> None:
    """Forget what this thread's previous script run looked up: app/main.py calls it first, on every run."""
    _run.memo = {}


def _once(key: str, load: Callable[[], Any]) -> Any:
    memo: dict[str, Any] | None = getattr(_run, "memo", None)
    if memo is None:  # a script that never called start_run (a test's): nothing is kept between calls
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def _where() -> tuple[str, str, str]:
    """(corpus folder, index folder, index generation) this run reads; the generation is "" without an index."""

    def look() -> tuple[str, str, str]:
        index_path = api.index_dir()
        return str(api.corpus_dir()), str(index_path), api.current_generation(index_path)

    where: tuple[str, str, str] = _once("where", look)
    return where


@st.cache_resource(show_spinner="Loading the corpus…", max_entries=2)
def _load_corpus(corpus_path: str, index_path: str, generation: str) -> tuple[Corpus, int]:
    corpus, problems = api.load_corpus(Path(corpus_path), api.parse_cache(Path(index_path)))
    # the corpus lives as long as its generation is served: keep the collector from walking it on every
    # full pass (those passes were the p95 spikes of the compare page)
    gc.freeze()
    return corpus, len(problems)


@st.cache_resource(show_spinner="Opening the index…", max_entries=2)
def _open_index(path: str, generation: str) -> Index:
    return api.open_index(Path(path))


@st.cache_resource(show_spinner=False, max_entries=2)
def _stale(index_path: str, generation: str, corpus_path: str) -> bool:
    return _open_index(index_path, generation).is_stale(Path(corpus_path))


def _or_stop(load: Callable[[], Any], what: str) -> Any:
    try:
        return load()
    except api.LexcompareError as err:
        st.error(f"Cannot open the {what}: {md(str(err))}")
        st.stop()


def _corpus() -> tuple[Corpus, int]:
    loaded: tuple[Corpus, int] = _once("corpus", lambda: _or_stop(lambda: _load_corpus(*_where()), "corpus"))
    return loaded


def corpus() -> Corpus:
    """The corpus, loaded once per index generation (the page stops with a message if it cannot be read)."""
    return _corpus()[0]


def corpus_problems() -> int:
    """How many problems loading the corpus found (``lexcompare validate`` lists them)."""
    return _corpus()[1]


def index() -> Index:
    """The search index, opened once per generation (the page stops with a message if it is missing)."""
    _, path, generation = _where()
    opened: Index = _once(
        "index", lambda: _or_stop(lambda: _open_index(path, generation), "index (run `lexcompare build`)")
    )
    return opened


@st.cache_resource(show_spinner=False, ttl=600)
def _wording_changes(where: tuple[str, str, str], texts_path: str, instrument_id: str) -> dict[str, ProvisionStatus]:
    return api.wording_changes(_load_corpus(*where)[0], Path(texts_path), instrument_id)


def _change_status(pid: str) -> ProvisionStatus | None:
    """Whether a provision's official wording changed since it was verified (None: cannot tell)."""
    instrument_id = corpus().provisions[pid].instrument_id
    try:
        return _wording_changes(_where(), str(api.texts_dir()), instrument_id).get(pid)
    except api.LexcompareError:
        return None


def currency(pid: str, doc: dict[str, Any] | None) -> api.Currency:
    """A provision's currency (status, version of the wording, changed since annotated), ready to show."""
    return api.provision_currency(corpus(), pid, doc, _change_status(pid))


def wording(pid: str) -> dict[str, Any] | None:
    """A provision's stored index document when it carries the official wording, else None."""
    doc = index().document(pid)
    return doc if doc and doc.get("official_text") else None


def wordings(ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored documents with official wording of these ids (what a brief quotes)."""
    return {rid: doc for rid in ids if (doc := wording(rid))}


def retrieved_on(doc: dict[str, Any]) -> str:
    """The day an official text was retrieved."""
    return str(doc.get("official_retrieved", ""))[:10]


# --- state in the URL -------------------------------------------------------------
#
# A widget's value is seeded from the URL whenever the URL changed since the app
# last wrote it (a shared link, a link to the same page, back/forward) and written
# back after every run, so the address bar always reproduces the view.

_SYNCED = "_url:"


def _seed(key: str, url_value: Any, parse: Callable[[Any], Any]) -> None:
    if key not in st.session_state or st.session_state.get(_SYNCED + key) != url_value:
        st.session_state[key] = parse(url_value)
        st.session_state[_SYNCED + key] = url_value
    else:
        # Re-assigning keeps the value when another page's widget used the same key.
        st.session_state[key] = st.session_state[key]


def _write(key: str, url_value: str | list[str] | None) -> None:
    if url_value in (None, "", []):
        st.query_params.pop(key, None)
        st.session_state[_SYNCED + key] = [] if isinstance(url_value, list) else None
    else:
        st.query_params[key] = url_value
        st.session_state[_SYNCED + key] = url_value


def url_text(key: str, label: str, **kwargs: Any) -> str:
    """A text box whose value is ``?key=...``."""
    _seed(key, st.query_params.get(key), lambda v: (v or "")[:URL_TEXT_CHARS])
    value: str = st.text_input(label, key=key, **kwargs)
    _write(key, value.strip())
    return value.strip()


def url_checkbox(key: str, label: str, **kwargs: Any) -> bool:
    """A checkbox that is ``?key=1`` when ticked."""
    _seed(key, st.query_params.get(key), lambda v: v == "1")
    value: bool = st.checkbox(label, key=key, **kwargs)
    _write(key, "1" if value else None)
    return value


def url_list(key: str, options: Sequence[str], limit: int | None = None) -> list[str]:
    """The values of ``?key=a&key=b`` among ``options``, at most ``limit`` (what :func:`url_multiselect` shows)."""

    def keep(values: Iterable[str]) -> list[str]:
        return [v for v in dict.fromkeys(values) if v in options][:limit]

    _seed(key, st.query_params.get_all(key), keep)
    # another page's widget may have left a value under this key that this one cannot take
    st.session_state[key] = keep(st.session_state[key])
    return list(st.session_state[key])


def _typed(key: str) -> str:
    return _SYNCED + "typed:" + key


def _resolver_kwargs(
    key: str, options: Sequence[str], resolve: Callable[[str], str | None] | None, many: bool
) -> dict[str, Any]:
    """Widget options that send whatever a person types through the library's ``resolve``.

    The browser filters the list by the labels it shows ("Norway (NO)"); a name it does not
    show ("Norge", "Czechia", a topic's word in Czech) is accepted as typed and resolved here,
    to one option, never two from one entry.
    """
    if resolve is None:
        return {}

    def one(value: Any) -> str | None:
        if value is None or value in options:
            return value
        found = resolve(str(value))
        if found not in options:
            st.session_state[_typed(key)] = str(value)
            return None
        return found

    def resolve_typed() -> None:
        st.session_state.pop(_typed(key), None)
        value = st.session_state.get(key)
        if many:
            chosen = [found for v in value or [] if (found := one(v)) is not None]
            st.session_state[key] = list(dict.fromkeys(chosen))
        else:
            st.session_state[key] = one(value)

    widget: dict[str, Any] = {"accept_new_options": True, "filter_mode": "contains", "on_change": resolve_typed}
    if many:
        widget["select_all"] = False  # "Select 2 matches" would add two entries for one name
    return widget


def _report_typed(key: str, options: Sequence[str]) -> None:
    typed = st.session_state.get(_typed(key))
    if typed is not None:
        st.warning(md(f"Nothing is called {typed!r} here{api.did_you_mean(typed, options)}."))


def url_multiselect(
    key: str,
    label: str,
    options: Sequence[str],
    *,
    resolve: Callable[[str], str | None] | None = None,
    **kwargs: Any,
) -> list[str]:
    """A multiselect whose choices are ``?key=a&key=b``; values the options lack, or beyond its maximum, are dropped.

    With ``resolve``, what a person types is resolved to one option (see :func:`_resolver_kwargs`).
    """
    url_list(key, options, kwargs.get("max_selections"))
    kwargs |= _resolver_kwargs(key, options, resolve, many=True)
    value: list[str] = st.multiselect(label, options, key=key, **kwargs)
    _report_typed(key, options)
    _write(key, list(value))
    return value


def jurisdictions_picker(corpus: Corpus) -> list[str]:
    """The jurisdictions to show (``?j=``): none chosen means all; what is typed resolves a name in any language."""
    return url_multiselect(
        "j",
        "Jurisdictions",
        sorted(corpus.jurisdictions),
        resolve=lambda text: api.resolve_jurisdiction(corpus, text),
        format_func=jurisdiction_label,
        placeholder="All of them, or choose some",
    )


def url_choice(
    key: str,
    label: str,
    options: Sequence[str],
    *,
    resolve: Callable[[str], str | None] | None = None,
    default: str | None = None,
    widget: Callable[..., Any] = st.selectbox,
    **kwargs: Any,
) -> str | None:
    """A select box (or another single-choice ``widget``) whose choice is ``?key=...``.

    ``resolve`` maps what a person may type, in a URL or in the box (an alias, a
    name in another language, an old id, a misspelt name) to an option; a value
    that resolves to nothing is reported with a suggestion and dropped.
    """

    def parse(raw: str | None) -> str | None:
        if raw is None:
            return default
        value = resolve(raw) if resolve else raw
        if value in options:
            return value
        st.session_state[_SYNCED + "error:" + key] = raw
        return default

    st.session_state.pop(_SYNCED + "error:" + key, None)
    _seed(key, st.query_params.get(key), parse)
    bad = st.session_state.get(_SYNCED + "error:" + key)
    if bad is not None:
        # what the URL said is shown, never interpreted: it may be anything
        shown = bad[:ECHO_CHARS]
        st.error(f"Nothing is called {echo(repr(bad))} here{md(api.did_you_mean(shown, options))}; choose below.")
    if widget is st.selectbox:
        kwargs |= _resolver_kwargs(key, options, resolve, many=False)
    value: str | None = widget(label, options, key=key, **kwargs)
    _report_typed(key, options)
    _write(key, value)
    return value


def url_int(key: str, default: int) -> int:
    """A positive integer kept in ``?key=...`` (for state set by buttons, such as "show more")."""
    raw = st.query_params.get(key, "")
    # ASCII digits only: str.isdigit() also accepts superscripts that int() refuses
    return int(raw) if re.fullmatch(r"[0-9]{1,5}", raw) and int(raw) > 0 else default


def set_url_int(key: str, value: int, default: int) -> None:
    """Set (or, at its default, remove) ``?key=...``."""
    _write(key, None if value == default else str(value))


# --- pins ---------------------------------------------------------------------------
#
# Pins live in the session and in ``?pin=`` on every page.  A URL with pins (a shared
# brief, a link) wins; a URL without them (the navigation menu drops the query
# string) gets them back.

PIN_KEY = "pin"


def sync_pins() -> list[str]:
    """Reconcile the pins of the session with the URL; call once per run, before the page."""
    known = corpus()
    in_url, unknown = [], []
    for raw in dict.fromkeys(st.query_params.get_all(PIN_KEY)):
        try:
            in_url.append(api.resolve_id(known, raw))
        except api.NotFound:
            unknown.append(raw)
    if unknown:
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        st.sidebar.warning("Left out of the brief, no such record: " + ", ".join(map(echo, unknown[:5])) + more)
    if in_url:
        st.session_state[PIN_KEY] = list(dict.fromkeys(in_url))
    pins: list[str] = st.session_state.setdefault(PIN_KEY, [])
    if pins:
        st.query_params[PIN_KEY] = pins
    else:
        st.query_params.pop(PIN_KEY, None)
    return list(pins)


def pins() -> list[str]:
    """The ids pinned in this session, in the order they were pinned."""
    return list(st.session_state.get(PIN_KEY, []))


def _set_pins(new: list[str]) -> None:
    st.session_state[PIN_KEY] = new
    if new:
        st.query_params[PIN_KEY] = new
    else:
        st.query_params.pop(PIN_KEY, None)


def _toggle_pin(record_id: str) -> None:
    current = pins()
    _set_pins([p for p in current if p != record_id] if record_id in current else [*current, record_id])


def _move_pin(record_id: str, step: int) -> None:
    current = pins()
    i = current.index(record_id)
    current[i], current[i + step] = current[i + step], current[i]
    _set_pins(current)


def move_buttons(record_id: str) -> None:
    """Buttons that move a pinned record up or down the brief (the order the exports follow)."""
    current = pins()
    i = current.index(record_id)
    with st.container(horizontal=True):
        for label, icon, step, possible in (
            ("Move up", ":material/arrow_upward:", -1, i > 0),
            ("Move down", ":material/arrow_downward:", 1, i < len(current) - 1),
        ):
            st.button(
                label,
                key=f"move:{step}:{record_id}",
                icon=icon,
                disabled=not possible,
                on_click=_move_pin,
                args=(record_id, step),
                type="tertiary",
            )


def pin_button(record_id: str, *, where: str = "") -> None:
    """A button that pins a record to the brief, or unpins it."""
    pinned = record_id in pins()
    st.button(
        "Unpin" if pinned else "Pin to brief",
        key=f"pin:{where}:{record_id}",
        icon=":material/keep_off:" if pinned else ":material/keep:",
        on_click=_toggle_pin,
        args=(record_id,),
        help="Remove from the brief" if pinned else "Add to the brief (see the Brief page)",
    )


def pin_links() -> dict[str, list[str]]:
    """Query parameters that carry the pins along a link."""
    return {PIN_KEY: pins()} if pins() else {}


# --- labels and badges --------------------------------------------------------------


def md(text: str | None) -> str:
    """Corpus text as literal Markdown (escaped): safe to hand to ``st.markdown``."""
    return api.md_escape(text or "")


ECHO_CHARS = 80  # of a value from the URL shown back in a message: a 50 KB value is not a message
URL_TEXT_CHARS = 400  # of a text box's value taken from the URL (what a query may have)


def echo(value: str) -> str:
    """A value from the URL as a message shows it: cut to ECHO_CHARS, then escaped."""
    return md(value if len(value) <= ECHO_CHARS else value[:ECHO_CHARS] + "…")


def jurisdiction_label(code: str) -> str:
    """``Norway (NO)``."""
    return api.jurisdiction_label(corpus(), code)


def topic_label(topic_id: str) -> str:
    """A topic's English label (its id when the topic is unknown)."""
    return api.topic_label(corpus(), topic_id)


def record_label(record_id: str) -> str:
    """A short label for a provision (``NO · utlendingsloven § 53``) or practice (its title)."""
    return api.record_label(corpus(), record_id)


def standard_refs(*, with_topics: bool = False) -> list[str]:
    """Every standard reference a provision (and, ``with_topics``, a topic) names, sorted."""
    return api.standard_refs(corpus(), with_topics=with_topics)


def standard_label(ref: str) -> str:
    """A standard reference as people write it: ``Istanbul Convention art. 59(1)``."""
    return api.standard_label(corpus(), ref)


def state_label(state: CoverageState) -> str:
    """A coverage state in words and a symbol, never colour alone."""
    return api.STATE_SYMBOL[state]


def verification_badge(status: VerificationStatus | str, date: Any = None) -> None:
    """A badge saying how far a record was verified, and when."""
    text, icon, color = VERIFICATION_BADGES[VerificationStatus(status)]
    if date:
        text += f", verified {date}"
    st.badge(text, icon=icon, color=color)


def record_link(record_id: str, label: str | None = None) -> None:
    """A link to a record's own page (its permalink), carrying the pins."""
    st.page_link(
        PAGES["provision"],
        label=md(label or record_label(record_id)),
        icon=":material/article:",
        query_params={"id": record_id, **pin_links()},
    )


def page_link(page: str, label: str, params: dict[str, str] | None = None, **kwargs: Any) -> None:
    """A link to another page of the app with its view state, carrying the pins."""
    st.page_link(PAGES[page], label=md(label), query_params={**(params or {}), **pin_links()}, **kwargs)


# what the index's highlighter wraps matches in; everything else in a snippet is escaped text
_MARK = re.compile(r'(<mark(?: class="[\w -]*")?>|</mark>)')


def highlight_markdown(html_snippet: str) -> str:
    """A search snippet as Markdown: ``<mark>`` tags kept (without attributes), the text escaped."""
    parts = _MARK.split(html_snippet)
    return "".join(("</mark>" if p == "</mark>" else "<mark>") if _MARK.fullmatch(p) else md(p) for p in parts)


def highlight(html_snippet: str) -> None:
    """A search snippet with its matches marked: the one place the app passes HTML to Streamlit."""
    st.markdown(highlight_markdown(html_snippet), unsafe_allow_html=True)


def tab_title(text: str) -> None:
    """The browser tab's title for this view (``§ 53 utlendingsloven — lexcompare``): history and bookmarks differ."""
    st.set_page_config(page_title=f"{' '.join(text.split())} — lexcompare")


def pick(
    key: str,
    label: str,
    options: Sequence[str],
    empty_title: str,
    hint: str = "",
    landing: Callable[[], None] | None = None,
    **kwargs: Any,
) -> str:
    """The record a page is about, chosen in the URL or a select box; without one, the page shows its
    ``landing`` (what there is to browse) and stops."""
    value = url_choice(key, label, options, index=None, **kwargs)
    if value is None:
        tab_title(empty_title)
        st.title(empty_title)
        if hint:
            st.write(hint)
        if landing:
            landing()
        st.stop()
    return value


def source_line(title: str, url: str | None) -> str:
    """A source as Markdown: its title, escaped, and its address as a link when it is a plain URL."""
    if url and re.fullmatch(r"https?://[^\s<>]+", url):
        return f"{md(title)} — <{url}>"
    return md(title) + (f" — {md(url)}" if url else "")


def diff_markdown(ops: Iterable[tuple[str, str]]) -> str:
    """A word diff as escaped Markdown: deletions struck through, insertions bold (colour only repeats it)."""
    parts = []
    for op, text in ops:
        core = text.strip()
        if op == "equal" or not core:
            parts.append(md(text))
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        mark, colour = ("~~", "red") if op == "delete" else ("**", "green")
        parts.append(f"{lead}:{colour}[{mark}{md(core)}{mark}]{trail}")
    return "".join(parts)


def href(page: str, params: dict[str, str]) -> str:
    """A relative link to another page with its view state and the pins, for a Markdown cell."""
    query: dict[str, str | list[str]] = {**params, **pin_links()}
    return f"{PAGES[page].removeprefix('views/').removesuffix('.py')}?{urlencode(query, doseq=True)}"


def labelled(label: str, text: str | None) -> None:
    """A bold label and a paragraph of corpus text (nothing when there is no text)."""
    if text:
        st.markdown(f"**{md(label)}:** {md(text.strip())}")


def share_url(params: dict[str, str | list[str]]) -> str:
    """The address of this page with ``params``: what to paste to share the view."""
    query = urlencode(params, doseq=True)
    return f"{st.context.url or ''}?{query}" if st.context.url else f"?{query}"


def cite_and_link(cite: str, record_id: str) -> None:
    """A record's citation line and its permalink, side by side, ready to copy."""
    left, right = st.columns(2)
    with left:
        st.markdown("**Cite as:**")
        tables.preformatted(cite, "Cite as")
    with right:
        st.markdown("**Permalink:**")
        tables.preformatted(share_url({"id": record_id}), "Permalink")


def related(pid: str) -> dict[str, list[str]]:
    """Records related to a provision, by reason (see :func:`indexer.api.related`)."""
    return api.related(corpus(), index(), pid)


# --- records ------------------------------------------------------------------------


def actions(record_id: str, *, where: str, open_label: str = "Open") -> None:
    """A record's permalink and its pin button, side by side."""
    with st.container(horizontal=True, vertical_alignment="center"):
        record_link(record_id, open_label)
        pin_button(record_id, where=where)


def provision_card(pid: str, *, where: str, show_wording: bool = True) -> None:
    """One provision in a column or a list: citation, summary, conditions, wording, annotation."""
    known = corpus()
    entry = known.provisions[pid]
    prov = entry.provision
    st.markdown(f"#### {md(prov.pinpoint)} — {md(prov.heading)}")
    st.caption(md(f"{jurisdiction_label(entry.jurisdiction)} · {api.citation(known, pid)}"))
    verification_badge(prov.verification.status, prov.verification.date)
    if prov.good_practice:
        st.badge(f"Good practice (according to {md(prov.good_practice.by)})", icon=":material/star:", color="violet")
    st.markdown(md(prov.summary.strip()))
    doc = wording(pid) if show_wording else None
    if doc:
        with st.expander(f"Official wording (retrieved {retrieved_on(doc)})"):
            st.markdown(md(doc["official_text"]))
            st.caption(md(doc.get("official_source")))
    labelled("Annotation", prov.annotation)
    if prov.good_practice:
        labelled("Why it is good practice", prov.good_practice.why)
    actions(pid, where=where)


def practice_card(pid: str, *, where: str) -> None:
    """One good practice: what it does, who runs it, evidence, sources."""
    entry = corpus().practices[pid]
    practice = entry.practice
    st.markdown(f"#### {md(practice.title)}")
    where = [jurisdiction_label(entry.jurisdiction), ", ".join(practice.organisations + practice.places)]
    st.caption(md(" · ".join(where + ([practice.period] if practice.period else []))))
    verification_badge(practice.verification.status, practice.verification.date)
    st.markdown(md(practice.summary.strip()))
    labelled("Evidence", practice.evidence)
    actions(pid, where=where)


def record_row(record_id: str, *, where: str) -> None:
    """A record in a long list: its permalink, a line of summary, its verification and a pin button."""
    known = corpus()
    if record_id in known.provisions:
        prov = known.provisions[record_id].provision
        label = textwrap.shorten(f"{api.short_citation(known, record_id)} — {prov.heading}", 100, placeholder=" …")
        summary, verification = prov.summary, prov.verification
    else:
        practice = known.practices[record_id].practice
        label = textwrap.shorten(f"Good practice: {practice.title}", 100, placeholder=" …")
        summary, verification = practice.summary, practice.verification
    with st.container(border=True):
        record_link(record_id, label)
        st.caption(md(textwrap.shorten(summary, 240, placeholder=" …")))
        with st.container(horizontal=True, vertical_alignment="center"):
            verification_badge(verification.status, verification.date)
            pin_button(record_id, where=where)


def opened(parent: Any, label: str, *, key: str) -> Any | None:
    """An expander in ``parent`` whose contents are drawn only while it is open (opening it reruns the page):
    a page of closed boxes sends and draws none of their records on its first paint."""
    box = parent.expander(label, key=key, on_change="rerun")
    return box if box.open else None


def record_card(record_id: str, *, where: str) -> None:
    """A provision or practice card, whichever the id names."""
    if record_id in corpus().provisions:
        provision_card(record_id, where=where)
    else:
        practice_card(record_id, where=where)


def view_link(page: str, *, with_pins: bool = False) -> str:
    """The permalink of this view, for exports (absolute when ``LEXCOMPARE_BASE_URL`` is set)."""
    params = {k: st.query_params.get_all(k) for k in st.query_params if with_pins or k != PIN_KEY}
    return api.permalink(page, params)


def downloads(
    build: Callable[[], Brief],
    *,
    key: str,
    formats: Sequence[str] = tuple(api.BRIEF_FORMATS),
    title: str | None = None,
) -> None:
    """One download button per export format (all of :data:`indexer.api.BRIEF_FORMATS` by default).

    With the brief's ``title`` given, the brief is built only when a button is clicked (its file
    name needs nothing else): for an export whose records cost a search of their own.
    """
    brief = build() if title is None else None
    cols = st.columns(len(formats))
    for col, fmt in zip(cols, formats, strict=True):
        mime = api.BRIEF_FORMATS[fmt][0]
        with col:
            st.download_button(
                f"Download {FORMAT_LABELS.get(fmt, fmt.upper())}",
                data=lambda fmt=fmt: api.render(brief or build(), fmt),
                file_name=api.filename(brief or title or "", fmt),
                mime=mime,
                key=f"download:{key}:{fmt}",
                icon=":material/download:",
                on_click="ignore",
            )


def sidebar() -> None:
    """Pins and index facts in the sidebar of every page."""
    with st.sidebar:
        pinned = pins()
        st.markdown(f"**Brief:** {len(pinned)} pinned")
        for pid in pinned:
            st.caption(md(record_label(pid)))
        if pinned:
            page_link("brief", "Open the brief", icon=":material/description:")
        index()  # stops the page with a message when there is no index
        corpus_path, index_path, generation = _where()
        if _stale(index_path, generation, corpus_path):
            st.warning("The index is older than the corpus: run `lexcompare build`.")
