"""The boardsearch command line: help, exit codes, summary line, JSON report, exports."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ingest.model import FileResult
from ui.cli import COMMANDS, build_parser, main
from ui.report import ingest_summary

from ..helpers import EMBEDDER, make_pdf, two_borough_library

PAGES = [
    [
        "# Kensington and Chelsea LSCB Annual Report 2012/13",
        "April 2012 to March 2013",
        "The Board met six times.",
    ],
    ["# 1. Introduction", "Training reached 900 staff."],
]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--data-dir" in out and "Example:" in out


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "nonsense"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_summary_line_wording():
    results = [
        FileResult("a", "ingested", pages=400),
        FileResult("b", "ingested", pages=12),
        FileResult("c", "skipped"),
        FileResult("d", "skipped"),
        FileResult("e", "failed"),
    ]
    assert (
        ingest_summary(results) == "Ingested 2 documents (412 pages), skipped 2 unchanged, 1 failed"
    )


def test_ingest_exit_codes_json_report_and_export(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_WORKERS", "1")
    good = make_pdf(tmp_path / "report.pdf", PAGES)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    data = str(tmp_path / "data")
    assert main(["ingest", str(good), "--data-dir", data, "--quiet", "--no-index"]) == 0
    out = capsys.readouterr().out
    assert "Ingested 1 document (2 pages), skipped 0 unchanged, 0 failed" in out

    code = main(["ingest", str(good), str(bad), "--data-dir", data, "--json", "--no-index"])
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["path"] for f in report["skipped"]] == [str(good.resolve())]
    assert report["failed"][0]["path"] == str(bad.resolve())
    assert "PDF" in report["failed"][0]["message"]

    assert main(["export", "documents", "--format", "json", "--data-dir", data]) == 0
    (doc,) = json.loads(capsys.readouterr().out)
    for field in (
        "doc_id",
        "path",
        "title",
        "board",
        "boroughs",
        "period",
        "doc_type",
        "pages",
        "synthetic",
        "status",
    ):
        assert field in doc
    assert doc["pages"] == 2 and doc["period"] == "2012/13"

    assert main(["export", "documents", "--format", "csv", "--data-dir", data]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["doc_id"] == doc["doc_id"] and rows[0]["synthetic"] == "False"


def test_env_data_dir_is_used(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_DATA", str(tmp_path / "envdata"))
    monkeypatch.setenv("BOARDSEARCH_WORKERS", "1")
    make_pdf(tmp_path / "r.pdf", PAGES)
    assert main(["ingest", str(tmp_path / "r.pdf"), "--quiet", "--no-index"]) == 0
    assert (tmp_path / "envdata" / "boardsearch.sqlite").exists()
    capsys.readouterr()
    assert main(["status"]) == 0
    assert "1 document, 2 pages" in capsys.readouterr().out


def test_status_on_an_empty_folder_says_what_to_do(tmp_path, capsys):
    assert main(["status", "--data-dir", str(tmp_path / "none")]) == 1
    assert "run 'boardsearch ingest PATH' first" in capsys.readouterr().err


def test_parser_lists_every_command():
    help_text = build_parser().format_help()
    for command in COMMANDS:
        assert command in help_text


def test_search_json_says_what_was_understood_and_drop_removes_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)
    data = str(two_borough_library(tmp_path / "data"))
    query = "child protection in Kensington 2015/16"
    assert main(["search", query, "--mode", "keyword", "--json", "--data-dir", data]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out["understood"]] == [
        "borough:Kensington and Chelsea",
        "period:2015/16",
    ]
    assert out["understood"][0]["words"] == "Kensington"
    assert out["understood"][0]["label"] == "Borough: Kensington and Chelsea"
    assert out["searched"] == "child protection"
    assert out["hits"] and all(h["boroughs"] == ["Kensington and Chelsea"] for h in out["hits"])

    drop = ["--drop", "borough:Kensington and Chelsea"]
    assert main(["search", query, "--mode", "keyword", "--json", "--data-dir", data, *drop]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out["understood"]] == ["period:2015/16"]
    assert [c["id"] for c in out["dropped"]] == ["borough:Kensington and Chelsea"]

    assert main(["search", query, "--mode", "keyword", "--data-dir", data]) == 0
    text = capsys.readouterr().out
    assert "Understood: Borough: Kensington and Chelsea; Period: 2015/16" in text
    args = ["search", query, "--mode", "keyword", "--json", "--no-understand"]
    assert main([*args, "--data-dir", data]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["understood"] == [] and out["searched"] == query


def test_start_loads_the_synthetic_papers_only_when_asked():
    """The shipped library is real papers only (issue 24); --with-synthetic adds the test
    papers of corpus/fixtures/papers, each of them marked synthetic in its name."""
    from ingest.config import corpus_fixtures, corpus_papers

    assert not build_parser().parse_args(["start"]).with_synthetic
    assert build_parser().parse_args(["start", "--with-synthetic"]).with_synthetic
    shipped, fixtures = corpus_papers(), corpus_fixtures()
    assert shipped is not None and fixtures is not None
    assert not [p.name for p in shipped.iterdir() if "synthetic" in p.name]
    assert all("synthetic" in p.name for p in fixtures.iterdir())
