"""The Streamlit app, page by page, with AppTest against an index of the real corpus."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Selectbox

from app import tables, ui
from app.tables import Cell
from indexer.coded import coded
from indexer.compare import coverage_matrix, standard_comparison
from indexer.load import load_corpus
from indexer.text import md_escape

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "app" / "main.py"
S53 = "no/utlendingsloven/s53"
PRACTICE = "cz/practices/simi-seif-comparative-analysis"
#: a "<" that is neither escaped, nor a search mark, nor an autolink
RAW_ANGLE = re.compile(r"(?<!\\)<(?!/?mark>|https?://)")


@pytest.fixture(autouse=True)
def app_env(monkeypatch: pytest.MonkeyPatch, real_corpus: Path, built_index: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("LEXCOMPARE_CORPUS", str(real_corpus))
    monkeypatch.setenv("LEXCOMPARE_INDEX", str(built_index))
    monkeypatch.setenv("LEXCOMPARE_TEXTS", str(tmp_path / "texts"))


def open_page(page: str, **params: str | list[str]) -> AppTest:
    """Run the app on ``page`` with these query parameters, as a browser opening the URL would."""
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page != "search":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything the page wrote as Markdown, captions and headings, in one string."""
    parts = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.header, *at.subheader)]
    return "\n".join(str(p) for p in parts)


def links(at: AppTest) -> list[str]:
    """The proto of every page link, as text (label, page and query string)."""
    return [str(e.proto) for e in at.get("page_link")]


@pytest.mark.parametrize(
    ("page", "params", "title"),
    [
        pytest.param("search", {}, "Search", id="search-empty"),
        pytest.param("search", {"q": "utlendingsloven § 53"}, "Search", id="search-citation"),
        pytest.param("compare", {}, "Compare", id="compare-default"),
        pytest.param("compare", {"topic": "residence-autonomy", "j": ["NO", "ES"]}, "Compare", id="compare-topic"),
        pytest.param(
            "compare", {"by": "standard", "std": "coe-istanbul:59(1)", "j": ["NO"]}, "Compare", id="compare-std"
        ),
        pytest.param("jurisdiction", {}, "Jurisdictions", id="jurisdiction-empty"),
        pytest.param("jurisdiction", {"code": "NO"}, "Norway (NO)", id="jurisdiction-no"),
        pytest.param("topic", {}, "Topics", id="topic-empty"),
        pytest.param("topic", {"id": "residence-autonomy"}, None, id="topic"),
        pytest.param("provision", {}, "Provisions", id="provision-empty"),
        pytest.param("provisions", {}, "Provisions", id="provisions"),
        pytest.param("provisions", {"j": ["NO"], "sort": "verified", "q": "§"}, "Provisions", id="provisions-narrowed"),
        pytest.param("provision", {"id": S53}, "§ 53 — ", id="provision"),
        pytest.param("provision", {"id": PRACTICE}, None, id="practice"),
        pytest.param("brief", {}, "Brief", id="brief-empty"),
        pytest.param("brief", {"pin": [S53, PRACTICE]}, "Brief", id="brief-pinned"),
        pytest.param("about", {}, "About lexcompare", id="about"),
    ],
)
def test_every_page_renders(page: str, params: dict[str, str | list[str]], title: str | None) -> None:
    at = open_page(page, **params)
    assert not at.error, [e.value for e in at.error]
    assert len(at.title) == 1, "one h1 per page"
    if title is not None:
        assert at.title[0].value.startswith(title)


def test_search_for_a_citation_puts_it_first_with_its_permalink() -> None:
    at = open_page("search", q="utlendingsloven § 53")
    assert at.subheader[0].value.startswith("§ 53")
    first_link = links(at)[0]
    assert "id=no%2Futlendingsloven%2Fs53" in first_link
    assert at.query_params["q"] == "utlendingsloven § 53"


def test_typing_a_search_updates_the_url() -> None:
    at = open_page("search")
    at.text_input(key="q").input("forced marriage").run()
    assert at.query_params["q"] == "forced marriage"
    assert at.header[1].value.endswith("results")


