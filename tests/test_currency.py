"""Currency of a provision in words: status, version of the wording held, changed since the annotation."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from indexer.corpus import Corpus
from indexer.currency import currency, provision_currency, status_text, version_text
from indexer.load import load_corpus
from indexer.models import SourceEntry, Status, TextVersion
from indexer.sources.status import Change, ProvisionStatus

S53 = "no/utlendingsloven/s53"
D1, D2 = dt.date(2010, 1, 1), dt.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("status", "in_force", "repealed", "expected"),
    [
        pytest.param(Status.in_force, D1, None, "In force since 2010-01-01", id="in-force-dated"),
        pytest.param(Status.in_force, None, None, "In force", id="in-force-undated"),
        pytest.param(Status.partly_in_force, D1, None, "Partly in force since 2010-01-01", id="partly"),
        pytest.param(Status.repealed, D1, D2, "Repealed on 2026-07-01", id="repealed-dated"),
        pytest.param(Status.repealed, D1, None, "Repealed (date not recorded)", id="repealed-never-a-guessed-date"),
        pytest.param(Status.not_yet_in_force, D2, None, "Not yet in force: enters into force on 2026-07-01", id="nyif"),
        pytest.param(Status.not_yet_in_force, None, None, "Not yet in force (date not recorded)", id="nyif-undated"),
        pytest.param(Status.proposed, None, None, "Proposed, not law", id="proposed"),
        pytest.param(Status.unknown, D1, None, "Status not recorded", id="unknown"),
    ],
)
def test_status_reads_as_words_with_only_the_dates_the_data_gives(
    status: Status, in_force: dt.date | None, repealed: dt.date | None, expected: str
) -> None:
    assert status_text(status, in_force, repealed) == expected


URL = "https://lovdata.no/dokument/NL/lov/2008-05-15-35"
FILE = {"official_text": "...", "official_retrieved": "2026-12-06T10:00:00+00:00", "official_origin": "NO_LOV.md"}
FETCHED = {**FILE, "official_origin": URL}


def source(**fields: Any) -> SourceEntry:
    return SourceEntry(title="a source", url=URL, **fields)


@pytest.mark.parametrize(
    ("entry", "official", "expected"),
    [
        pytest.param(
            source(version=TextVersion.consolidated, version_date=dt.date(2021, 7, 9)),
            FILE,
            "Consolidated text as of 2021-07-09",
            id="consolidated-local-copy",
        ),
        pytest.param(
            source(version=TextVersion.consolidated, version_date=dt.date(2021, 7, 9)),
            FETCHED,
            "Consolidated text as published on 2026-12-06, the day it was retrieved",
            id="consolidated-fetched-is-as-of-retrieval",
        ),
        pytest.param(
            source(version=TextVersion.consolidated),
            FILE,
            "Consolidated text (the date it stands at is not recorded)",
            id="consolidated-undated",
        ),
        pytest.param(
            source(version=TextVersion.original, version_date=dt.date(2023, 4, 1)),
            FETCHED,
            "Original text as enacted or published, of 2023-04-01 (later amendments not worked in)",
            id="original",
        ),
        pytest.param(source(), FILE, "Version not recorded (consolidated or original is not known)", id="unrecorded"),
        pytest.param(
            source(version=TextVersion.original),
            {**FILE, "official_version": "2026-01-01"},
            "Original text as enacted or published (later amendments not worked in); "
            "the document gives its version as 2026-01-01",
            id="document-states-its-version",
        ),
        pytest.param(None, None, "Not known: the official wording is not on this machine", id="not-on-this-machine"),
    ],
)
def test_version_of_the_text_comes_from_sources_yaml_and_the_cache(
    entry: SourceEntry | None, official: dict[str, str] | None, expected: str
) -> None:
    assert version_text(entry, official) == expected


@pytest.fixture(scope="module")
def corpus(real_corpus: Path) -> Corpus:
    return load_corpus(real_corpus)[0]


def with_provision(corpus: Corpus, pid: str, **fields: Any) -> Corpus:
    """A copy of the corpus where one provision's fields are replaced."""
    entry = corpus.provisions[pid]
    changed = dataclasses.replace(entry, provision=entry.provision.model_copy(update=fields))
    return dataclasses.replace(corpus, provisions={**corpus.provisions, pid: changed})


