"""Search on a real Whoosh index: citations, typos, thesaurus, filters, facets, and hostile input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.citations import pin_key, pin_range, split_citation
from indexer.errors import BadRequest
from indexer.filters import Filters
from indexer.search import MAX_QUERY_CHARS, Index, Suggestion, clean_query


@pytest.mark.parametrize(
    ("pinpoint", "key"),
    [
        ("§ 53", ("53",)),
        ("art. 31 bis", ("31bis",)),
        ("Article 59(1)", ("59", "1")),
        ("Article 13(2)(c)", ("13", "2", "c")),
        ("18-bis", ("18bis",)),
        ("art. 18 bis", ("18bis",)),
        ("5 kap. 16 §", ("5kap", "16")),
        ("artículo 19.2", ("19", "2")),
        ("VDA 4.2", ("vda", "4", "2")),
        ("Άρθρο 90", ("90",)),
        ("art. L423-5", ("l423", "5")),
        ("L. 423-5", ("l423", "5")),
        ("B8/3.4", ("b8", "3", "4")),
        ("132.a člen", ("132a",)),
        ("§ 132a", ("132a",)),
    ],
)
def test_pinpoints_written_differently_get_the_same_key(pinpoint: str, key: tuple[str, ...]) -> None:
    assert pin_key(pinpoint) == key


@pytest.mark.parametrize(
    ("query", "key", "rest"),
    [
        ("utlendingsloven § 53", ("53",), "utlendingsloven"),
        ("art. 31 bis LO 4/2000", ("31bis",), "LO 4/2000"),
        ("Article 59 Istanbul", ("59",), "Istanbul"),
        ("5 kap. 16 § utlänningslagen", ("5kap", "16"), "utlänningslagen"),
        ("D.Lgs. 286/1998 art. 18-bis", ("18bis",), "D.Lgs. 286/1998"),
        ("Appendix VDA 4.2", ("vda", "4", "2"), "Appendix"),
        ("article L. 423-5 du CESEDA", ("l423", "5"), "du CESEDA"),
        ("L425-1 CESEDA", ("l425", "1"), "CESEDA"),
        ("article 515-9 du code civil", ("515", "9"), "du code civil"),
        ("B9/11 Vc 2000", ("b9", "11"), "Vc 2000"),
        ("art. 3.48 lid 1 onder f Vb 2000", ("3", "48", "1", "f"), "Vb 2000"),
        ("artikel 3.48, eerste lid, aanhef en onder f, Vb 2000", ("3", "48", "1", "f"), "Vb 2000"),
        ("§ 31 Abs. 2 AufenthG", ("31", "2"), "AufenthG"),
        ("18. člen ZMZ-1", ("18",), "ZMZ-1"),
        ("ZTuj-2 129. člen, 3. odstavek", ("129", "3"), "ZTuj-2"),
        ("132.a člena KZ-1", ("132a",), "KZ-1"),
        ("KZ-1, 191. členu", ("191",), "KZ-1"),
    ],
)
def test_citation_queries_split_into_pinpoint_and_instrument(query: str, key: tuple[str, ...], rest: str) -> None:
    assert split_citation(query) == (key, rest)


def test_plain_words_are_not_a_citation() -> None:
    assert split_citation("independent residence permit") is None


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("utlendingsloven § 53", "no/utlendingsloven/s53"),
        ("utlendingslovn §53", "no/utlendingsloven/s53"),  # typo in the instrument name
        ("art. 31 bis LO 4/2000", "es/lo-4-2000/art31bis"),
        ("Article 59(2) Istanbul", "coe/istanbul/art59-2"),
        ("guardianship", "es/lo-4-2000/art35"),
    ],
)
def test_query_puts_the_right_provision_first(fixture_index: Index, query: str, first: str) -> None:
    assert fixture_index.search(query).hits[0].id == first


def test_article_without_paragraph_finds_all_its_paragraphs(fixture_index: Index) -> None:
    hits = fixture_index.search("Article 59 Istanbul").hits
    assert {h.id for h in hits[:2]} == {"coe/istanbul/art59-1", "coe/istanbul/art59-2"}
    assert all(h.citation_match for h in hits[:2])


def test_misspelt_words_still_find_and_suggest(fixture_index: Index) -> None:
    result = fixture_index.search("independnt permit")
    assert result.suggestion == Suggestion(text="independent permit", typed="independnt permit", used=True)
    assert result.hits[0].id == "no/utlendingsloven/s53"


def test_exact_search_keeps_the_words_typed_and_still_offers_the_correction(fixture_index: Index) -> None:
    result = fixture_index.search("indpendent permit", exact=True)
    assert result.suggestion == Suggestion(text="independent permit", typed="indpendent permit", used=False)
    assert fixture_index.search("indpendent", exact=True).total == 0
    assert fixture_index.search("indpendent").total > 0


def test_correct_words_get_no_suggestion(fixture_index: Index) -> None:
    assert fixture_index.search("independent permit").suggestion is None


@pytest.mark.parametrize("query", ["mishandlingsbestemmelsen", "residencia independiente", "krisesenter"])
def test_thesaurus_label_in_another_language_finds_the_topic(fixture_index: Index, query: str) -> None:
    result = fixture_index.search(query)
    topics = {t for h in result.hits for t in h.topics}
    wanted = "shelters-and-support" if query == "krisesenter" else "residence-autonomy"
    assert wanted in topics
    assert result.total >= 2


def test_exact_text_match_ranks_above_thesaurus_match(fixture_index: Index) -> None:
    # "violencia" is in art. 31 bis's heading; other residence-autonomy provisions only share the topic
    hits = fixture_index.search("violencia").hits
    assert hits[0].id == "es/lo-4-2000/art31bis"


def test_boolean_operators_phrases_and_fields(fixture_index: Index) -> None:
    assert {h.id for h in fixture_index.search("permit AND spouse").hits} == {
        "no/utlendingsloven/s53",
        "coe/istanbul/art59-1",
    }
    assert "coe/istanbul/art59-1" not in {h.id for h in fixture_index.search("permit NOT autonomous").hits}
    assert [h.id for h in fixture_index.search('"independent permit"').hits] == ["no/utlendingsloven/s53"]
    assert {h.id for h in fixture_index.search("suspended OR guardianship").hits} == {
        "coe/istanbul/art59-2",
        "es/lo-4-2000/art35",
    }
    assert [h.id for h in fixture_index.search("jurisdiction:no").hits] == ["no/utlendingsloven/s53"]


@pytest.mark.parametrize("alias", ["ES", "es", "Spain", "España", "espana", "Spian"])
def test_jurisdiction_filter_accepts_codes_names_and_typos(fixture_index: Index, alias: str) -> None:
    result = fixture_index.search("", Filters.of(jurisdiction=[alias]))
    assert {h.jurisdiction for h in result.hits} == {"ES"}
    assert result.total == 3


def test_region_belongs_to_its_country_and_broader_topic_covers_narrower(fixture_index: Index) -> None:
    narrower = fixture_index.search("", Filters.of(topic=["unaccompanied-minors"]))
    assert [h.id for h in narrower.hits] == ["es/lo-4-2000/art35"]


def test_filters_combine_and_facets_count_the_results(fixture_index: Index) -> None:
    result = fixture_index.search(
        "permit OR violence OR guardianship OR suspended", Filters.of(topic=["residence-autonomy"])
    )
    assert result.facets["topic"]["residence-autonomy"] == result.total
    assert sum(result.facets["jurisdiction"].values()) == result.total
    only_gp = fixture_index.search("", Filters.of(good_practice=True))
    assert [h.id for h in only_gp.hits] == ["es/practices/mentors"]
    assert fixture_index.search("", Filters.of(standard=["coe-istanbul:59"])).total == 3


def test_unknown_filter_values_are_a_clear_error(fixture_index: Index) -> None:
    with pytest.raises(BadRequest, match="unknown jurisdiction 'Atlantis'"):
        fixture_index.search("x", Filters.of(jurisdiction=["Atlantis"]))
    with pytest.raises(BadRequest, match="unknown topic"):
        fixture_index.search("x", Filters.of(topic=["no-such-topic"]))


def test_highlight_is_escaped_and_marks_matches(fixture_index: Index) -> None:
    hit = fixture_index.search("permit").hits[0]
    assert '<mark class="match t0">permit</mark>' in hit.highlight
    # the fixture practice's summary carries markup: it must come out as text
    mentors = fixture_index.search("mentors").hits[0]
    assert "<mark" in mentors.highlight
    assert "<script" not in mentors.highlight
    assert "&lt;script&gt;" in mentors.highlight


def test_pagination(fixture_index: Index) -> None:
    everything = [h.id for h in fixture_index.search("", limit=50).hits]
    pages = [h.id for off in range(0, 6, 2) for h in fixture_index.search("", limit=2, offset=off).hits]
    assert pages == everything


def test_long_queries_are_bounded() -> None:
    assert len(clean_query("word " * 10_000)) <= MAX_QUERY_CHARS
    assert clean_query("a\x00b\x1fc") == "a b c"


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300))
def test_any_query_string_is_safe(fixture_index: Index, query: str) -> None:
    result = fixture_index.search(query)
    assert result.total >= len(result.hits)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.lists(
        st.sampled_from(
            [
                '"',
                "(",
                ")",
                "AND",
                "OR",
                "NOT",
                "*",
                "?",
                "~",
                "^",
                ":",
                "jurisdiction:",
                "topic:",
                "[",
                "]",
                "{",
                "}",
                "permit",
                "a",
                "TO",
                "\\",
                "/",
                "§",
                "art.",
                "59",
                "*permit*",
                "-",
                "+",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_query_syntax_soup_is_safe(fixture_index: Index, query: str) -> None:
    fixture_index.search(query)


@pytest.mark.parametrize(
    ("pinpoint", "span"),
    [("arts 92-94", range(92, 95)), ("§§ 98 a–98 g", None), ("art. 19", None), ("Articles 18–20", range(18, 21))],
)
def test_range_pinpoints(pinpoint: str, span: range | None) -> None:
    assert pin_range(pinpoint) == span


def test_sfs_numbers_and_parentheses_are_plain_words(fixture_index: Index) -> None:
    # "(2005:429)" is how Swedish lawyers cite an act; it must not turn the query into field syntax
    assert fixture_index.search("utlendingsloven (2008:35) permit").hits[0].id == "no/utlendingsloven/s53"


def test_instrument_number_in_a_citation_must_match(fixture_index: Index) -> None:
    # LO 4/2000 has an art. 35; "LO 5/2000" names another act and must not cite it
    assert fixture_index.search("art. 35 LO 4/2000").hits[0].citation_match
    assert not any(h.citation_match for h in fixture_index.search("art. 35 LO 5/2000").hits)


def test_act_number_is_not_taken_for_a_pinpoint() -> None:
    assert split_citation("Regulation 2024/1347 Article 10(1)(d)") == (("10", "1", "d"), "Regulation 2024/1347")


def test_leading_wildcard_reads_as_a_prefix(fixture_index: Index) -> None:
    assert [h.id for h in fixture_index.search("*guardiansh*").hits] == ["es/lo-4-2000/art35"]
    assert fixture_index.search("*g* *e*").total == 0


def test_several_prefixes_in_one_query_all_count(fixture_index: Index) -> None:
    # every prefix must match (in art. 59(1) "independ*" matches the topic label "residencia independiente")
    assert {h.id for h in fixture_index.search("independ* perm* spous*").hits} == {
        "no/utlendingsloven/s53",
        "coe/istanbul/art59-1",
    }
    assert fixture_index.search("independ* perm* spous* suspen*").total == 0


def test_swapped_letters_count_as_one_typo(fixture_index: Index) -> None:
    result = fixture_index.search("independent pemrit")
    assert result.suggestion is not None
    assert result.suggestion.text == "independent permit"
    assert result.hits[0].id == "no/utlendingsloven/s53"
