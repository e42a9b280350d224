"""End to end in real headless Chromium: the app as people use it, downloads and screenshots included."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from docx import Document
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from bench.load import CHROMIUM, CHROMIUM_ARGS, running_app

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
S53 = "no/utlendingsloven/s53"


@pytest.fixture(scope="module")
def server(real_corpus: Path, built_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app, started by ``lexcompare app --port N`` as a user starts it, on a free loopback port."""
    log_path = tmp_path_factory.mktemp("app") / "streamlit.log"
    with running_app(real_corpus, built_index, tmp_path_factory.mktemp("texts"), log_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, base_url=server)
    # CI machines are small and the suite runs in parallel with other work: wait generously
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def settle(page: Page) -> None:
    """Wait until the app has finished running the script for the last interaction."""
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=30_000)
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(300)


def shoot(page: Page, name: str) -> Path:
    """A screenshot of the whole page (the app scrolls inside its main area, so grow the window first)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 8000)})
    # Chromium paints a tall window's widgets lazily: give it time before the picture
    page.wait_for_timeout(3000)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})
    return path


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


PAGES = [
    pytest.param("/?q=forced+marriage", "Search", id="search"),
    pytest.param("/compare?topic=residence-autonomy&j=NO&j=CZ&j=ES", "Compare", id="compare"),
    pytest.param("/jurisdiction?code=NO", "Norway (NO)", id="jurisdiction"),
    pytest.param("/topic?id=residence-autonomy", "residence", id="topic"),
    pytest.param(f"/provision?id={S53}", "§ 53", id="provision"),
    pytest.param(f"/brief?pin={S53}", "Brief", id="brief"),
    pytest.param("/about", "About lexcompare", id="about"),
    pytest.param("/jurisdiction", "Jurisdictions", id="jurisdictions"),
    pytest.param("/topic", "Topics", id="topics"),
    pytest.param("/provisions?sort=verified", "Provisions", id="provisions"),
    pytest.param("/compare?by=standard&std=coe-istanbul%3A59(1)", "Compare", id="compare-standard"),
]


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_every_page_opens(page: Page, path: str, heading: str, request: pytest.FixtureRequest) -> None:
    page.goto(path)
    settle(page)
    expect(page.locator("[data-testid='stMain'] h1").first).to_contain_text(heading, ignore_case=True)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    assert shoot(page, request.node.callspec.id).stat().st_size > 10_000


@pytest.mark.parametrize(("path", "heading"), [*PAGES, pytest.param("/?q=*", "Search", id="search-everything")])
def test_no_request_leaves_the_machine(page: Page, path: str, heading: str) -> None:
    """Every request a page makes, icons and fonts included, goes to the app itself (the README's promise)."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path)
    settle(page)
    expect(page.locator("[data-testid='stMain'] h1").first).to_contain_text(heading, ignore_case=True)
    page.wait_for_timeout(1000)  # the favicon is set after the first run
    assert requested
    local = ("127.0.0.1", urlparse(page.url).port)
    elsewhere = [
        u
        for u in requested
        if urlparse(u).scheme not in ("data", "blob") and (urlparse(u).hostname, urlparse(u).port) != local
    ]
    assert elsewhere == []
    icon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
    assert icon.startswith("data:image/svg+xml")


@pytest.mark.parametrize(
    ("path", "title"),
    [
        pytest.param(f"/provision?id={S53}", "§ 53 utlendingsloven — lexcompare", id="provision"),
        pytest.param(
            "/compare?topic=residence-autonomy",
            "Compare: Autonomous residence permit for victims with dependent status — lexcompare",
            id="compare",
        ),
        pytest.param("/?q=forced+marriage", "Search: forced marriage — lexcompare", id="search"),
        pytest.param("/about", "About — lexcompare", id="about"),
    ],
)
def test_each_view_has_its_own_tab_title(page: Page, path: str, title: str) -> None:
    page.goto(path)
    settle(page)
    expect(page).to_have_title(title)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        pytest.param("/search?q=fgm", "Search", id="search"),
        pytest.param("/search", "Search", id="search-empty"),
        pytest.param("/compare", "Compare", id="compare"),
        pytest.param("/jurisdiction", "Jurisdictions", id="jurisdiction"),
        pytest.param("/jurisdictions", "Jurisdictions", id="jurisdictions"),
        pytest.param("/topic", "Topics", id="topic"),
        pytest.param("/topics", "Topics", id="topics"),
    ],
)
def test_natural_paths_reach_their_page(page: Page, path: str, heading: str) -> None:
    page.goto(path)
    settle(page)
    expect(page.locator("[data-testid='stMain'] h1").first).to_contain_text(heading)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert urlparse(page.url).path == path.split("?")[0], "the address stays what was typed"