def test_misspelt_search_says_what_it_searched_for_and_offers_the_words_typed() -> None:
    at = open_page("search", q="utlendingslovn 53")
    assert "Showing results for **utlendingsloven 53**." in texts(at)
    next(b for b in at.button if b.label.startswith("Search instead for")).click().run()
    assert at.query_params["exact"] == "utlendingslovn 53"
    assert "Did you mean **utlendingsloven 53**?" in texts(at)
    next(b for b in at.button if b.label.startswith("Search for")).click().run()
    assert at.query_params["q"] == "utlendingsloven 53"


def test_a_place_in_the_words_comes_first_with_the_way_out() -> None:
    at = open_page("search", q="forced marriage offence Italy")
    assert "In **Italy (IT)** first" in texts(at)
    assert at.subheader[0].value.startswith("art. 558-bis")
    next(b for b in at.button if b.label == "Search all jurisdictions").click().run()
    assert at.query_params["everywhere"] == "forced marriage offence Italy"
    assert "In **Italy (IT)** first" not in texts(at)


class _TypedSelectbox(Selectbox[str]):
    """A select box as the browser reports it after a name its list does not show was typed and entered."""

    @property
    def _widget_state(self) -> WidgetState:
        return WidgetState(id=self.id, string_value=str(self._value))


def type_into(box: Selectbox[str], text: str) -> Selectbox[str]:
    """Type ``text`` into a select box that accepts new options (AppTest's set_value takes listed ones only)."""
    box.__class__ = _TypedSelectbox
    box._value = text
    return box


@pytest.mark.parametrize(
    ("page", "key", "typed", "chosen"),
    [
        ("jurisdiction", "code", "Norge", "NO"),
        ("jurisdiction", "code", "Czechia", "CZ"),
        ("topic", "id", "oppholdstillatelse", "residence-autonomy"),
        ("topic", "id", "kjønnslemlestelse", "fgm"),
        ("compare", "topic", "nucený sňatek", "forced-marriage"),
    ],
)
def test_a_picker_resolves_what_is_typed_to_one_choice(page: str, key: str, typed: str, chosen: str) -> None:
    at = open_page(page)
    type_into(at.selectbox(key=key), typed).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params[key] == chosen
    assert not at.warning


def test_typing_a_country_in_compare_adds_that_one_jurisdiction() -> None:
    at = open_page("compare")
    at.multiselect(key="j").select("Spain").run()
    assert at.query_params["j"] == "ES"
    at.multiselect(key="j").select("Norge").select("Spain").run()
    assert at.query_params["j"] == ["ES", "NO"], "one entry, one selection; no duplicate"


def test_a_picker_reports_a_name_it_cannot_resolve() -> None:
    at = open_page("jurisdiction")
    type_into(at.selectbox(key="code"), "Atlantis").run()
    assert "Nothing is called 'Atlantis' here" in at.warning[0].value


def test_jurisdiction_filter_narrows_results_and_shows_counts() -> None:
    at = open_page("search", q="residence permit")
    at.multiselect(key="j").select("NO").run()
    assert at.query_params["j"] == "NO"
    captions = [c.value for c in at.caption if " · " in c.value and not c.value.startswith("By jurisdiction")]
    assert captions
    assert all(c.startswith("Norway (NO)") for c in captions)
    options = at.multiselect(key="j").options
    assert any(o.startswith("Norway (NO) (") for o in options), "each filter value shows its count"


def test_verification_filter_keeps_only_checked_law() -> None:
    def shown(at: AppTest) -> int:
        return int(at.header[1].value.split()[0])

    everything = open_page("search")
    checked = open_page("search", v="official")
    assert checked.multiselect(key="v").value == ["official"]
    assert any(o.startswith("official (") for o in checked.multiselect(key="v").options), "with its count"
    assert 0 < shown(checked) < shown(everything)


def test_show_more_results_keeps_the_count_in_the_url() -> None:
    at = open_page("search")
    before = len(at.subheader)
    next(b for b in at.button if b.label.startswith("Show more results")).click().run()
    assert at.query_params["n"] == "20"
    assert len(at.subheader) > before


#: a cell of a link table as the page shows it: its text and the addresses of its links
Shown = tuple[str, tuple[str, ...]]


