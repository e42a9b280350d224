"""`lexcompare ingest` and `lexcompare sources import|status`, end to end through the CLI,
and the official wording in the index after an import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from indexer.build import build
from indexer.cli import main
from indexer.search import open_index

ROOT = Path(__file__).resolve().parent.parent
SHARED_SOURCES = ROOT.parent / "shared" / "sources"
SAMPLES = Path(__file__).resolve().parent / "samples"
needs_shared = pytest.mark.shared("sources")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_json_lists_pinpoint_heading_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ingest", str(SAMPLES / "lovdata_no_chapters.html"), "--json"], capsys)
    units = json.loads(out)
    assert code == 0
    assert [(u["pinpoint"], u["heading"]) for u in units][:2] == [("§ 1", "Formål"), ("§ 2", "Ikrafttredelse")]
    assert units[1]["text"] == "Loven trer i kraft straks."


def test_ingest_prints_what_it_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ingest", str(SAMPLES / "sfs_text.txt")], capsys)
    assert code == 0
    assert out.splitlines()[0].endswith("sfs, 3 provisions")
    assert "2 kap. 16 §" in out


def test_ingest_with_a_forced_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ingest", str(SAMPLES / "generic_statute.html"), "--format", "html", "--json"], capsys)
    assert code == 0
    assert [u["pinpoint"] for u in json.loads(out)] == ["1er", "2"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(["ingest", "no/such/file.html"], 2, "cannot read no/such/file.html", id="missing-file"),
        pytest.param(["ingest", str(SAMPLES)], 2, "cannot read", id="a-directory"),
        pytest.param(
            ["ingest", str(SAMPLES / "formex_act.xml"), "--format", "boe"], 1, "no provisions found", id="wrong-format"
        ),
    ],
)
def test_ingest_mistakes_are_one_clear_line(
    args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    got, _, err = _run(args, capsys)
    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_ingest_rejects_an_unknown_format_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", str(SAMPLES / "formex_act.xml"), "--format", "pdf"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_import_of_a_file_no_instrument_lists_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["--texts", str(tmp_path), "sources", "import", str(SAMPLES / "formex_act.xml")], capsys)
    assert code == 2
    assert "no instrument in" in err
    assert "lists this file under 'files'" in err


def test_a_broken_sources_yaml_is_reported_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sources.yaml").write_text("instruments:\n  no/x:\n    title: T\n    format: pdf\n", encoding="utf-8")
    code, _, err = _run(["--corpus", str(corpus), "--texts", str(tmp_path / "t"), "sources", "status"], capsys)
    assert code == 2
    assert "sources.yaml:4" in err
    assert "unknown format 'pdf'" in err


@needs_shared
@pytest.mark.slow
def test_import_gives_provisions_their_wording_and_the_index_holds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts, index = tmp_path / "texts", tmp_path / "index"
    code, out, err = _run(["--texts", str(texts), "sources", "import", str(SHARED_SOURCES)], capsys)
    assert code == 0
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("imported 29 document(s), 29 new version(s);")
    assert "ImmigrationRules_appendix-fm-family-members.govuk-jina.md" in err  # no instrument of ours lists it

    code, out, _ = _run(["--texts", str(texts), "sources", "status", "--json"], capsys)
    records = {r["instrument"]: r for r in json.loads(out)}
    assert code == 0
    assert records["no/utlendingsloven"]["cached"] is True
    assert records["no/utlendingsloven"]["provisions_with_wording"] >= 15
    assert records["cz/zakon-o-pobytu-cizincu"]["provisions_with_wording"] == 1  # the 2000 wording only where cited
    assert records["eu/directive-2003-86"]["cached"] is False

    build(ROOT / "corpus", index, texts)
    doc = open_index(index).document("no/utlendingsloven/s53")
    assert doc is not None
    assert doc["official_text"].startswith("En utlending som har oppholdstillatelse etter §§ 40 eller 41")
    assert doc["official_pinpoint"] == "§ 53"
    assert "local copy: NO_LOV-2008-05-15-35" in doc["official_source"]
    # the wording is searchable in its own language
    hits = open_index(index).search("svigerfamilie", limit=5).hits
    assert "no/utlendingsloven/s53" in [h.id for h in hits]


@needs_shared
def test_import_twice_adds_no_new_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in" / "SE_Utlanningslag-2005-716_excerpt.md"
    source.parent.mkdir()
    shutil.copy(SHARED_SOURCES / "se" / "SE_Utlanningslag-2005-716_5kap15-16-17_EXCERPT_legalize-se.md", source)
    args = ["--texts", str(tmp_path / "texts"), "sources", "import", str(source)]
    _run(args, capsys)
    code, out, _ = _run(args, capsys)
    assert code == 0
    assert "se/utlanningslagen: SE_Utlanningslag-2005-716_excerpt.md (markdown, 3 provisions) unchanged" in out


def test_import_of_a_listed_file_without_provisions_fails_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sources.yaml").write_text(
        'instruments:\n  no/x:\n    title: T\n    files: ["cookie*"]\n', encoding="utf-8"
    )
    page = tmp_path / "cookie-wall.html"
    page.write_text("<html><body><p>Please accept cookies</p></body></html>", encoding="utf-8")
    code, _, err = _run(
        ["--corpus", str(corpus), "--texts", str(tmp_path / "t"), "sources", "import", str(page)], capsys
    )
    assert code == 1
    assert "no/x: cookie-wall.html: no provisions found" in err
    assert not (tmp_path / "t" / "no").exists()
