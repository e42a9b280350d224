"""Open-data export of the corpus: JSON, CSV, a Frictionless data package, Markdown.

Files are written aside and moved into place, so an interrupted export never
leaves a half-written file behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import secrets
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from indexer import __version__
from indexer.coded_tables import CODED_FIELDS, coded_tables
from indexer.compare import CONDITION_ROWS, coverage_markdown, coverage_matrix
from indexer.corpus import Corpus
from indexer.errors import BadRequest
from indexer.files import file_kind, write_atomic
from indexer.text import markdown_table

EXPORT_FORMATS = ("json", "csv", "datapackage", "md")
# the licence of our editorial data (summaries, annotations, coverage, conditions); every export is built from
# the corpus alone, so no official statute wording (kept in the local text cache) is ever part of it
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def dataset_version(corpus: Corpus) -> str:
    """The citable version of the dataset: software version plus the corpus fingerprint."""
    return f"{__version__}+{corpus.sha256[:12]}"


def how_to_cite(corpus: Corpus, accessed: dt.date | None = None) -> str:
    """A citation line for the dataset in its current version."""
    day = (accessed or dt.date.today()).isoformat()
    return (
        f"lexcompare contributors, lexcompare: comparative knowledge base on asylum and migration law "
        f"for migrant victims of domestic and gender-based violence, dataset version {dataset_version(corpus)} "
        f"(corpus sha256 {corpus.sha256}), accessed {day}."
    )


def provision_record(corpus: Corpus, pid: str) -> dict[str, Any]:
    """One provision as plain data with its id, instrument and jurisdiction."""
    entry = corpus.provisions[pid]
    inst = corpus.instruments[entry.instrument_id].instrument
    return {
        "id": pid,
        "jurisdiction": entry.jurisdiction,
        "instrument_id": entry.instrument_id,
        "instrument_title": inst.title.english,
        "instrument_original_title": inst.title.original,
        "citation": inst.citation,
        **entry.provision.model_dump(mode="json", exclude_none=True),
    }


def practice_record(corpus: Corpus, practice_id: str) -> dict[str, Any]:
    """One good practice as plain data with its id and jurisdiction."""
    entry = corpus.practices[practice_id]
    return {
        "id": practice_id,
        "jurisdiction": entry.jurisdiction,
        **entry.practice.model_dump(mode="json", exclude_none=True),
    }


def to_data(corpus: Corpus, link: str = "") -> dict[str, Any]:
    """The whole dataset as one JSON-ready object (``link``: the permalink of the view it was downloaded from)."""
    matrix = coverage_matrix(corpus)
    return {
        "dataset": {
            "version": dataset_version(corpus),
            "sha256": corpus.sha256,
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "how_to_cite": how_to_cite(corpus),
            **({"permalink": link} if link else {}),
        },
        "jurisdictions": [j.model_dump(mode="json", exclude_none=True) for j in corpus.jurisdictions.values()],
        "topics": [t.model_dump(mode="json", exclude_none=True) for t in corpus.topics.values()],
        "vocabulary": corpus.vocabulary.model_dump(mode="json", exclude_none=True) if corpus.vocabulary else {},
        "instruments": [
            {"id": iid, **e.instrument.model_dump(mode="json", exclude_none=True)}
            for iid, e in sorted(corpus.instruments.items())
        ],
        "provisions": [provision_record(corpus, pid) for pid in sorted(corpus.provisions)],
        "practices": [practice_record(corpus, gid) for gid in sorted(corpus.practices)],
        "coverage": matrix.as_dict()["cells"],
        **_coded_data(corpus),
    }


def to_json(corpus: Corpus, link: str = "") -> str:
    """The whole dataset as a JSON document (:func:`to_data`)."""
    return json.dumps(to_data(corpus, link), indent=2, ensure_ascii=False) + "\n"


def _coded_data(corpus: Corpus) -> dict[str, Any]:
    """The codebook (with its method and rules), the coding and the assessment, for the JSON export."""
    if corpus.codebook is None:
        return {}
    tables = coded_tables(corpus)
    return {
        "codebook": corpus.codebook.model_dump(mode="json", exclude_none=True),
        "coding": tables["coding"],
        "assessment": tables["assessment"],
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(value)


def provision_rows(corpus: Corpus) -> list[dict[str, str]]:
    """Provisions flattened to one row each, conditions in columns of their own."""
    rows = []
    for pid in sorted(corpus.provisions):
        rec = provision_record(corpus, pid)
        conditions = rec.pop("conditions", {})
        verification = rec.pop("verification")
        row = {k: _cell(v) for k, v in rec.items() if k not in ("queries", "aliases", "case_law")}
        row["case_law"] = _cell([c["citation"] for c in rec.get("case_law", [])])
        row["verification"] = verification["status"]
        row["verified_on"] = verification.get("date", "")
        row["verification_sources"] = _cell([s["title"] for s in verification.get("sources", [])])
        for name in CONDITION_ROWS:
            row[f"condition_{name}"] = _cell(conditions.get(name))
        rows.append(row)
    return rows


def _columns(rows: list[dict[str, str]]) -> list[str]:
    """Every key of every row, in order of first appearance (a CSV's header and its schema's fields)."""
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    return columns


def _csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    columns = columns or _columns(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _tables(corpus: Corpus) -> dict[str, list[dict[str, str]]]:
    data = to_data(corpus)
    return {
        "provisions": provision_rows(corpus),
        "practices": [
            {k: _cell(v) for k, v in p.items() if k not in ("queries", "sources", "verification")}
            | {"verification": p["verification"]["status"], "sources": _cell([s["title"] for s in p["sources"]])}
            for p in data["practices"]
        ],
        "coverage": [{k: _cell(v) for k, v in c.items()} for c in data["coverage"]],
        "jurisdictions": [
            {
                "code": j["code"],
                "kind": j["kind"],
                "name": j["name"],
                "parent": j.get("parent", ""),
                "istanbul_convention": j.get("treaties", {}).get("coe-istanbul", {}).get("status", ""),
            }
            for j in data["jurisdictions"]
        ],
        "topics": [
            {
                "id": t["id"],
                "label": t["label"],
                "core": str(t.get("core", False)).lower(),
                "definition": t["definition"],
            }
            for t in data["topics"]
        ],
        **coded_tables(corpus),
    }


def dataset_markdown(corpus: Corpus) -> str:
    """A readable report: coverage matrix (states in words) and provisions by jurisdiction."""
    matrix = coverage_matrix(corpus)
    lines = [f"# lexcompare dataset {dataset_version(corpus)}", "", how_to_cite(corpus), "", "## Coverage", ""]
    lines += coverage_markdown(matrix)
    lines += _assessment_lines(corpus)
    for code in matrix.rows:
        pids = [pid for pid in sorted(corpus.provisions) if corpus.provisions[pid].jurisdiction == code]
        if not pids:
            continue
        lines += ["", f"## {corpus.jurisdictions[code].name} ({code})", ""]
        for pid in pids:
            rec = provision_record(corpus, pid)
            lines += [
                f"### {rec['pinpoint']} {rec['instrument_title']} — {rec['heading']}",
                "",
                f"*{rec['citation']}; id `{pid}`; verification: {rec['verification']['status']}*",
                "",
                rec["summary"].strip(),
                "",
            ]
    return "\n".join(lines) + "\n"


def _assessment_lines(corpus: Corpus) -> list[str]:
    """The derived assessment, standard by standard, with the method (nothing without a codebook)."""
    rows = coded_tables(corpus).get("assessment", [])
    if not rows:
        return []
    lines = ["", "## Assessment against the standards (the project's own)", "", _method(corpus).strip(), ""]
    ordered = sorted(rows, key=lambda r: r["standard"])
    return lines + markdown_table(
        ("standard", "jurisdiction", "state"), [(r["standard"], r["jurisdiction"], r["state"]) for r in ordered]
    )


def _method(corpus: Corpus) -> str:
    """The coded comparison's method, as the codebook publishes it (empty without a codebook)."""
    if corpus.codebook is None:
        return ""
    return "\n\nMethod of the coding and assessment tables: " + " ".join(corpus.codebook.method.split())