def link_tables(at: AppTest) -> list[dict[str, list[Shown]]]:
    """The link tables a page drew (coded table, ranking, coverage matrix), in page order: rows by their first
    cell, the column headers under ""."""
    found = []
    for element in at.get("html"):
        for table in BeautifulSoup(element.proto.body, "html.parser").select("table.lx-table"):
            rows: dict[str, list[Shown]] = {}
            for tr in table.find_all("tr"):
                name, *cells = tr.find_all(["th", "td"])
                key = "" if tr.parent.name == "thead" else name.get_text()
                rows[key] = [(c.get_text(), tuple(a["href"] for a in c.find_all("a"))) for c in cells]
            found.append(rows)
    return found


def texts_of(cells: list[Shown]) -> list[str]:
    return [text for text, _ in cells]


def provision_groups(at: AppTest) -> list[str]:
    """The jurisdictions whose provisions the compare page lists, one expander each, in reading order (two a row)."""
    halves = [[e.label.split(" — ")[0] for e in col.expander if " — " in e.label] for col in at.columns]
    left, right = ([half for half in halves if half] + [[], []])[:2]
    return [code for pair in itertools.zip_longest(left, right) for code in pair if code]


def test_compare_leads_with_the_coded_table_linked_to_provisions(real_corpus: Path) -> None:
    corpus = load_corpus(real_corpus)[0]
    table = coded(corpus, "residence-autonomy")
    at = open_page("compare", topic="residence-autonomy")
    assert [h.value for h in at.header][0] == f"{md_escape(table.topic_label)}, coded", "the coded table comes first"
    rows = link_tables(at)[0]
    assert texts_of(rows[""]) == list(table.jurisdictions), "every coded jurisdiction, no four-column limit"
    assert len(table.jurisdictions) > 4
    for var in table.variables:
        for code, (text, hrefs) in zip(table.jurisdictions, rows[var.label], strict=True):
            cell = table.cell(code, var.id)
            if cell.unknown:
                assert (text, hrefs) == ("?", ()), "unknown is a gap"
            elif cell.not_applicable:
                assert (text, hrefs) == ("–", ()), "a value that cannot apply opens nothing"
            else:
                assert text.startswith(cell.text)
                assert hrefs == tuple(f"provision?id={quote(pid, safe='')}" for pid in cell.provisions)
    assert "?" in [t for var in table.variables for t in texts_of(rows[var.label])], "the corpus has gaps"


def test_a_coded_value_says_on_hover_what_the_codebook_means_by_it(real_corpus: Path) -> None:
    table = coded(load_corpus(real_corpus)[0], "residence-autonomy")
    at = open_page("compare", topic="residence-autonomy")
    body = next(e.proto.body for e in at.get("html") if "lx-table" in e.proto.body)
    rows = {tr.th.get_text(): tr.find_all("td") for tr in BeautifulSoup(body, "html.parser").select("tbody tr")}
    defined = 0
    for var in table.variables:
        meaning = dict(var.values)
        for code, td in zip(table.jurisdictions, rows[var.label], strict=True):
            cell = table.cell(code, var.id)
            terms = [t for t in cell.terms if t in meaning] if not (cell.unknown or cell.not_applicable) else []
            title = td.get("title") or " ".join(a.get("title", "") for a in td.find_all(title=True))
            for term in terms:
                assert f"{term}: {meaning[term]}" in title, (code, var.id, title)
                defined += 1
    assert defined > 20, "enum and set values of the real corpus carry their definitions"


def test_compare_ranks_meets_before_partly_before_does_not_meet(real_corpus: Path) -> None:
    table = coded(load_corpus(real_corpus)[0], "residence-autonomy")
    at = open_page("compare", topic="residence-autonomy")
    assert "Assessed against the standards: who does it best" in [h.value for h in at.header]
    ranking = link_tables(at)[1]
    shown = [(name, *texts_of(cells)[:2]) for name, cells in ranking.items() if name]
    assert [name for name, _, _ in shown] == [ui.jurisdiction_label(e.jurisdiction) for e in table.ranking]
    order = {"meets": 0, "partly": 1, "does not meet": 2, "unknown": 3}
    states = [order[state] for _, _, state in shown]
    assert states == sorted(states)
    ranks = [int(rank) for _, rank, _ in shown]
    assert all(a == b for a, b, s, t in zip(ranks, ranks[1:], states, states[1:], strict=False) if s == t), "ties tie"


