"""The load test, run small: concurrent searches through the library and 20 browser sessions against the app.

The figures are written to the test report (``--junitxml``, properties) and
printed by ``python -m bench.load``; only the absence of errors is asserted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load import Sessions, app_load, library_load
from indexer.search import Index
from tests.conftest import FIXTURE_CORPUS


@pytest.mark.slow
def test_concurrent_library_searches_give_the_answers_each_gives_alone(
    real_corpus: Path, built_index: Path, record_property: pytest.RecordProperty
) -> None:
    report = library_load(real_corpus, built_index, threads=8, queries=300, seconds=300)
    for key in ("throughput_per_second", "p50_ms", "p95_ms"):
        record_property(f"library_{key}", report[key])
    assert report["error_samples"] == []
    assert report["searches"] == 300


@pytest.mark.slow
@pytest.mark.browser
def test_twenty_concurrent_app_sessions_get_their_results(
    fixture_index: Index, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    # a loaded CI machine may take long for one page; the limits only stop a stuck run
    plan = Sessions(sessions=20, rounds=1, seconds=600, page_seconds=240)
    report = app_load(FIXTURE_CORPUS, fixture_index.root, tmp_path / "texts", plan, tmp_path / "app.log")
    for key in ("first_load_ms", "throughput_per_second", "p50_ms", "p95_ms"):
        record_property(f"app_{key}", report[key])
    assert report["error_samples"] == [], (tmp_path / "app.log").read_text()
    assert report["page_loads"] == 20
