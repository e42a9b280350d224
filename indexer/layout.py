"""What an index generation holds on disk, shared by the build that writes it and the search that reads it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SCHEMA_VERSION = 5
MANIFEST = "manifest.json"
DOCS = "docs.json"  # the search's per-document columns: see doc_table
TABLES = "tables.json"  # jurisdiction and topic names, abbreviations
WORDS = "words.json"  # surface words and their frequencies, for typo correction: read for the first misspelt word


def doc_table(rows: Iterable[Mapping[str, Any]], filters: Iterable[str]) -> dict[str, Any]:
    """What search needs of each document, by column, from one row per document number.

    A row holds ``id``, ``doc_type``, ``jurisdiction``, ``pinpoint``, ``instrument_id``,
    ``instrument_names``, ``filters`` (filter -> values) and ``facets`` ((facet, value) pairs).
    Columns decode several times faster than rows (a few containers instead of a dozen per
    document) and say each repeated value once:

    - ``ids``, ``jurisdiction``, ``doc_type``: one value per document;
    - ``postings``: filter (every one of ``filters``) -> value -> its document numbers, ascending;
    - ``pairs``: each distinct (facet, value) pair once; ``facets``: per document, its pairs' numbers;
    - ``instruments``: instrument id -> [its names, [[document number, pinpoint], ...]], provisions only.
    """
    table: dict[str, Any] = {
        "ids": [],
        "jurisdiction": [],
        "doc_type": [],
        "postings": {name: {} for name in filters},
        "pairs": [],
        "facets": [],
        "instruments": {},
    }
    pair_numbers: dict[tuple[str, str], int] = {}
    for num, row in enumerate(rows):
        table["ids"].append(row["id"])
        table["jurisdiction"].append(row["jurisdiction"])
        table["doc_type"].append(row["doc_type"])
        for name, values in row["filters"].items():
            for value in values:
                table["postings"][name].setdefault(value, []).append(num)
        facets = []
        for pair in row["facets"]:
            if tuple(pair) not in pair_numbers:
                pair_numbers[tuple(pair)] = len(table["pairs"])
                table["pairs"].append(list(pair))
            facets.append(pair_numbers[tuple(pair)])
        table["facets"].append(facets)
        if row["doc_type"] == "provision" and row["instrument_id"]:
            instrument = table["instruments"].setdefault(row["instrument_id"], [row["instrument_names"], []])
            instrument[1].append([num, row["pinpoint"]])
    return table
