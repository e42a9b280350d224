"""One table of designators drives both pinpoint normalisers (citations.pin_key, sources.base.pinpoint_key)."""

from __future__ import annotations

import pytest

from bench.languages import LANGUAGES, Language, _written
from indexer.citations import pin_key, split_citation
from indexer.designators import KEPT_BY_PIN_KEY, OUTSIDE, PART, UNIT, words
from indexer.sources.base import pinpoint_key
from indexer.text import fold


@pytest.mark.parametrize("word", words(UNIT), ids=str)
def test_a_unit_word_leads_a_pinpoint_in_both_normalisers(word: str) -> None:
    assert pinpoint_key(f"{word} 7") == "7"
    assert pinpoint_key(f"{word.upper()} 12 bis") == "12bis"
    if fold(word) not in KEPT_BY_PIN_KEY:
        assert pin_key(f"{word} 7") == ("7",)


@pytest.mark.parametrize("word", words(UNIT), ids=str)
def test_a_unit_word_before_a_number_makes_a_query_a_citation(word: str) -> None:
    assert split_citation(f"{word} 59 Foo") == (("59",), "Foo")
    assert split_citation(f"Foo {word.upper()} 31 bis") == (("31bis",), "Foo")


@pytest.mark.parametrize("word", words(PART, OUTSIDE), ids=str)
def test_a_part_word_is_dropped_from_a_citation_but_never_leads_a_unit_key(word: str) -> None:
    assert pin_key(f"§ 7 {word} 2") == ("7", "2")
    assert pinpoint_key(f"{word} 7") != "7"  # "Annex 1" is not Article 1, "comma 2" names no unit


@pytest.mark.parametrize(
    ("pinpoint", "key"),
    [
        pytest.param("Articles 5-6", ("articles", "5", "6"), id="plural-kept-so-5-6-is-no-paragraph"),
        pytest.param("arts 92-94", ("92", "94"), id="arts-dropped"),
        pytest.param("artigo 5", ("5",), id="portuguese"),
        pytest.param("Annex 1", ("1",), id="annex"),
    ],
)
def test_pin_key_drops_the_table_words(pinpoint: str, key: tuple[str, ...]) -> None:
    assert pin_key(pinpoint) == key


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
def test_the_bench_writes_pinpoints_the_normalisers_read(language: Language) -> None:
    # the synthetic corpus's citations ("§ 7", "7. člen", "2 kap. 7 §") key to their numbers alone
    assert pin_key(language.pinpoint.format(n=7, c=2)) in {("7",), ("2kap", "7")}


def test_a_bench_pinpoint_word_missing_from_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="'artykuł' is not a unit word of 'pl'"):
        _written("pl", "{d} {n}", "artykuł")
