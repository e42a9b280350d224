"""Validation: each kind of corpus mistake gets its code, its file and its line; nothing is rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.validate import check


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"fixture drifted: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


def test_fixture_corpus_is_valid(fixture_corpus: Path) -> None:
    corpus, problems = check(fixture_corpus)
    assert problems == []
    assert set(corpus.provisions) == {
        "coe/istanbul/art59-1",
        "coe/istanbul/art59-2",
        "no/utlendingsloven/s53",
        "es/lo-4-2000/art31bis",
        "es/lo-4-2000/art35",
    }
    assert set(corpus.practices) == {"es/practices/mentors"}


# (file, text to replace, replacement, expected code, text of the line the problem must point at)
CASES = [
    (
        "no/utlendingsloven.yaml",
        "topics: [residence-autonomy]",
        "topics: [residense-autonomy]",
        "unknown-topic",
        "- pinpoint: § 53",
    ),
    (
        "no/utlendingsloven.yaml",
        "target_persons: [dependent-spouse]",
        "target_persons: [dependant-spouse]",
        "unknown-target-person",
        "- pinpoint: § 53",
    ),
    (
        "no/utlendingsloven.yaml",
        '"coe-istanbul:59(1)"]\n    conditions',
        '"coe-istambul:59(1)"]\n    conditions',
        "unknown-standard",
        "- pinpoint: § 53",
    ),
    (
        "no/utlendingsloven.yaml",
        "related: [coe/istanbul/art59-1]",
        "related: [coe/istanbul/art99]",
        "dangling-reference",
        "- pinpoint: § 53",
    ),
    (
        "no/utlendingsloven.yaml",
        "    heading: Independent",
        "    headline: Independent",
        "unknown-field",
        "headline: Independent",
    ),
    ("no/utlendingsloven.yaml", "  citation: LOV-2008-05-15-35\n", "", "missing-field", "instrument:"),
    (
        "no/utlendingsloven.yaml",
        "topics: [residence-autonomy]",
        "topics: residence-autonomy",
        "wrong-type",
        "topics: residence-autonomy",
    ),
    (
        "no/utlendingsloven.yaml",
        "  language: nb",
        "  language: nb\n  adopted: 2008-02-30",
        "bad-date",
        "adopted: 2008-02-30",
    ),
    (
        "no/utlendingsloven.yaml",
        "    summary: A spouse whose",
        "    summary: ''\n    plain_summary: A spouse whose",
        "empty-summary",
        "summary: ''",
    ),
    ("no/utlendingsloven.yaml", 'jurisdiction: "NO"', "jurisdiction: ES", "jurisdiction-mismatch", "instrument:"),
    (
        "coe/istanbul.yaml",
        "slug: art59-2",
        "slug: art59-1",
        "duplicate-id",
        "slug: art59-1\n    heading: Residence status\n    summary: Parties must allow",
    ),
    (
        "no/coverage.yaml",
        "shelters-and-support: {state: unknown}",
        "residence-autonomy: {state: none}",
        "coverage-contradiction",
        "residence-autonomy: {state: none}",
    ),
    (
        "no/coverage.yaml",
        "shelters-and-support: {state: unknown}",
        "shelters-and-support: {state: provisions}",
        "coverage-derived",
        "shelters-and-support: {state: provisions}",
    ),
    ("no/coverage.yaml", "shelters-and-support: {state: unknown}\n", "", "coverage-missing", None),
    ("no/utlendingsloven.yaml", "    slug: s53", "    slug: s53\n\tbroken: tab", "yaml-syntax", None),
    # the codebook and the codings
    ("es/coding.yaml", "{value: discretion", "{value: maybe", "coding-bad-value", "legal-basis"),
    ("es/coding.yaml", "min-duration: {value: unknown}", "min-duration: {value: -3}", "coding-bad-value", "min-d"),
    ("es/coding.yaml", "min-duration: {value: unknown}", "min-duration: {value: 'six'}", "coding-bad-value", "min-d"),
    ("es/coding.yaml", "tcn: {value: n/a}", "tcn: {value: 1}", "coding-bad-value", "covers"),
    ("es/coding.yaml", "accepted: {value: unknown}", "accepted: {value: [fax]}", "coding-bad-value", "evid"),
    ("es/coding.yaml", "es/lo-4-2000/art31bis]", "es/lo-4-2000/art31]", "dangling-reference", "legal-basis"),
    ("es/coding.yaml", "es/lo-4-2000/art31bis]", "es/lo-4-2000/art35]", "coding-off-topic", "legal-basis"),
    ("es/coding.yaml", "    min-duration: {value: unknown}\n", "", "coding-missing-variable", None),
    (
        "es/coding.yaml",
        "    min-duration: {value: unknown}",
        "    min-duration: {value: unknown}\n    colour: {value: red}",
        "coding-unknown-variable",
        "colour",
    ),
    (
        "es/coding.yaml",
        "min-duration: {value: unknown}",
        "min-duration: {value: unknown, provisions: [es/lo-4-2000/art31bis]}",
        "coding-unknown-unexplained",
        "min-duration",
    ),
    (
        "es/coding.yaml",
        "legal-basis: {value: discretion, provisions: [es/lo-4-2000/art31bis]}",
        "legal-basis: {value: discretion}",
        "coding-uncited",
        "legal-basis",
    ),
    (
        "es/coding.yaml",
        "verification: {status: unverified",
        "verification: {status: guessed",
        "bad-value",
        "verification",
    ),
    (
        "codebook.yaml",
        "{variable: legal-basis, one_of: [none]}",
        "{variable: legal-basics, one_of: [none]}",
        "rule-bad-reference",
        "- standard",
    ),
    (
        "codebook.yaml",
        "{variable: legal-basis, one_of: [none]}",
        "{variable: legal-basis, one_of: [nothing]}",
        "rule-bad-reference",
        "- standard",
    ),
    (
        "codebook.yaml",
        "{variable: min-duration, at_most: 0}",
        "{variable: min-duration, equals: true}",
        "rule-bad-reference",
        "- standard",
    ),
    (
        "codebook.yaml",
        "topic: residence-autonomy\n    treaty",
        "topic: fgm\n    treaty",
        "rule-bad-reference",
        "- standard",
    ),
    (
        "codebook.yaml",
        "        type: integer\n        unit: months\n",
        "        type: integer\n",
        "bad-value",
        "- id: min",
    ),
    (
        "codebook.yaml",
        "  - topic: residence-autonomy",
        "  - topic: residense-autonomy",
        "unknown-topic",
        "- id: legal-basis",
    ),
    ("es/practices.yaml", "    evaluated_by: none-known\n", "", "missing-field", "- slug: mentors"),
    (
        "es/practices.yaml",
        "    related_provisions: [es/lo-4-2000/art31bis]\n",
        "",
        "practice-unlinked",
        "- slug: mentors",
    ),
    # an undated verification: a reader could not tell a 2019 reading from a 2026 one
    (
        "no/utlendingsloven.yaml",
        "verification: {status: unverified, date: 2026-01-15}",
        "verification: {status: unverified}",
        "missing-field",
        "verification: {status: unverified}",
    ),
    (
        "es/practices.yaml",
        "verification: {status: unverified, date: 2026-01-15}",
        "verification: {status: unverified}",
        "missing-field",
        "verification: {status: unverified}",
    ),
    # one name for two things: search could not tell which is meant
    ("jurisdictions.yaml", "aliases: [Norwegian]", "aliases: [Norwegian, Spain]", "name-twice", None),
    (
        "vocabulary.yaml",
        "standards:\n",
        "abbreviations:\n  - {short: Norge, means: Norway}\nstandards:\n",
        "name-twice",
        None,
    ),
    (
        "vocabulary.yaml",
        "standards:\n",
        "abbreviations:\n  - {short: DV, means: domestic violence}\n"
        "everyday_words:\n  - {words: [dv], means: violence}\nstandards:\n",
        "name-twice",
        None,
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "code", "line_text"), CASES, ids=[f"{c[3]}-{i}" for i, c in enumerate(CASES)]
)
def test_problem_points_at_file_and_line(
    fixture_corpus: Path, file: str, old: str, new: str, code: str, line_text: str | None
) -> None:
    path = fixture_corpus / file
    _edit(path, old, new)
    before = {p: p.read_bytes() for p in fixture_corpus.rglob("*.yaml")}
    _, problems = check(fixture_corpus)
    found = [p for p in problems if p.code == code]
    assert found, f"expected [{code}], got {[str(p) for p in problems]}"
    assert found[0].path.name == Path(file).name
    if line_text is not None:
        first = line_text.splitlines()[0].strip()
        lines = path.read_text("utf-8").splitlines()
        assert first in lines[found[0].line - 1], f"{found[0]} does not point at {first!r}"
    assert {p: p.read_bytes() for p in fixture_corpus.rglob("*.yaml")} == before, "validation rewrote a file"


def test_misspelt_topic_suggests_the_right_one(fixture_corpus: Path) -> None:
    _edit(fixture_corpus / "no/utlendingsloven.yaml", "topics: [residence-autonomy]", "topics: [residense-autonomy]")
    _, problems = check(fixture_corpus)
    assert any("did you mean 'residence-autonomy'" in p.message for p in problems)


def test_all_problems_are_collected_not_just_the_first(fixture_corpus: Path) -> None:
    _edit(fixture_corpus / "no/utlendingsloven.yaml", "topics: [residence-autonomy]", "topics: [nope-one]")
    _edit(fixture_corpus / "es/lo-4-2000.yaml", "topics: [guardianship]", "topics: [nope-two]")
    (fixture_corpus / "es/broken.yaml").write_text("instrument: [\n", "utf-8")
    _, problems = check(fixture_corpus)
    messages = " ".join(str(p) for p in problems)
    for expected in ("nope-one", "nope-two", "broken.yaml:2: [yaml-syntax]"):
        assert expected in messages


def test_id_collision_across_files_via_alias(fixture_corpus: Path) -> None:
    _edit(fixture_corpus / "es/lo-4-2000.yaml", "    slug: art35\n", "    slug: art35\n    aliases: [no/utl/s53]\n")
    _edit(fixture_corpus / "no/utlendingsloven.yaml", "    slug: s53\n", "    slug: s53\n    aliases: [no/utl/s53]\n")
    _, problems = check(fixture_corpus)
    assert any(p.code == "duplicate-id" and "no/utl/s53" in p.message for p in problems)


def test_a_state_without_coding_is_a_problem_a_region_is_not(fixture_corpus: Path) -> None:
    (fixture_corpus / "es/coding.yaml").unlink()
    _, problems = check(fixture_corpus)
    assert [(p.path.relative_to(fixture_corpus).as_posix(), p.code) for p in problems] == [
        ("es/coding.yaml", "coding-missing")
    ]
    assert "ES-MD" not in problems[0].message


def test_a_corpus_without_codebook_needs_no_coding(fixture_corpus: Path) -> None:
    (fixture_corpus / "codebook.yaml").unlink()
    for path in fixture_corpus.glob("*/coding.yaml"):
        path.unlink()
    _, problems = check(fixture_corpus)
    assert problems == []