def test_compare_with_chosen_jurisdictions_round_trips_through_the_url() -> None:
    at = open_page("compare", topic="residence-autonomy", j=["NO", "ES", "SE", "CZ", "GB"])
    assert at.query_params["j"] == ["NO", "ES", "SE", "CZ", "GB"], "no four-column limit"
    assert texts_of(link_tables(at)[0][""]) == ["NO", "ES", "SE", "CZ", "GB"]
    assert provision_groups(at) == [ui.jurisdiction_label(c) for c in ["NO", "ES", "SE", "CZ", "GB"]]
    again = open_page("compare", **{k: at.query_params[k] for k in at.query_params})
    assert link_tables(again) == link_tables(at), "the URL reopens the same view"


def test_a_value_filter_narrows_the_columns_and_round_trips_through_the_url(real_corpus: Path) -> None:
    table = coded(load_corpus(real_corpus)[0], "residence-autonomy")
    at = open_page("compare", topic="residence-autonomy")
    at.selectbox(key="where").select("evidence-accepted=police-report").run()
    assert at.query_params["where"] == "evidence-accepted=police-report"
    kept = list(table.where("evidence-accepted", "police-report"))
    assert 0 < len(kept) < len(table.jurisdictions)
    rows = link_tables(at)[0]
    assert texts_of(rows[""]) == kept
    assert all("police-report" in text for text in texts_of(rows["Evidence accepted"]))
    ranked = {name for name in link_tables(at)[1] if name}
    assert ranked == {ui.jurisdiction_label(c) for c in kept}, "the ranking is of the same jurisdictions"
    assert sorted(provision_groups(at)) == sorted(ui.jurisdiction_label(c) for c in kept), "provisions follow"
    again = open_page("compare", **{k: at.query_params[k] for k in at.query_params})
    assert link_tables(again) == link_tables(at), "the URL reopens the same view"


def test_jurisdictions_with_nothing_coded_wait_behind_a_toggle_that_counts_them(real_corpus: Path) -> None:
    table = coded(load_corpus(real_corpus)[0], "firewall")
    empty = table.all_unknown()
    assert empty, "the corpus has jurisdictions with nothing coded on the firewall"
    at = open_page("compare", topic="firewall")
    assert texts_of(link_tables(at)[0][""]) == [c for c in table.jurisdictions if c not in empty]
    toggle = at.checkbox(key="blank")
    assert f"Show the {len(empty)} jurisdictions with nothing coded" in toggle.label
    toggle.check().run()
    assert at.query_params["blank"] == "1"
    assert texts_of(link_tables(at)[0][""]) == list(table.jurisdictions)


def test_the_jurisdiction_landing_lists_every_jurisdiction_grouped_with_links(real_corpus: Path) -> None:
    corpus = load_corpus(real_corpus)[0]
    at = open_page("jurisdiction")
    groups = [s.value for s in at.subheader]
    assert [g.rsplit(" (", 1)[0] for g in groups] == [
        "European Union",
        "Council of Europe",
        "National",
        "Regional and local",
    ]
    listed = {name: cells for table in link_tables(at) for name, cells in table.items() if name}
    assert sorted(listed) == sorted(ui.jurisdiction_label(c) for c in corpus.jurisdictions)
    norway = listed[ui.jurisdiction_label("NO")]
    assert norway[1][0] == str(sum(e.jurisdiction == "NO" for e in corpus.provisions.values()))
    assert norway[3][0] == "Istanbul Convention: ratified"
    html = "".join(e.proto.body for e in at.get("html"))
    assert 'href="jurisdiction?code=NO"' in html, "each name opens its profile"


