"""Each filter is one declaration (indexer/filters.py): index, query syntax, facets and CLI follow it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.cli import parser
from indexer.errors import BadRequest
from indexer.filters import FILTERS, Filter, Filters
from indexer.search import Index
from tests.conftest import run_cli

BY_KEY = [pytest.param(f, id=f.name) for f in FILTERS if f.key]
ANY = [pytest.param(f, id=f.name) for f in FILTERS]


@pytest.mark.parametrize("f", ANY)
def test_a_filter_and_its_query_field_find_the_same_documents(fixture_index: Index, f: Filter) -> None:
    found = 0
    for value in fixture_index.choices(f.name):
        chosen = fixture_index.search("", Filters.of(**{f.name: [value]}), limit=500)
        assert chosen.filters == {f.name: [value]}
        found += chosen.total
        if re.fullmatch(r"[\w-]+", value):  # the query syntax takes plain words; the index keeps them lower case
            written = fixture_index.search(f"{f.name}:{value.lower()}", limit=500)
            assert {h.id for h in written.hits} == {h.id for h in chosen.hits}, value
    assert found, f"the fixture corpus has documents for {f.name}"


@pytest.mark.parametrize("f", [pytest.param(f, id=f.name) for f in FILTERS if f.counts is not None])
def test_a_facet_counts_what_its_filter_finds(fixture_index: Index, f: Filter) -> None:
    everything = fixture_index.search("", limit=500)
    assert everything.facets[f.name], f"the fixture corpus has values for {f.name}"
    for value, count in everything.facets[f.name].items():
        narrowed = fixture_index.search("", Filters.of(**{f.name: [value]}), limit=500)
        assert narrowed.total >= count, value  # a filter also finds by broader scope (a region by its country)


@pytest.mark.parametrize("f", BY_KEY)
def test_every_filter_with_a_key_is_a_command_line_option(f: Filter) -> None:
    given = [f.flag] if f.switch else [f"-{f.key}", "first", f.flag, "second"]
    args = parser().parse_args(["search", "permit", *given])
    assert getattr(args, f.name) == (True if f.switch else ["first", "second"])


def test_filters_are_named_by_the_table() -> None:
    assert Filters.of(jurisdiction=["NO"], good_practice=True, topic=[]).as_dict() == {
        "jurisdiction": ["NO"],
        "good_practice": ["yes"],
    }
    with pytest.raises(TypeError, match="no such filter: jurisdictions"):
        Filters.of(jurisdictions=["NO"])


def test_a_typed_value_is_resolved_once_and_reported_with_a_suggestion(fixture_index: Index) -> None:
    assert fixture_index.search("", Filters.of(jurisdiction=["Spian"])).filters == {"jurisdiction": ["ES"]}
    with pytest.raises(BadRequest, match=r"unknown instrument kind 'statue' \(did you mean 'statute'\?\)"):
        fixture_index.search("", Filters.of(kind=["statue"]))


# --- the verification filter: a lawyer who wants only law checked against its official text


def test_a_lawyer_can_keep_only_law_checked_against_the_official_text(real_index: Index) -> None:
    everything = real_index.search("residence permit", limit=500)
    checked = real_index.search("residence permit", Filters.of(verification=["official"]), limit=500)
    assert 0 < checked.total < everything.total
    assert {h.verification for h in checked.hits} == {"official"}
    assert checked.total == everything.facets["verification"]["official"]


def test_the_command_line_keeps_only_checked_law(built_index: Path, real_corpus: Path) -> None:
    result = run_cli("--corpus", str(real_corpus), "--index", str(built_index), "search", "residence", "-v", "official")
    assert result.returncode == 0, result.stderr
    shown = re.findall(r"\((official|secondary|unverified)\)$", result.stdout, re.MULTILINE)
    assert shown
    assert set(shown) == {"official"}