def datapackage_files(corpus: Corpus, link: str = "") -> dict[str, str]:
    """The data package: file name -> text (``datapackage.json`` and one CSV per table).

    ``link`` (the permalink of the view it was downloaded from) goes into ``datapackage.json`` as ``homepage``.
    """
    files: dict[str, str] = {}
    resources = []
    for name, rows in _tables(corpus).items():
        fields = CODED_FIELDS.get(name) or [{"name": c, "type": "string"} for c in _columns(rows)]
        files[f"{name}.csv"] = _csv(rows, [f["name"] for f in fields])
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields},
            }
        )
    package = {
        "name": "lexcompare",
        "title": "lexcompare: asylum and migration law for migrant victims of domestic and gender-based violence",
        "version": dataset_version(corpus),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "description": how_to_cite(corpus) + _method(corpus),
        **({"homepage": link} if link else {}),
        "licenses": [DATA_LICENSE],
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(package, indent=2, ensure_ascii=False)
    return files


def datapackage_zip(corpus: Corpus, link: str = "") -> bytes:
    """The data package as one ZIP file (what the app offers for download)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in datapackage_files(corpus, link).items():
            archive.writestr(f"lexcompare/{name}", text)
    return buf.getvalue()


def _datapackage(corpus: Corpus, directory: Path) -> None:
    for name, text in datapackage_files(corpus).items():
        (directory / name).write_text(text, encoding="utf-8")


def export(corpus: Corpus, fmt: str, out: Path) -> Path:
    """Write the dataset in ``fmt`` to ``out`` (a directory for ``datapackage``); return ``out``.

    ``out`` is a new path or one of the kind written (a regular file, a data package's
    directory), or a symlink to one; a device, a FIFO or a socket is refused, never
    replaced.  The files are written aside and moved into place with the mode the
    umask gives; after any failure (a full disk, a read-only directory) nothing is
    left behind, and the error names ``out``.
    """
    writers: dict[str, Callable[[], str]] = {
        "json": lambda: to_json(corpus),
        "csv": lambda: _csv(provision_rows(corpus)),
        "md": lambda: dataset_markdown(corpus),
    }
    if fmt not in EXPORT_FORMATS:
        raise BadRequest(f"unknown format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    package = fmt == "datapackage"
    target = _target(out, package)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if package:
            _replace_directory(target, lambda directory: _datapackage(corpus, directory))
        else:
            write_atomic(target, writers[fmt]().encode("utf-8"))
    except OSError as exc:  # the temporary name means nothing to the user: say which export failed
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    return out


def _target(out: Path, package: bool) -> Path:
    """The path an export to ``out`` replaces (a symlink's target), or :class:`BadRequest` when it must not."""
    try:
        info = out.stat()  # what writing to ``out`` would write into, symlinks followed
    except FileNotFoundError:
        if out.is_symlink():
            raise BadRequest(f"{out} is a symlink to nothing; give a file name") from None
        return out
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    if package:
        if not stat.S_ISDIR(info.st_mode) or any(
            p.name != "datapackage.json" and p.suffix != ".csv" for p in out.iterdir()
        ):
            raise BadRequest(f"{out} exists and is not a data package directory; choose another --out")
    elif not stat.S_ISREG(info.st_mode):
        raise BadRequest(f"{out} is {file_kind(info.st_mode)}, not a regular file; give a file name")
    return out.resolve()


def _replace_directory(path: Path, fill: Callable[[Path], None]) -> None:
    """Fill a new directory beside ``path`` and swap it in; the old one goes only once the new one is in place.

    The new directory is a fresh name made with ``mkdir`` (so it takes the umask's mode, not ``mkdtemp``'s 0700).
    """
    tmp = path.with_name(f".export-{path.name}.{os.getpid()}.{secrets.token_hex(6)}")
    old = tmp.with_name(tmp.name + "-old")
    tmp.mkdir()
    try:
        fill(tmp)
        if path.exists():
            os.replace(path, old)
        try:
            os.replace(tmp, path)
        except BaseException:
            if old.exists():
                os.replace(old, path)
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