def test_the_topic_landing_is_the_tree_with_counts_per_jurisdiction(real_corpus: Path) -> None:
    corpus = load_corpus(real_corpus)[0]
    at = open_page("topic")
    rows = link_tables(at)[0]
    names = [name.lstrip("\u2003└\u00a0") for name in rows if name]
    assert sorted(names) == sorted(ui.topic_label(t) for t in corpus.topics), "every topic, once"
    child = next(t for t, topic in corpus.topics.items() if topic.broader)
    assert any(name.endswith("└\u00a0" + ui.topic_label(child)) for name in rows), "narrower topics are indented"
    residence = rows[ui.topic_label("residence-autonomy")]
    assert residence[texts_of(rows[""]).index("NO")][1] == ("compare?topic=residence-autonomy&j=NO",)


def test_the_provision_list_filters_and_sorts_through_the_url(real_corpus: Path) -> None:
    at = open_page("provisions")
    assert len(link_tables(at)[0]) - 1 == 100, "the first hundred"
    at.button[0].click().run()
    assert at.query_params["n"] == str(len(load_corpus(real_corpus)[0].provisions)), "show all is in the URL"
    at = open_page("provisions", j=["NO"], sort="verified")
    rows = link_tables(at)[0]
    assert {cells[0][0] for name, cells in rows.items() if name} == {"NO"}
    dates = [cells[4][0] for name, cells in rows.items() if name]
    assert dates == sorted(dates, reverse=True)
    at.text_input(key="q").input("§ 53").run()
    assert at.query_params["q"] == "§ 53"
    assert [name for name in link_tables(at)[0] if name][0] == "utlendingsloven § 53"


def test_a_profile_opens_with_its_summary_gaps_first_then_sections() -> None:
    at = open_page("jurisdiction", code="NO")
    headers = [h.value for h in at.header]
    assert headers[:4] == ["Summary", "Treaty status", "Provisions by topic", "Good practices"], "gaps near the top"
    page = texts(at)
    assert "[Treaty status](#treaty-status)" in page, "section links"
    assert "**Gaps (" in page
    assert page.index("**Gaps (") < page.index("Istanbul Convention:**"), "gaps before the treaty status"
    assert "The project's assessment of the coded law" in page


def test_compare_matrix_cells_link_to_that_jurisdiction_and_topic(real_corpus: Path) -> None:
    at = open_page("compare", topic="residence-autonomy", j=["NO", "ES"])
    matrix = coverage_matrix(load_corpus(real_corpus)[0])
    rows = link_tables(at)[-1]
    assert texts_of(rows[""]) == matrix.rows, "every jurisdiction is a column"
    assert len(rows) - 1 == len(matrix.columns), "every core topic is a row"
    assert any(text == "?" for cells in rows.values() for text, _ in cells), "unknown cells are shown"
    assert all(not hrefs for cells in rows.values() for text, hrefs in cells if text == "–"), "n/a opens nothing"
    compared = dict(zip(matrix.rows, rows["▶ " + ui.topic_label("residence-autonomy")], strict=True))
    assert compared["NO"][1] == ("compare?topic=residence-autonomy&j=NO",)
    assert "Conditions, row by row" in [h.value for h in at.header]
    assert at.query_params["topic"] == "residence-autonomy"


def test_choosing_jurisdictions_updates_the_url() -> None:
    at = open_page("compare")
    at.multiselect(key="j").select("NO").select("SE").run()
    assert at.query_params["j"] == ["NO", "SE"]
    assert provision_groups(at) == ["Norway (NO)", "Sweden (SE)"]


def test_pinning_puts_the_pin_in_the_url_and_in_the_brief() -> None:
    at = open_page("provision", id=S53)
    next(b for b in at.button if b.label == "Pin to brief").click().run()
    assert at.query_params["pin"] == S53
    at.switch_page("views/brief.py").run()
    assert "Pinned (1)" in [h.value for h in at.header]
    assert at.query_params["pin"] == S53, "pins survive navigation"


def test_unpinning_removes_the_pin() -> None:
    at = open_page("brief", pin=[S53, PRACTICE])
    next(b for b in at.button if b.label == "Unpin").click().run()
    assert at.query_params["pin"] == PRACTICE


def test_moving_a_pin_changes_the_order_of_the_brief() -> None:
    at = open_page("brief", pin=[S53, PRACTICE])
    next(b for b in at.button if b.label == "Move down").click().run()
    assert at.query_params["pin"] == [PRACTICE, S53]
    up = [b for b in at.button if b.label == "Move up"]
    assert [b.disabled for b in up] == [True, False], "the first record cannot move up"