def test_search_for_a_citation_and_open_its_permalink(page: Page) -> None:
    page.goto("/")
    settle(page)
    box = page.get_by_role("textbox", name="Search")
    box.fill("utlendingsloven § 53")
    box.press("Enter")
    first = page.locator("[data-testid='stMain'] h3").first
    expect(first).to_contain_text("§ 53")
    # the link of this very result: while the script reruns, older links can still be on the page
    permalink = page.get_by_role("link", name="Open permalink").and_(
        page.locator("a[href*='id=no%2Futlendingsloven%2Fs53']")
    )
    permalink.first.click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/provision\?id=no%2Futlendingsloven%2Fs53$"))
    settle(page)
    expect(page.locator("h1").first).to_contain_text("§ 53")
    page.reload()
    settle(page)
    expect(page.locator("h1").first).to_contain_text("§ 53")


MAIN_HEIGHT = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"


def test_compare_shows_every_jurisdiction_in_a_table_that_scrolls_with_its_first_column_fixed(page: Page) -> None:
    page.goto("/compare?topic=residence-autonomy")
    settle(page)
    coded = page.locator("[data-testid='stMain'] table").first
    expect(coded).to_be_visible()
    assert coded.bounding_box()["y"] < 1000, "the coded table starts within the first screen"
    assert page.evaluate(MAIN_HEIGHT) < 4000, "all jurisdictions, provisions collapsed"
    box = page.locator(".lx-scroll").first
    width, visible = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert width > visible, "thirteen and more columns do not fit: the table scrolls instead of squeezing"
    names = coded.locator("tbody th").first
    before = names.bounding_box()["x"]
    far = coded.locator("thead th").last
    box.evaluate("e => { e.scrollLeft = e.scrollWidth }")
    page.wait_for_timeout(300)
    assert names.bounding_box()["x"] == before, "the variable names stay in place"
    assert far.bounding_box()["x"] + far.bounding_box()["width"] <= visible + box.bounding_box()["x"] + 2
    assert coded.locator("td.lx-muted a").count() == 0, "a value that cannot apply opens nothing"
    assert coded.locator("td.lx-gap").count() > 0, "gaps are shown"
    shoot(page, "compare-all")


def open_a_cell_and_come_back(page: Page, where: Locator, prefix: str, columns: list[str]) -> None:
    """A value's link opens the provision it rests on in this tab; Back returns to the same table."""
    where.locator("td a").first.click()
    expect(page).to_have_url(re.compile(rf"/provision\?id={prefix}%2F"))
    settle(page)
    expect(page.locator("h1").first).to_contain_text("§")
    page.go_back()
    settle(page)
    expect(page.locator("[data-testid='stMain'] table").first.locator("thead th")).to_have_text(["", *columns])


def test_narrow_a_comparison_by_a_value_then_open_a_provision_and_a_cell(page: Page) -> None:
    page.goto("/compare?topic=residence-autonomy")
    settle(page)
    narrow = page.get_by_role("combobox", name="Only jurisdictions where")
    narrow.click()
    narrow.fill("police-report")
    page.get_by_role("option", name=re.compile(r"^Evidence accepted = police-report")).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"[?&]where=evidence-accepted%3Dpolice-report(&|$)"))
    coded = page.locator("[data-testid='stMain'] table").first
    expect(coded.locator("thead th")).to_have_text(["", "SE", "NL"])
    page.get_by_text("Sweden (SE) — ").first.click()  # a provision row opens under its jurisdiction
    expect(page.get_by_role("link", name=re.compile("utlänningslagen")).first).to_be_visible()
    shoot(page, "compare-narrowed")
    open_a_cell_and_come_back(page, coded.locator("tbody tr", has_text="Evidence accepted"), "se", ["SE", "NL"])


def test_build_a_comparison(page: Page) -> None:
    page.goto("/compare")
    settle(page)
    coded = page.locator("[data-testid='stMain'] table").first
    picker = page.get_by_role("combobox", name="Jurisdictions", exact=True)
    for name in ("Norway (NO)", "Spain (ES)"):
        picker.click()
        picker.fill(name.split()[0])
        page.get_by_role("option", name=name).click()
        picker.press("Escape")
        settle(page)
    expect(page).to_have_url(re.compile(r"[?&]j=NO&j=ES(&|$)"))
    expect(coded.locator("thead th")).to_have_text(["", "NO", "ES"])
    expect(page.get_by_text("Conditions, row by row")).to_be_visible()
    shoot(page, "compare-built")
    page.get_by_text("Norway (NO) — ").first.click()
    expect(page.get_by_role("link", name=re.compile("utlendingsloven")).first).to_be_visible()
    open_a_cell_and_come_back(page, coded, "no", ["NO", "ES"])


