"""The coded comparison as flat tables: the CLI's CSV and the data package's codebook, coding and assessment.

Long format, one row per jurisdiction × variable (coding) or jurisdiction × standard
(assessment), each table with the Table Schema fields that describe it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from indexer.coded import CodedComparison, coded, coded_topics
from indexer.corpus import Corpus
from indexer.models import NOT_APPLICABLE, UNKNOWN, AssessmentState, VerificationStatus
from indexer.rules import variables


def coding_rows(result: CodedComparison, topic: str | None = None) -> list[dict[str, str]]:
    """Long format, one row per jurisdiction × variable: the columns of the data package's coding table."""
    return [
        {
            "jurisdiction": c.jurisdiction,
            "topic": topic or result.topic,
            "variable": c.variable,
            "value": c.text if c.value in (UNKNOWN, NOT_APPLICABLE) else _raw(c.value),
            "provisions": ";".join(c.citations),
            "verification": c.verification,
            "date": c.verified_on.isoformat() if c.verified_on else "",
            "note": " ".join((c.note or "").split()),
        }
        for c in result.cells
    ]


def _raw(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def assessment_rows(result: CodedComparison) -> list[dict[str, str]]:
    """One row per jurisdiction × standard: the columns of the data package's assessment table."""
    return [
        {
            "jurisdiction": a.jurisdiction,
            "standard": a.standard,
            "state": a.state.value,
            "reasons": " | ".join(a.reasons),
        }
        for a in result.assessments
    ]


# --- the data package's coded tables --------------------------------------------------------------

#: the coded tables' columns with their descriptions (Table Schema fields of type string unless _FIELD_EXTRAS says)
_COLUMNS: dict[str, dict[str, str]] = {
    "codebook": {
        "topic": "topic id",
        "variable": "variable id, unique within its topic",
        "label": "short label",
        "question": "the question the value answers",
        "type": "enum, set, integer, boolean or date",
        "unit": "unit of an integer variable",
        "values": "allowed values of an enum or set variable, ';'-separated (defined in codebook_values)",
        "standards": "standard paragraphs the variable operationalises, ';'-separated",
    },
    "codebook_values": {
        "topic": "topic id",
        "variable": "variable id",
        "value": "an allowed value",
        "definition": "what the value means",
    },
    "coding": {
        "jurisdiction": "jurisdiction code",
        "topic": "topic id",
        "variable": "variable id",
        "value": "the coded value: unknown, n/a, true/false, a number, a date, or values separated by ';'",
        "provisions": "provisions the value rests on, ';'-separated: '<provision id>' or '<id> <pinpoint>'",
        "verification": "how far the value was checked",
        "date": "when the value was verified",
        "note": "why this value, in the project's own words",
    },
    "assessment": {
        "jurisdiction": "jurisdiction code",
        "standard": "standard paragraph, e.g. coe-istanbul:59(1)",
        "state": "the project's own assessment, derived by the codebook's rules",
        "reasons": "which coded values triggered which outcome, ' | '-separated",
    },
}
_FIELD_EXTRAS: dict[tuple[str, str], dict[str, Any]] = {
    ("coding", "date"): {"type": "date"},
    ("coding", "verification"): {"constraints": {"enum": [s.value for s in VerificationStatus]}},
    ("assessment", "state"): {"constraints": {"required": True, "enum": [s.value for s in AssessmentState]}},
}
#: Table Schema fields of the coded tables, by table
CODED_FIELDS: dict[str, list[dict[str, Any]]] = {
    table: [
        {"name": name, "type": "string", "description": text} | _FIELD_EXTRAS.get((table, name), {})
        for name, text in columns.items()
    ]
    for table, columns in _COLUMNS.items()
}


def codebook_rows(corpus: Corpus) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The codebook as two flat tables: one row per variable, and one per allowed value."""
    variables_rows, values_rows = [], []
    for (topic, _), var in variables(corpus).items():
        variables_rows.append(
            {
                "topic": topic,
                "variable": var.id,
                "label": var.label,
                "question": " ".join(var.question.split()),
                "type": var.type.value,
                "unit": var.unit or "",
                "values": ";".join(v.value for v in var.values),
                "standards": ";".join(var.standards),
            }
        )
        values_rows += [
            {"topic": topic, "variable": var.id, "value": v.value, "definition": v.definition} for v in var.values
        ]
    return variables_rows, values_rows


def coded_tables(corpus: Corpus) -> dict[str, list[dict[str, str]]]:
    """Codebook, coding (long format) and assessment of every coded topic and jurisdiction (data package tables)."""
    if corpus.codebook is None:
        return {}
    book, values = codebook_rows(corpus)
    coding: list[dict[str, str]] = []
    assessment: list[dict[str, str]] = []
    for topic in coded_topics(corpus):
        result = coded(corpus, topic)
        coding += coding_rows(result)
        assessment += assessment_rows(result)
    return {"codebook": book, "codebook_values": values, "coding": coding, "assessment": assessment}