def test_unknown_pins_in_a_shared_link_are_reported_and_dropped() -> None:
    at = open_page("search", pin=[S53, "no/utlendingsloven/s999"])
    assert any("no/utlendingsloven/s999" in w.value for w in at.sidebar.warning)
    assert at.query_params["pin"] == S53


def test_brief_offers_every_export_format() -> None:
    at = open_page("brief", pin=[S53, PRACTICE])
    labels = [d.label for d in at.download_button]
    assert labels == ["Download MD", "Download CSV", "Download JSON", "Download Word", "Download CSL-JSON"]


@pytest.mark.parametrize(
    ("page", "params", "message"),
    [
        pytest.param("provision", {"id": "no/utlendingsloven/s5e"}, "did you mean", id="unknown-provision"),
        pytest.param("topic", {"id": "qqqq-zzzz"}, "Nothing is called 'qqqq-zzzz'", id="unknown-topic"),
        pytest.param("jurisdiction", {"code": "Atlantis"}, "Nothing is called 'Atlantis'", id="unknown-jurisdiction"),
    ],
)
def test_bad_ids_in_the_url_get_a_message_not_a_traceback(page: str, params: dict[str, str], message: str) -> None:
    at = open_page(page, **params)
    assert any(message in e.value for e in at.error)


def test_a_crafted_url_value_is_shown_as_text_not_markdown() -> None:
    at = open_page("jurisdiction", code="[click](http://example.org)")
    assert at.error[0].value.startswith("Nothing is called '\\[click\\](http://example.org)'")


@pytest.mark.parametrize("value", ["²", "-5", "0", "abc", "9" * 40])
def test_a_bad_result_count_in_the_url_falls_back_to_the_default(value: str) -> None:
    at = open_page("search", n=value)
    assert len(at.subheader) == 10, "the first ten results"


def test_a_misspelt_topic_id_in_the_url_opens_the_topic() -> None:
    at = open_page("topic", id="residense-autonomy")
    assert at.query_params["id"] == "residence-autonomy"


@pytest.mark.parametrize("alias", ["UK", "Britain", "United Kingdon"])
def test_jurisdiction_aliases_open_the_right_profile(alias: str) -> None:
    at = open_page("jurisdiction", code=alias)
    assert at.title[0].value == "United Kingdom (GB)"
    assert at.query_params["code"] == "GB", "the URL is made canonical"


def test_missing_index_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEXCOMPARE_INDEX", str(tmp_path / "nowhere"))
    at = AppTest.from_file(str(MAIN), default_timeout=60).run()
    assert not at.exception
    assert any("lexcompare build" in e.value for e in at.error)


WORDING = {"official_text": "Section 53 as the official source words it.", "official_source": "a test copy"}


@pytest.mark.parametrize(
    ("doc", "shown", "hidden"),
    [
        pytest.param(None, "Wording not on this machine", "Section 53 as", id="not-on-this-machine"),
        pytest.param(WORDING, "Section 53 as", "Wording not on this machine", id="on-this-machine"),
    ],
)
def test_provision_page_says_whether_the_wording_is_on_this_machine(
    monkeypatch: pytest.MonkeyPatch, doc: dict[str, str] | None, shown: str, hidden: str
) -> None:
    monkeypatch.setattr(ui, "wording", lambda pid: doc)
    page = texts(open_page("provision", id=S53))
    assert "Official text checked" in page, "the badge is true of the annotation either way"
    assert shown in page
    assert hidden not in page


def test_about_says_how_much_official_wording_is_on_this_machine_and_the_data_licence(real_corpus: Path) -> None:
    total = len(load_corpus(real_corpus)[0].provisions)
    page = texts(open_page("about"))
    assert f"Official wording on this machine:** 0 of {total} provisions; for the rest" in page
    assert "`lexcompare sources fetch` (online)" in page
    assert "(CC-BY-4.0)" in page, "the data licence is on About"