def test_browse_jurisdictions_topics_and_provisions_without_typing(page: Page) -> None:
    page.goto("/jurisdiction")
    settle(page)
    expect(page.get_by_role("heading", name="Regional and local (5)")).to_be_visible()
    page.get_by_role("link", name="Norway (NO)", exact=True).click()
    expect(page).to_have_url(re.compile(r"/jurisdiction\?code=NO$"))
    settle(page)
    summary = page.get_by_role("heading", name="Summary")
    expect(summary).to_be_visible()
    assert summary.bounding_box()["y"] < 1000, "the profile opens with its summary"
    assert page.evaluate(MAIN_HEIGHT) < 4000, "topics collapsed (Norway's profile was 10,800 px tall)"
    expect(page.get_by_text(re.compile(r"^Gaps \(\d+ of 14 core topics"))).to_be_visible()
    page.get_by_role("link", name="Good practices", exact=True).click()
    expect(page).to_have_url(re.compile(r"#good-practices$"))

    page.goto("/topic")
    settle(page)
    tree = page.locator("[data-testid='stMain'] table").first
    tree.get_by_role("link", name="Forced marriage", exact=True).click()
    expect(page).to_have_url(re.compile(r"/topic\?id=forced-marriage$"))
    settle(page)
    expect(page.locator("h1").first).to_contain_text("Forced marriage")

    page.goto("/provisions")
    settle(page)
    box = page.get_by_role("textbox", name="Words in the citation or heading")
    box.fill("utlendingsloven § 53")
    box.press("Enter")
    settle(page)
    expect(page).to_have_url(re.compile(r"[?&]q=utlendingsloven"))
    first = page.locator("[data-testid='stMain'] table tbody th a").first
    expect(first).to_have_text("utlendingsloven § 53")
    first.click()
    expect(page).to_have_url(re.compile(r"/provision\?id=no%2Futlendingsloven%2Fs53$"))
    settle(page)
    expect(page.locator("h1").first).to_contain_text("§ 53")


def test_pin_two_items_and_download_the_brief(page: Page) -> None:
    page.goto(f"/provision?id={S53}")
    settle(page)
    page.get_by_role("button", name="Pin to brief").first.click()
    expect(page).to_have_url(re.compile(r"[?&]pin=no%2Futlendingsloven%2Fs53"))
    page.get_by_role("link", name="Search", exact=True).click()
    settle(page)
    box = page.get_by_role("textbox", name="Search")
    box.fill("forced marriage")
    box.press("Enter")
    settle(page)
    page.get_by_role("button", name="Pin to brief").first.click()
    expect(page).to_have_url(re.compile(r"pin=.*pin="))
    pins = query(page)["pin"]
    assert len(pins) == 2
    assert pins[0] == S53
    page.get_by_role("link", name="Brief", exact=True).click()
    settle(page)
    expect(page.get_by_text("Pinned (2)")).to_be_visible()
    assert query(page)["pin"] == pins, "pins survive navigation and stay in the URL"
    shoot(page, "brief-pinned")

    files = {}
    for label, suffix in (("MD", ".md"), ("CSV", ".csv"), ("JSON", ".json"), ("Word", ".docx")):
        with page.expect_download() as download:
            page.get_by_role("button", name=f"Download {label}").click()
        assert download.value.suggested_filename.endswith(suffix)
        files[suffix] = Path(download.value.path()).read_bytes()

    markdown = files[".md"].decode()
    assert "§ 53" in markdown
    assert "How to cite this dataset" in markdown
    assert [row["id"] for row in csv.DictReader(io.StringIO(files[".csv"].decode()))] == pins
    assert [entry["id"] for entry in json.loads(files[".json"])["entries"]] == pins
    word = "\n".join(p.text for p in Document(io.BytesIO(files[".docx"])).paragraphs)
    assert "LOV-2008-05-15-35, § 53" in word
    assert "How to cite this dataset" in word


@pytest.mark.parametrize(
    ("path", "label", "typed", "key", "chosen", "title"),
    [
        pytest.param("/jurisdiction", "Jurisdiction", "Norge", "code", "NO", "Norway (NO)", id="norge"),
        pytest.param("/jurisdiction", "Jurisdiction", "Czechia", "code", "CZ", "Czech Republic (CZ)", id="czechia"),
        pytest.param("/topic", "Topic", "oppholdstillatelse", "id", "residence-autonomy", "Autonomous", id="topic-nb"),
    ],
)
def test_a_picker_takes_any_name_and_resolves_it(
    page: Page, path: str, label: str, typed: str, key: str, chosen: str, title: str
) -> None:
    page.goto(path)
    settle(page)
    picker = page.get_by_role("combobox", name=label)
    picker.click()
    picker.fill(typed)
    picker.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]{key}={chosen}(&|$)"))
    settle(page)
    expect(page.locator("h1").first).to_contain_text(title)


def test_typing_a_country_in_compare_offers_that_one_jurisdiction(page: Page) -> None:
    page.goto("/compare")
    settle(page)
    picker = page.get_by_role("combobox", name="Jurisdictions", exact=True)
    picker.click()
    picker.fill("Spain")
    # the one best match first (then the words as typed, which resolve to the same), never Brussels
    expect(page.get_by_role("option").first).to_have_text("Spain (ES)")
    expect(page.get_by_role("option", name=re.compile("Brussels"))).to_have_count(0)
    page.get_by_role("option", name="Spain (ES)").click()
    picker.press("Escape")
    settle(page)
    expect(page).to_have_url(re.compile(r"[?&]j=ES(&|$)"))
    expect(page.locator("h3", has_text="Brussels")).to_have_count(0)
