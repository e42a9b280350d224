"""The house's walls, checked from the code's own imports: who may import whom."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.models import SOURCE_FORMATS

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    """The modules a file imports (``from indexer import api`` counts as ``indexer.api``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_app_imports_the_library_only_through_its_public_api() -> None:
    reached = {
        (path.relative_to(ROOT).as_posix(), module)
        for path in (ROOT / "app").rglob("*.py")
        for module in _imports(path)
        if module.split(".")[0] in {"indexer", "whoosh"}
    }
    assert ("app/ui.py", "indexer.api") in reached, "the scan sees the app's imports"
    inside = sorted(
        (where, module)
        for where, module in reached
        if module not in {"indexer", "indexer.api"} and not module.startswith("indexer.api.")
    )
    assert inside == []


def test_the_library_has_no_import_cycle() -> None:
    modules = {_module(p): p for p in (ROOT / "indexer").rglob("*.py")}
    graph = {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail[trail.index(name) :], name))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, (*trail, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
    assert graph["indexer.api"], "the scan sees the library's imports"


# what the light modules must not load: the search engine, the HTML and XML parsers, the Word writer
HEAVY = ("whoosh", "bs4", "lxml", "docx")


@pytest.mark.parametrize(
    "module",
    [
        "indexer.text",
        "indexer.designators",
        "indexer.records",
        "indexer.problems",
        "indexer.compare",
        "indexer.validate",
        "indexer.export",
        "indexer.rules",
        "indexer.coded",
        "indexer.coded_tables",
        "indexer.codecheck",
    ],
)
def test_a_pure_module_loads_no_heavy_library(module: str) -> None:
    probe = f"import sys, {module}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert "indexer" in loaded, "the probe sees what the import loaded"
    assert [name for name in HEAVY if name in loaded] == []


def test_the_light_list_of_source_formats_names_every_ingester() -> None:
    from indexer.sources.ingest import FORMATS

    assert sorted(SOURCE_FORMATS) == sorted(FORMATS)


@pytest.mark.parametrize(
    ("query", "unused"),
    [
        pytest.param("permit", ("pydantic", "yaml", "rapidfuzz"), id="words"),
        pytest.param("art. 3", ("pydantic", "yaml"), id="citation"),
        pytest.param("Zwangsheirat Norwegen", ("pydantic", "yaml"), id="place"),
    ],
)
def test_a_search_in_a_fresh_process_loads_only_what_it_needs(
    built_index: Path, query: str, unused: tuple[str, ...]
) -> None:
    """Opening an index and answering a query needs the index's own files only: the corpus model
    (pydantic) and the YAML reader are the build's and the pages', not the cold open's; nor is the
    fuzzy matcher (rapidfuzz) a plain query's, only that of a query that cites or looks misspelt."""
    probe = (
        "import sys; from pathlib import Path; from indexer.search import open_index; "
        f"hits = open_index(Path({str(built_index)!r})).search({query!r}).total; "
        "print(hits, ' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    total, *loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert int(total) > 0, "the probe answered the query"
    assert [name for name in unused if name in loaded] == []


def test_the_readmes_map_of_modules_names_every_library_module() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    unnamed = [
        path.relative_to(ROOT / "indexer").as_posix()
        for path in sorted((ROOT / "indexer").rglob("*.py"))
        if path.name != "__init__.py" and f"{path.name}`" not in readme  # `name.py` or `indexer/name.py`
    ]
    assert unnamed == []