@pytest.mark.parametrize(
    ("configured", "shown"),
    [
        pytest.param(None, "no address for reports configured", id="unset"),
        pytest.param("https://example.org/report", "Report it here: <https://example.org/report>", id="https"),
        pytest.param("mailto:data@example.org", "Report it here: <mailto:data@example.org>", id="mailto"),
    ],
)
def test_about_says_where_problems_are_reported(monkeypatch: pytest.MonkeyPatch, configured: str, shown: str) -> None:
    if configured:
        monkeypatch.setenv("LEXCOMPARE_REPORT_URL", configured)
    else:
        monkeypatch.delenv("LEXCOMPARE_REPORT_URL", raising=False)
    at = open_page("about")
    assert shown in texts(at)
    assert "Open an issue" not in texts(at), "no invented place to report"


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "example.org/report", "https://x y"])
def test_a_report_address_that_is_not_one_is_said_to_be_wrong(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("LEXCOMPARE_REPORT_URL", bad)
    at = open_page("about")
    assert "LEXCOMPARE\\_REPORT\\_URL is not an http(s)://" in at.warning[0].value
    assert "no address for reports configured" in texts(at)


def test_corpus_text_goes_through_the_markdown_escape(real_corpus: Path) -> None:
    summary = load_corpus(real_corpus)[0].provisions[S53].provision.summary.strip()
    at = open_page("provision", id=S53)
    assert md_escape(summary) in [m.value for m in at.markdown]


@pytest.mark.parametrize(
    ("ops", "markdown"),
    [
        pytest.param([("equal", "same words")], "same words", id="equal"),
        pytest.param([("equal", "a "), ("delete", "b "), ("insert", "c")], "a :red[~~b~~] :green[**c**]", id="edit"),
        pytest.param([("insert", " *x* ")], " :green[**\\*x\\***] ", id="escaped-and-spaces-outside-marks"),
        pytest.param([("delete", "  ")], "  ", id="blank-change"),
    ],
)
def test_word_diff_reads_without_colour(ops: list[tuple[str, str]], markdown: str) -> None:
    assert ui.diff_markdown(ops) == markdown


@pytest.mark.parametrize(
    ("snippet", "markdown"),
    [
        pytest.param('a <mark class="match t0">word</mark> b', "a <mark>word</mark> b", id="engine-mark"),
        pytest.param("<mark>x</mark>", "<mark>x</mark>", id="bare-mark"),
        pytest.param("&lt;script&gt; *x*", "&lt;script&gt; \\*x\\*", id="escaped-text-stays-text"),
        pytest.param('<mark onclick="x">y</mark>', '\\<mark onclick="x"\\>y</mark>', id="other-attributes-escaped"),
    ],
)
def test_search_highlight_keeps_only_the_marks(snippet: str, markdown: str) -> None:
    assert ui.highlight_markdown(snippet) == markdown


def test_search_results_show_marked_matches_not_tags() -> None:
    at = open_page("search", q="forced marriage")
    marked = [m.value for m in at.markdown if "<mark>" in m.value]
    assert marked
    assert not [m.value for m in at.markdown if "\\<mark" in m.value]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=80))
def test_any_search_text_renders_without_error(query: str) -> None:
    at = open_page("search", q=query)
    assert not at.error
    raw_tags = [m.value for m in at.markdown if RAW_ANGLE.search(m.value)]
    assert not raw_tags, "only <mark> (and <https://...> links) reach the page unescaped"


def test_comparing_a_topic_outside_the_core_adds_its_row(real_corpus: Path) -> None:
    corpus = load_corpus(real_corpus)[0]
    topic = next(t for t, rec in corpus.topics.items() if not rec.core)
    at = open_page("compare", topic=topic)
    rows = [name for name in link_tables(at)[-1] if name]
    assert rows[-1] == "▶ " + corpus.topics[topic].label
    assert len(rows) == sum(rec.core for rec in corpus.topics.values()) + 1


