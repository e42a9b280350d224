"""The reference: the same documents in SQLite FTS5, with filters and facet counts done in SQL.

Building takes the engine-neutral documents lexcompare's build writes (so both
sides index exactly the same text); querying needs nothing but ``sqlite3``, so
the reference's cold open and memory are not charged for lexcompare's imports.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.engine import IndexDoc

#: FTS5 columns, in order; ``native`` holds official text of every language
COLUMNS = ("heading", "names", "body", "labels", "native")
#: the facets lexcompare counts on every search (jurisdiction, topic, person, standard, kind, type)
FACET_FIELDS = ("jurisdiction", "topic", "person", "standard", "kind", "type")
#: diacritics folded like lexcompare's FoldFilter; Porter stemming like its English body field
TOKENIZE = "porter unicode61 remove_diacritics 2"
WORD = re.compile(r"\w+")


def build(path: Path, docs: Iterable[IndexDoc], weights: Mapping[str, float]) -> int:
    """Write a new FTS5 database at ``path`` (replacing any) with ``docs``; return the count.

    ``weights`` are per-column bm25 weights (lexcompare's field boosts), kept in the database.
    """
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        conn.executescript(
            f"""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, data TEXT);
            CREATE TABLE keywords(field TEXT, value TEXT, doc INTEGER);
            CREATE VIRTUAL TABLE fts USING fts5({", ".join(COLUMNS)}, tokenize = '{TOKENIZE}');
            """
        )
        count = 0
        for rowid, doc in enumerate(docs, start=1):
            conn.execute("INSERT INTO docs VALUES (?, ?, ?)", (rowid, doc.id, json.dumps(doc.data, default=str)))
            native = "\n".join(doc.native.values())
            conn.execute(
                "INSERT INTO fts(rowid, heading, names, body, labels, native) VALUES (?, ?, ?, ?, ?, ?)",
                (rowid, doc.heading, doc.names, doc.body, doc.labels, native),
            )
            conn.executemany(
                "INSERT INTO keywords VALUES (?, ?, ?)",
                [(name, value.lower(), rowid) for name, values in doc.keywords.items() for value in values],
            )
            count += 1
        conn.execute("CREATE INDEX keywords_value ON keywords(field, value, doc)")
        conn.execute("CREATE INDEX keywords_doc ON keywords(doc, field, value)")
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        conn.execute("INSERT INTO meta VALUES ('weights', ?)", (json.dumps([weights.get(c, 1.0) for c in COLUMNS]),))
        conn.commit()
    finally:
        conn.close()
    return count


@dataclass
class Result:
    """What a query found, in the shape of lexcompare's search result."""

    total: int
    hits: list[dict[str, Any]]
    facets: dict[str, dict[str, int]]


def match_expression(text: str, phrase: bool = False) -> str:
    """An FTS5 MATCH expression: every word required (quoted, so no word is read as syntax)."""
    words = WORD.findall(text)
    if phrase:
        return '"' + " ".join(words) + '"'
    return " ".join(f'"{w}"' for w in words)


class Reference:
    """An open FTS5 database answering queries the way lexcompare's search does."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        (weights,) = self.conn.execute("SELECT value FROM meta WHERE key = 'weights'").fetchone()
        self.bm25 = "bm25(fts, " + ", ".join(str(float(w)) for w in json.loads(weights)) + ")"

    def close(self) -> None:
        """Close the database."""
        self.conn.close()

    def search(
        self,
        text: str,
        *,
        phrase: bool = False,
        jurisdictions: Iterable[str] = (),
        topics: Iterable[str] = (),
        facets: bool = True,
        limit: int = 10,
    ) -> Result:
        """Top ``limit`` hits with a snippet, the total and (with ``facets``) counts per jurisdiction and topic."""
        where = ["fts MATCH ?"]
        args: list[Any] = [match_expression(text, phrase)]
        for name, values in (("jurisdiction", list(jurisdictions)), ("topic", list(topics))):
            if values:
                marks = ", ".join("?" * len(values))
                where.append(f"fts.rowid IN (SELECT doc FROM keywords WHERE field = ? AND value IN ({marks}))")
                args += [name, *(v.lower() for v in values)]
        cond = " AND ".join(where)
        rows = self.conn.execute(
            f"SELECT d.id, d.data, {self.bm25} AS score, snippet(fts, 2, '<mark>', '</mark>', ' … ', 24) "
            f"FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE {cond} ORDER BY score LIMIT ?",
            [*args, limit],
        ).fetchall()
        hits = [{"id": i, **json.loads(data), "score": -score, "highlight": snip} for i, data, score, snip in rows]
        (total,) = self.conn.execute(f"SELECT count(*) FROM fts WHERE {cond}", args).fetchone()
        counts: dict[str, dict[str, int]] = {}
        if facets and total:
            marks = ", ".join("?" * len(FACET_FIELDS))
            for name, value, n in self.conn.execute(
                f"SELECT field, value, count(*) FROM keywords WHERE field IN ({marks}) "
                f"AND doc IN (SELECT rowid FROM fts WHERE {cond}) GROUP BY field, value",
                [*FACET_FIELDS, *args],
            ):
                counts.setdefault(name, {})[value] = n
        return Result(total, hits, counts)
