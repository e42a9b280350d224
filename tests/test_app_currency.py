"""The provision page's currency, with AppTest: status in words, the wording's date, source and version."""

from __future__ import annotations

import pytest
from test_app import S53, app_env, open_page, texts  # noqa: F401 (app_env: the autouse fixture)

from app import ui

ASYLG = "de/asylg/s3a"
LOCAL = {
    "official_text": "§ 3a as the local copy words it.",
    "official_source": "Asylgesetz (bundestag/gesetze)",
    "official_retrieved": "2026-12-06T09:00:00+00:00",
    "official_origin": "DE_AsylG_asylvfg_1992_bundestag-gesetze.md",
}


def test_an_old_copy_of_the_law_is_flagged_at_the_top_with_its_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui, "wording", lambda pid: LOCAL)
    at = open_page("provision", id=ASYLG)
    assert len(at.warning) == 1
    warning = at.warning[0].value
    assert warning.startswith("The wording shown is older than the law: consolidated text as of 2021-07-09")
    page = texts(at)
    assert "**Wording:** Wording as of 2026-12-06 from Asylgesetz (bundestag/gesetze)" in page
    assert "**Version of the text:** Consolidated text as of 2021-07-09" in page
    assert "**Status:** In force" in page
    assert "**Changed since our annotation:** not known — " in page
    assert "**What to do next:** " in page
    assert "in-force" not in page, "no raw status token"


def test_without_the_wording_the_page_says_so_and_warns_of_no_old_copy() -> None:
    at = open_page("provision", id=S53)
    page = texts(at)
    assert "Wording not on this machine" in page
    assert "**Wording:** not on this machine" in page
    assert "**Changed since our annotation:** not known — the official wording is not on this machine" in page
    assert not at.warning
    assert ":gray-badge[In force" in page, "the status badge in words"
