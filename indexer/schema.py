"""JSON Schemas of the corpus files, generated from the model, so editors can autocomplete them."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from indexer.models import (
    Codebook,
    CodingFile,
    CoverageFile,
    InstrumentFile,
    JurisdictionsFile,
    PracticesFile,
    TopicsFile,
    Vocabulary,
)

#: schema file name -> the model of the corpus files it describes
SCHEMAS: dict[str, type[BaseModel]] = {
    "instrument.schema.json": InstrumentFile,
    "practices.schema.json": PracticesFile,
    "coverage.schema.json": CoverageFile,
    "jurisdictions.schema.json": JurisdictionsFile,
    "topics.schema.json": TopicsFile,
    "vocabulary.schema.json": Vocabulary,
    "codebook.schema.json": Codebook,
    "coding.schema.json": CodingFile,
}


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema of ``model`` as the file holds it."""
    return json.dumps(model.model_json_schema(mode="validation"), indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = directory / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
