"""What an index generation holds on disk, shared by the build that writes it and the search that reads it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SCHEMA_VERSION = 6
MANIFEST = "manifest.json"
DOCS = "docs.json"  # per document: id, jurisdiction, type and facet pairs (see doc_sidecars): read at open
POSTINGS = "postings.json"  # filter -> value -> documents: read for the first query that filters or ranks by them
CITATIONS = "citations.json"  # instrument -> names and provisions' pinpoints: read for the first query that cites
TABLES = "tables.json"  # jurisdiction and topic names, abbreviations
WORDS = "words.json"  # surface words and their frequencies, for typo correction: read for the first misspelt word


def doc_sidecars(rows: Iterable[Mapping[str, Any]], filters: Iterable[str]) -> dict[str, Any]:
    """File name -> what search needs of each document, by column, from one row per document number.

    A row holds ``id``, ``doc_type``, ``jurisdiction``, ``pinpoint``, ``instrument_id``,
    ``instrument_names``, ``filters`` (filter -> values) and ``facets`` ((facet, value) pairs).
    Columns decode several times faster than rows (a few containers instead of a dozen per
    document), say each repeated value once, and come in three files, each read when first needed:

    - :data:`DOCS`: ``ids``, ``jurisdiction`` and ``doc_type``, one value per document; ``pairs``,
      each distinct (facet, value) pair once, and ``facets``, per document its pairs' numbers;
    - :data:`POSTINGS`: filter (every one of ``filters``) -> value -> its document numbers, ascending;
    - :data:`CITATIONS`: instrument id -> [its names, its provisions' numbers, their pinpoints].
    """
    docs: dict[str, list[Any]] = {"ids": [], "jurisdiction": [], "doc_type": [], "pairs": [], "facets": []}
    postings: dict[str, dict[str, list[int]]] = {name: {} for name in filters}
    citations: dict[str, list[Any]] = {}
    pair_numbers: dict[tuple[str, str], int] = {}
    for num, row in enumerate(rows):
        docs["ids"].append(row["id"])
        docs["jurisdiction"].append(row["jurisdiction"])
        docs["doc_type"].append(row["doc_type"])
        for name, values in row["filters"].items():
            for value in values:
                postings[name].setdefault(value, []).append(num)
        facets = []
        for facet, value in row["facets"]:
            if (facet, value) not in pair_numbers:
                pair_numbers[facet, value] = len(docs["pairs"])
                docs["pairs"].append([facet, value])
            facets.append(pair_numbers[facet, value])
        docs["facets"].append(facets)
        if row["doc_type"] == "provision" and row["instrument_id"]:
            instrument = citations.setdefault(row["instrument_id"], [row["instrument_names"], [], []])
            instrument[1].append(num)
            instrument[2].append(row["pinpoint"])
    return {DOCS: docs, POSTINGS: postings, CITATIONS: citations}
