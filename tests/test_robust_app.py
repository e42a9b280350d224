"""The app facing hostile data and hostile URLs: escaped text, no file reads, no network, no usage statistics.

A copy of the fixture corpus gets markup in its headings, summaries,
annotations, titles, labels and conditions; every page is rendered with
AppTest and every element is inspected.  Random query parameters are thrown at
every page.  test_app.py covers the pages' behaviour on the real corpus.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import socket
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from app import tables, ui
from indexer.brief import BRIEF_FORMATS, build_brief, filename
from indexer.build import build
from indexer.filters import FILTERS
from indexer.load import load_corpus
from tests.conftest import FIXTURE_CORPUS, ROOT
from tests.test_app import open_page

FUZZ_EXAMPLES = int(os.environ.get("LEXCOMPARE_FUZZ_EXAMPLES", "50"))
PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold**"
S53 = "no/utlendingsloven/s53"
MENTORS = "es/practices/mentors"

# (file, key, its whole value in the fixture): the value gets the payload appended
POISONED = [
    ("no/utlendingsloven.yaml", "heading", "Independent residence permit after abuse"),
    (
        "no/utlendingsloven.yaml",
        "summary",
        "A spouse whose permit depends on the relationship gets an independent permit after abuse.",
    ),
    ("no/utlendingsloven.yaml", "annotation", "No minimum duration of cohabitation is required."),
    ("no/utlendingsloven.yaml", "english", "Immigration Act"),
    ("topics.yaml", "label", "Residence autonomy"),
    ("topics.yaml", "definition", "Residence right of a victim whose status depends on a partner."),
    ("es/practices.yaml", "title", "Community mentors"),
    ("es/practices.yaml", "evidence", "no evaluation recorded"),
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Corpus, index and texts paths of a fixture corpus whose free text carries markup."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    for rel, key, value in POISONED:
        path = corpus / rel
        text = path.read_text("utf-8")
        line = f"{key}: {value}\n"
        assert line in text, f"fixture drifted: {line!r} not in {rel}"
        poisoned = f"{value} {PAYLOAD}".replace('"', '\\"')
        path.write_text(text.replace(line, f'{key}: "{poisoned}"\n', 1), "utf-8")
    build(corpus, root / "index", root / "texts")
    return {
        "LEXCOMPARE_CORPUS": str(corpus),
        "LEXCOMPARE_INDEX": str(root / "index"),
        "LEXCOMPARE_TEXTS": str(root / "texts"),
    }


@pytest.fixture(autouse=True)
def app_env(monkeypatch: pytest.MonkeyPatch, hostile: dict[str, str]) -> None:
    for key, value in hostile.items():
        monkeypatch.setenv(key, value)


def _elements(node: Any) -> Iterator[Any]:
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from _elements(child)
    else:
        yield node


def rendered(at: AppTest) -> list[tuple[str, str, bool]]:
    """Every text the page rendered: (element type, text, whether raw HTML is allowed in it)."""
    out = []
    for element in [*_elements(at.main), *_elements(at.sidebar)]:
        proto = getattr(element, "proto", None)
        text = getattr(proto, "body", None) or getattr(proto, "label", None)
        if isinstance(text, str) and text:
            out.append((type(proto).__name__, text, bool(getattr(proto, "allow_html", False))))
    return out


PAGES = [
    pytest.param("search", {"q": "independent permit"}, id="search-hits"),
    pytest.param("search", {"q": "mentors", "j": ["ES"]}, id="search-practice"),
    pytest.param("search", {}, id="search-browse"),
    pytest.param("search", {"q": PAYLOAD}, id="search-payload-as-query"),
    pytest.param("provision", {"id": S53}, id="provision"),
    pytest.param("provision", {"id": MENTORS}, id="practice"),
    pytest.param("topic", {"id": "residence-autonomy"}, id="topic"),
    pytest.param("jurisdiction", {"code": "NO"}, id="jurisdiction"),
    pytest.param("compare", {"topic": "residence-autonomy", "j": ["NO", "ES"]}, id="compare"),
    pytest.param("brief", {"pin": [S53, MENTORS], "title": PAYLOAD}, id="brief"),
    pytest.param("about", {"pin": [S53]}, id="about"),
]


@pytest.mark.parametrize(("page", "params"), PAGES)
def test_no_raw_markup_reaches_an_html_element(page: str, params: dict[str, Any]) -> None:
    texts = rendered(open_page(page, **params))
    if page != "about" and params.get("q") != PAYLOAD:
        assert any("alert(1)" in text for _, text, _ in texts), "no poisoned record was rendered: the test saw nothing"
    for kind, text, allow_html in texts:
        if allow_html:
            # the one HTML the app writes is <mark> around search matches
            assert re.findall(r"<\s*/?\s*([a-zA-Z]+)", text) in ([], ["mark", "mark"] * text.count("<mark>")), text
            assert "onerror" not in text or "<img" not in text, (kind, text)


MARKDOWN_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")


@pytest.mark.parametrize(
    ("page", "params"),
    [
        pytest.param("provision", {"id": S53}, id="provision"),
        pytest.param("provision", {"id": MENTORS}, id="practice"),
        pytest.param("topic", {"id": "residence-autonomy"}, id="topic"),
    ],
)
def test_corpus_markdown_is_escaped_in_titles_and_link_labels(page: str, params: dict[str, Any]) -> None:
    # st.html renders no Markdown: its texts are HTML-escaped (test_html_lets_no_markup_of_its_texts_through)
    shown = [(kind, text) for kind, text, _ in rendered(open_page(page, **params)) if kind != "Html"]
    assert shown, "the page rendered nothing the test could see"
    live = [(kind, text) for kind, text in shown if MARKDOWN_LINK.search(text)]
    assert live == []


def test_url_value_in_an_error_message_cannot_make_a_link() -> None:
    at = open_page("jurisdiction", code="[Your session expired, log in again](https://example.org/login)")
    assert at.error, "the unknown value is reported"
    assert not MARKDOWN_LINK.search(at.error[0].proto.body), at.error[0].proto.body


# --- query parameters -------------------------------------------------------------------------

TRAVERSAL = ["../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "..%2F..%2Fetc%2Fpasswd", "C:\\Windows\\win.ini"]


@pytest.mark.parametrize(
    ("page", "key"),
    [
        pytest.param("provision", "id", id="provision-id"),
        pytest.param("topic", "id", id="topic-id"),
        pytest.param("jurisdiction", "code", id="jurisdiction-code"),
        pytest.param("brief", "pin", id="brief-pin"),
        pytest.param("compare", "std", id="compare-std"),
    ],
)
@pytest.mark.parametrize("value", TRAVERSAL)
def test_a_path_in_a_query_parameter_reads_no_file(page: str, key: str, value: str) -> None:
    params: dict[str, Any] = {key: value}
    if page == "compare":
        params["by"] = "standard"
    texts = rendered(open_page(page, **params))
    assert not any("root:" in text or "[fonts]" in text for _, text, _ in texts)


# which query parameters each page reads (app/views/*.py and the pins in app/ui.py)
PARAMS = {
    "search": ["q", *(f.key for f in FILTERS if f.key), "n"],
    "compare": ["by", "std", "topic", "j", "a", "b", "rank"],
    "jurisdiction": ["code"],
    "topic": ["id"],
    "provision": ["id"],
    "brief": ["title"],
    "about": [],
}
VALUE = st.one_of(
    st.sampled_from(
        [
            S53, MENTORS, "NO", "es", "Spain", "residence-autonomy", "coe-istanbul:59(1)", "statute", "1", "0", "-1",
            "20", "99999999999999999999", "standard", "topic", "", " ", *TRAVERSAL, PAYLOAD, "x" * 50_000, "٣", "²",
            "\u202e", "SE", "ES-MD", "COE",
        ]
    ),
    st.text(max_size=30),
)  # fmt: skip
# up to 6 values a key: more than the compare page's four columns
VALUES = st.one_of(VALUE, st.lists(VALUE, min_size=1, max_size=6))


def _random_params(data: st.DataObject, page: str) -> dict[str, Any]:
    keys = data.draw(st.lists(st.sampled_from([*PARAMS[page], "pin", "unknown"]), unique=True), label="keys")
    return {key: data.draw(VALUES, label=key) for key in keys}


@settings(max_examples=4, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
@pytest.mark.parametrize("page", sorted(PARAMS))
def test_random_query_parameters_never_raise(page: str, data: st.DataObject) -> None:
    _open_randomly(page, data)


def _open_randomly(page: str, data: st.DataObject) -> None:
    """The page opens, and no value from the URL is echoed longer than a message should be."""
    at = open_page(page, **_random_params(data, page))
    shown = _shown(at)
    assert not any("x" * 201 in text for text in shown)
    assert _longest_run_in_html(at) <= ui.URL_TEXT_CHARS


@pytest.mark.fuzz
# the examples are spread over the pages: each is a whole app run
@settings(
    max_examples=max(1, FUZZ_EXAMPLES // len(PARAMS)),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
@pytest.mark.parametrize("page", sorted(PARAMS))
def test_random_query_parameters_never_raise_long_run(page: str, data: st.DataObject) -> None:
    _open_randomly(page, data)


def test_five_jurisdictions_in_the_compare_url_do_not_raise(
    monkeypatch: pytest.MonkeyPatch, real_corpus: Path, built_index: Path
) -> None:
    monkeypatch.setenv("LEXCOMPARE_CORPUS", str(real_corpus))  # the fixture corpus has only four
    monkeypatch.setenv("LEXCOMPARE_INDEX", str(built_index))
    open_page("compare", topic="residence-autonomy", j=["NO", "ES", "SE", "CZ", "GB"])


LONG = "x" * 50_000  # a 50 KB URL value


def _shown(at: AppTest) -> list[str]:
    """Every text of the page but its HTML (see below), messages in the sidebar included."""
    texts = [text for kind, text, _ in rendered(at) if kind != "Html"]
    return texts + [str(e.value) for e in (*at.sidebar.warning, *at.error)]


def _longest_run_in_html(at: AppTest) -> int:
    """The longest run of x in the page's HTML: a link to share the view (st.html) carries a value from the URL
    as its text box took it, cut to URL_TEXT_CHARS."""
    html = [text for kind, text, _ in rendered(at) if kind == "Html"]
    return max((len(run) for text in html for run in re.findall("x+", text)), default=0)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        pytest.param("jurisdiction", {"code": LONG}, id="jurisdiction-code"),
        pytest.param("provision", {"id": LONG}, id="provision-id"),
        pytest.param("topic", {"id": LONG}, id="topic-id"),
        pytest.param("compare", {"by": "standard", "std": LONG}, id="compare-std"),
        pytest.param("compare", {"topic": LONG}, id="compare-topic"),
        pytest.param("search", {"pin": LONG}, id="pin"),
        pytest.param("search", {"pin": [LONG + str(n) for n in range(40)]}, id="forty-long-pins"),
        pytest.param("search", {"q": LONG}, id="search-q"),
        pytest.param("brief", {"title": LONG, "pin": [S53]}, id="brief-title"),
    ],
)
def test_a_50_kb_url_value_is_cut_where_it_is_shown(page: str, params: dict[str, Any]) -> None:
    at = open_page(page, **params)
    # a link to share the view (st.html) carries the value as its text box took it, cut to URL_TEXT_CHARS
    shown = _shown(at)
    assert max((len(t) for t in shown if "xxxxxxxxxx" in t), default=0) <= 200
    assert _longest_run_in_html(at) <= ui.URL_TEXT_CHARS
    assert all(len(str(box.value)) <= ui.URL_TEXT_CHARS for box in at.text_input)


@pytest.mark.parametrize("value", ["²", "1²"])
def test_a_superscript_page_count_does_not_raise(value: str) -> None:
    open_page("search", q="permit", n=value)


# --- downloads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["../../etc/passwd", "/root/.ssh/id_rsa", "a\\b\x00c", "..", PAYLOAD, "", "é" * 200])
def test_download_names_are_built_from_the_title_as_a_slug(title: str) -> None:
    corpus, _ = load_corpus(FIXTURE_CORPUS)
    brief = build_brief(corpus, [S53], title=title)
    for fmt, (_, extension) in BRIEF_FORMATS.items():
        assert re.fullmatch(rf"[a-z0-9]+(-[a-z0-9]+)*-\d{{4}}-\d{{2}}-\d{{2}}\.{extension}", filename(brief, fmt))


def test_brief_downloads_are_offered_whatever_the_title() -> None:
    at = open_page("brief", pin=[S53, MENTORS], title="../../etc/passwd")
    assert [d.label for d in at.download_button] == [
        "Download MD",
        "Download CSV",
        "Download JSON",
        "Download Word",
        "Download CSL-JSON",
    ]


# --- what the app source may use -----------------------------------------------------------------


def _app_lines(pattern: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if re.search(pattern, line)
    ]


def _html_calls() -> set[tuple[str, str]]:
    """(file, enclosing function) of every call in app/ that passes unsafe_allow_html=True."""
    found = set()
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        scopes = [(node.name, node) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if any(
                k.arg == "unsafe_allow_html" and getattr(k.value, "value", True) is not False for k in call.keywords
            ):
                owner = next((name for name, fn in scopes if call in ast.walk(fn)), "<module>")
                found.add((path.relative_to(ROOT).as_posix(), owner))
    return found


def test_unsafe_allow_html_is_only_in_the_highlight_helper() -> None:
    assert _html_calls() == {("app/ui.py", "highlight")}


SNIPPET = st.lists(
    st.one_of(
        st.sampled_from(["<mark>", "</mark>", '<mark class="match t0">', "<script>", "<img src=x onerror=alert(1)>"]),
        st.sampled_from(["<", ">", "&lt;", "\\", "\\<", "<mark", "</mark", "<mark onclick=x>", "<MARK>", "`"]),
        st.text(max_size=10),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=200)
@given(snippet=SNIPPET)
def test_highlight_lets_only_bare_mark_tags_through(snippet: str) -> None:
    out = ui.highlight_markdown(snippet)
    rest = out.replace("<mark>", "").replace("</mark>", "")
    assert not re.search(r"(?<!\\)<", rest), out


def test_app_writes_no_raw_html_or_components_and_opens_no_files() -> None:
    # the one HTML writer: the sideways-scrolling link tables, whose every text and address is escaped (below)
    html_writers = _app_lines(r"st\.html\(|components\.v1|components\.html|st\.components")
    assert [where.partition(":")[0] for where in html_writers] == ["app/tables.py"]
    assert _app_lines(r"\bopen\(|\.read_bytes\(|\.read_text\(|urlopen|requests\.|socket\.") == []


TEXT = st.one_of(SNIPPET, st.text(max_size=12), st.sampled_from(['" onmouseover="x', "javascript:alert(1)", "</td>"]))
CELL = st.builds(tables.Cell, TEXT, st.one_of(st.none(), TEXT), st.one_of(st.none(), TEXT), st.just(()))
ALLOWED_TAG = re.compile(
    r'</?(?:div|table|thead|tbody|tr|th|td|a|pre)(?: (?:class|title|scope|href|role|aria-label|tabindex)="[^"<>]*")*>'
)


@settings(max_examples=200)
@given(cells=st.lists(CELL, min_size=1, max_size=4), name=TEXT, label=TEXT)
def test_html_lets_no_markup_of_its_texts_through(cells: list[tables.Cell], name: str, label: str) -> None:
    for out in (
        tables.link_table([cells], index=[name], columns=[c.text for c in cells], label=label),
        tables.preformatted_html(name, label),
    ):
        rest = ALLOWED_TAG.sub("", out)
        assert not re.search("[<>]", rest), out


def test_usage_statistics_are_off() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["browser"]["gatherUsageStats"] is False


# --- no network ----------------------------------------------------------------------------------


def refuse_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse and record every connection or name lookup that leaves the machine (until the test ends)."""
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def local(host: object) -> bool:
        return isinstance(host, str) and (host in ("localhost", "::1") or host.startswith("127.") or host == "")

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and not local(host):
            attempts.append(f"connect {address}")
            raise OSError("network use in a test of the app")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not local(host if not isinstance(host, bytes) else host.decode()):
            attempts.append(f"lookup {host}")
            raise socket.gaierror("network use in a test of the app")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return refuse_network(monkeypatch)


@pytest.mark.parametrize(("page", "params"), PAGES)
def test_pages_use_no_network(no_network: list[str], page: str, params: dict[str, Any]) -> None:
    at = open_page(page, **params)
    assert not at.error, [e.value for e in at.error]
    assert no_network == []


def test_the_network_guard_sees_a_connection(no_network: list[str]) -> None:
    with pytest.raises(OSError, match="network use"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert no_network