def test_compare_by_standard_shows_the_paragraph_treaty_status_reservations_and_provisions(real_corpus: Path) -> None:
    corpus = load_corpus(real_corpus)[0]
    view = standard_comparison(corpus, "coe-istanbul:59(1)")
    at = open_page("compare", by="standard", std="coe-istanbul:59(1)")
    assert view.paragraph, "the corpus holds the Istanbul Convention's article 59(1)"
    for pid in view.paragraph:
        assert md_escape(corpus.provisions[pid].provision.summary.strip()) in texts(at), "the paragraph is shown"
    rows = link_tables(at)[0]
    assert texts_of(rows[""]) == ["Treaty status", "Reservation or declaration", "Provisions implementing it"]
    for party in view.parties:
        status, reservation, provisions = rows[ui.jurisdiction_label(party.jurisdiction)]
        assert status[0] == (party.status or "not recorded")
        assert reservation[0] == (" ".join(party.reservations.split()) if party.reservations else "—")
        assert provisions[1] == tuple(f"provision?id={quote(pid, safe='')}" for pid in party.provisions)
    assert any(party.reservations for party in view.parties), "reservations are recorded and shown"
    assert "Coverage by topic" not in [h.value for h in at.header], "not the by-topic matrix"


def test_every_standard_a_topic_names_can_be_compared(real_corpus: Path) -> None:
    corpus = load_corpus(real_corpus)[0]
    refs = sorted({ref for topic in corpus.topics.values() for ref in topic.standards})
    at = open_page("compare", by="standard", std=refs[-1])
    assert not at.error
    assert at.query_params["std"] == refs[-1]


@pytest.mark.slow
def test_every_jurisdiction_topic_and_record_page_renders(real_corpus: Path) -> None:
    corpus = load_corpus(real_corpus)[0]
    at = AppTest.from_file(str(MAIN), default_timeout=60).run()
    failed = []
    for page, key, ids in (
        ("jurisdiction", "code", list(corpus.jurisdictions)),
        ("topic", "id", list(corpus.topics)),
        ("provision", "id", [*corpus.provisions, *corpus.practices]),
    ):
        for record_id in ids:
            at.query_params.clear()
            at.query_params[key] = record_id
            at.switch_page(f"views/{page}.py").run()
            if at.exception or at.error:
                failed.append(f"{page}?{key}={record_id}")
    assert not failed


def test_link_tables_escape_every_text_and_keep_links_in_cells() -> None:
    table = tables.link_table(
        [[Cell("yes", href="provision?id=a&b=<c>", more=(("+1", "provision?id=d"),)), Cell("?", kind="gap")]],
        index=[Cell("<i>row</i>", title='say "hi"')],
        columns=["<b>NO</b>", "ES"],
        label="a <table>",
    )
    soup = BeautifulSoup(table, "html.parser")
    assert soup.find(["b", "i"]) is None, "labels are text, never markup"
    assert [th.get_text() for th in soup.select("thead th")] == ["", "<b>NO</b>", "ES"]
    assert soup.select_one("tbody th").get("title") == 'say "hi"'
    assert [a["href"] for a in soup.select("td a")] == ["provision?id=a&b=<c>", "provision?id=d"]
    assert soup.select("td")[1].get("class") == ["lx-gap"]
    assert soup.select_one("div.lx-scroll")["aria-label"] == "a <table>"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Lov 15. mai 2008 nr. 35 § 53", id="citation"),
        pytest.param("http://x/provision?id=a&pin=b", id="address"),
        pytest.param("<script>alert(1)</script> *em*", id="markup-as-text"),
        pytest.param("two\n  lines", id="lines-and-spaces-kept"),
    ],
)
def test_preformatted_text_shows_its_text_as_it_is(text: str) -> None:
    soup = BeautifulSoup(tables.preformatted_html(text, 'a "label"'), "html.parser")
    pre = soup.select_one("pre.lx-pre")
    assert pre is not None
    assert pre.get_text() == text
    assert [tag.name for tag in soup.find_all(True)] == ["pre"], "no markup of the text gets through"
    assert pre["aria-label"] == 'a "label"'


def test_no_page_uses_streamlit_s_heavy_table_or_code_elements() -> None:
    """st.table and st.code make a fresh page fetch and run 0.9 MB and 1.5 MB of script while it is drawn."""
    assert not [
        f"{path.relative_to(MAIN.parent.parent)}:{n}"
        for path in sorted(MAIN.parent.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bst\.(table|code|dataframe)\(", line)
    ]