def status(state: str, change: Change | None = None) -> ProvisionStatus:
    return ProvisionStatus(S53, state, "2026-11-01", "2026-10-01" if state != "not-verified" else None, change)


SHOWN = {**FILE, "official_source": "Lovdata"}
CHANGE = Change(True, 91.5, 3, ["Old sentence."], ["New sentence."])


@pytest.mark.parametrize(
    ("change", "official", "answer", "why", "next_step"),
    [
        pytest.param(status("unchanged"), SHOWN, "no", "word for word", "Rely on the annotation as of", id="no"),
        pytest.param(status("changed", CHANGE), SHOWN, "yes", "91.5% of the words alike", "report it", id="yes"),
        pytest.param(status("missing"), SHOWN, "not known", "not found in the latest", "Look the", id="missing"),
        pytest.param(status("not-verified"), SHOWN, "not known", "no verification date", "Compare", id="unverified"),
        pytest.param(status("no-baseline"), SHOWN, "not known", "on or before", "Compare", id="no-baseline"),
        pytest.param(status("no-baseline"), None, "not known", "not on this machine", "Read the", id="no-wording"),
        pytest.param(None, SHOWN, "not known", "cache on this machine cannot be read", "Compare", id="no-cache"),
    ],
)
def test_changed_since_the_annotation_says_why_and_what_to_do(
    corpus: Corpus,
    change: ProvisionStatus | None,
    official: dict[str, str] | None,
    answer: str,
    why: str,
    next_step: str,
) -> None:
    cur = currency(corpus, S53, official, change, {})
    assert (cur.changed, why in cur.why, cur.next_step.startswith(next_step) or next_step in cur.next_step) == (
        answer,
        True,
        True,
    ), cur
    assert (cur.removed, cur.added) == ((("Old sentence.",), ("New sentence.",)) if answer == "yes" else ((), ()))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({"status": Status.in_force, "in_force": D1}, "In force since 2010-01-01", id="own-status"),
        pytest.param({"status": Status.repealed, "repealed": D2}, "Repealed on 2026-07-01", id="own-repeal-date"),
        pytest.param(
            {"status": Status.unknown},
            "Not recorded for this provision (its instrument: in force",
            id="instrument-status-shown-as-the-instrument's",
        ),
    ],
)
def test_a_provision_status_is_its_own_and_the_instrument_is_named_as_such(
    corpus: Corpus, fields: dict[str, Any], expected: str
) -> None:
    cur = currency(with_provision(corpus, S53, **fields), S53, None, None, {})
    assert cur.status_text.startswith(expected)


def test_an_outdated_local_copy_warns_and_a_fetched_one_does_not(corpus: Corpus) -> None:
    entry = source(version=TextVersion.consolidated, version_date=dt.date(2015, 7, 21), outdated=True)
    local = currency(corpus, S53, SHOWN, None, {"no/utlendingsloven": entry})
    assert local.outdated is not None
    assert local.outdated.startswith("The wording shown is older than the law: consolidated text as of 2015-07-21")
    assert local.wording == "Wording as of 2026-12-06 from Lovdata"
    assert (
        currency(corpus, S53, {**SHOWN, "official_origin": URL}, None, {"no/utlendingsloven": entry}).outdated is None
    )
    assert currency(corpus, S53, None, None, {"no/utlendingsloven": entry}).outdated is None, "no wording, no warning"


@pytest.mark.parametrize(
    ("pid", "outdated"),
    [
        pytest.param("nl/vc-2000-b/b8-2", True, id="dutch-vc-2015-snapshot"),
        pytest.param("de/asylg/s3a", True, id="german-asylg-mid-2021"),
        pytest.param(S53, False, id="norwegian-consolidated-2026"),
    ],
)
def test_the_corpus_sources_say_which_copies_are_older_than_the_law(corpus: Corpus, pid: str, outdated: bool) -> None:
    assert pid in corpus.provisions
    cur = provision_currency(corpus, pid, {**FILE, "official_origin": "a local copy.md"}, None)
    assert (cur.outdated is not None) == outdated
