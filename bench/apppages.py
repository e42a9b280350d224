"""Server-side time of each app page on the real corpus (Streamlit ``AppTest``, in a fresh process).

``python -m bench.apppages`` runs every page under ``app/views/`` once to warm
the cached corpus and index, then :data:`RUNS` more times, and prints JSON.
A page that raises is reported with its error rather than stopping the run.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.report import percentiles
from bench.run import ROOT, WorkerFailed, run_module

MAIN = ROOT / "app" / "main.py"
VIEWS = ROOT / "app" / "views"
RUNS = 5
#: what a visitor would have typed or followed to each page (pages show little without it)
QUERY_PARAMS = {
    "search": {"q": "violence"},
    "compare": {"topic": "residence-autonomy"},
    "provision": {"id": "no/utlendingsloven/s53"},
    "jurisdiction": {"code": "NO"},
    "topic": {"id": "residence-autonomy"},
}
PAGE_SECONDS = 60


def measure_pages(corpus_dir: Path, index_dir: Path, timeout: float = 1800) -> dict[str, Any]:
    """Time every page against this corpus and index, or say why that was skipped."""
    if not any(VIEWS.glob("*.py")):
        return {"skipped": "no app pages under app/views/ yet"}
    env = dict(os.environ, LEXCOMPARE_CORPUS=str(corpus_dir), LEXCOMPARE_INDEX=str(index_dir))
    try:
        return run_module("bench.apppages", timeout=timeout, env=env)
    except WorkerFailed as exc:
        return {"skipped": f"the page runner failed: {str(exc)[-500:]}"}


def _time_page(page: str, params: dict[str, str]) -> dict[str, Any]:
    from streamlit.testing.v1 import AppTest

    def once() -> float:
        # through app/main.py and its navigation, as a browser opening the page's URL
        app = AppTest.from_file(str(MAIN), default_timeout=PAGE_SECONDS)
        app.query_params.update(params)
        if page != "search":
            app.run()
            app.switch_page(f"views/{page}.py")
        started = time.perf_counter()
        app.run()
        elapsed = (time.perf_counter() - started) * 1000
        if app.exception:
            raise RuntimeError(app.exception[0].message)
        return elapsed

    try:
        first = once()  # the page's first view in this process (its own cached data, if any)
        figures = percentiles([once() for _ in range(RUNS)])
    except RuntimeError as exc:
        return {"error": str(exc)[:300]}
    return {"first_ms": round(first, 1), **figures}


def _first_visit() -> float:
    """ms of the first page view of a fresh server: loading the corpus and opening the index included."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(MAIN), default_timeout=PAGE_SECONDS)
    started = time.perf_counter()
    app.run()
    return round((time.perf_counter() - started) * 1000, 1)


def main() -> int:
    """Time each page and print ``{"first_visit_ms": ms, "pages": {name: figures}}`` as JSON."""
    sys.path.insert(0, str(ROOT))
    first_visit = _first_visit()
    pages = {path.stem: _time_page(path.stem, QUERY_PARAMS.get(path.stem, {})) for path in sorted(VIEWS.glob("*.py"))}
    print(json.dumps({"first_visit_ms": first_visit, "pages": pages}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
