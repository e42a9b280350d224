"""In real headless Chromium: every view's exports download and open, and no request leaves the machine."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from test_browser_app import S53, browser, page, server, settle, shoot  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

VIEWS = [
    # path, export buttons (label, file suffix), the permalink its exports carry
    ("/?q=forced+marriage", [("CSV", ".csv"), ("JSON", ".json")], "/search?q=forced+marriage"),
    (
        "/compare?topic=residence-autonomy&j=NO&j=CZ",
        [("CSV", ".csv"), ("JSON", ".json"), ("Word", ".docx")],
        "/compare?topic=residence-autonomy&j=NO&j=CZ",
    ),
    ("/jurisdiction?code=NO", [("CSV", ".csv"), ("JSON", ".json")], "/jurisdiction?code=NO"),
    (f"/brief?pin={S53}", [("CSL-JSON", ".csl.json")], "/brief?pin=no%2Futlendingsloven%2Fs53"),
    (
        "/about",
        [("the data package (CSV, ZIP)", ".zip"), ("the dataset (JSON)", ".json")],
        "/about",
    ),
]


def opened(suffix: str, data: bytes) -> tuple[str, object]:
    """The downloaded file opened as its reader would: (the view's link it names, what it holds)."""
    if suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        return rows[0]["permalink"], rows
    if suffix == ".docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        return next(line.removeprefix("View: ") for line in text.splitlines() if line.startswith("View: ")), text
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = json.loads(archive.read("lexcompare/datapackage.json"))
            tables = {
                r["name"]: list(csv.DictReader(io.StringIO(archive.read(f"lexcompare/{r['path']}").decode())))
                for r in package["resources"]
            }
        return package["homepage"], tables
    loaded = json.loads(data)
    if suffix == ".csl.json":
        return loaded[0]["note"].rsplit(", from ", 1)[1], loaded
    return (loaded.get("permalink") or loaded["dataset"]["permalink"]), loaded


def test_every_export_downloads_opens_and_nothing_leaves_the_machine(page: Page, server: str) -> None:  # noqa: F811
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    opened_files = 0
    for path, buttons, link in VIEWS:
        page.goto(path)
        settle(page)
        for label, suffix in buttons:
            with page.expect_download() as download:
                page.get_by_role("button", name=f"Download {label}", exact=True).click()
            assert download.value.suggested_filename.endswith(suffix), download.value.suggested_filename
            named, content = opened(suffix, Path(download.value.path()).read_bytes())
            assert content, (path, label)
            assert urlparse(named).path + (f"?{urlparse(named).query}" if urlparse(named).query else "") in {
                link,
                link + "&by=topic&rank=coe-istanbul%3A59%281%29",
            }, (path, label, named)
            opened_files += 1
    assert opened_files == sum(len(buttons) for _, buttons, _ in VIEWS)
    local = ("127.0.0.1", urlparse(server).port)
    elsewhere = [
        u
        for u in requested
        if urlparse(u).scheme not in ("data", "blob") and (urlparse(u).hostname, urlparse(u).port) != local
    ]
    assert requested
    assert elsewhere == []


def test_the_provision_page_says_how_current_it_is(page: Page) -> None:  # noqa: F811
    page.goto("/provision?id=de/asylg/s3a")
    settle(page)
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_text("Changed since our annotation:")).to_be_visible()
    expect(main.get_by_text("Version of the text:")).to_be_visible()
    expect(main.get_by_text("What to do next:")).to_be_visible()
    shoot(page, "provision-currency")
