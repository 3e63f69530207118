"""A brief written out (ui/brief_export.py) and `boardsearch brief`: the Word file opens and
holds the same quotes and citations as the JSON, Markdown says the same, the CLI writes
each format; LibreOffice converts the Word file where it is installed."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from index import Brief, Index
from index.brief import build_brief
from ingest.store import Store
from ui import brief_export
from ui.cli import main

from ..helpers import (
    CARE,
    HOUSING,
    SETTINGS,
    build_brief_library,
    build_inspection_library,
    child_env,
    unescape,
)


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return build_brief_library(tmp_path_factory.mktemp("brief-ui") / "data")


@pytest.fixture(scope="module")
def brief(library) -> Brief:
    with Store(library, readonly=True) as store:
        return build_brief(Index(library, SETTINGS), store, HOUSING)


def json_quotes(data: dict) -> list[dict]:
    """Every quote of a brief's JSON: passages, recommendations, risks, changes."""
    kinds = ("passages", "recommendations", "risks")
    return [q for part in data["parts"] for k in kinds for q in part[k]] + data["changes"]


def json_citation(q: dict) -> str:
    """The citation the exports print after a quote, rebuilt from the JSON alone."""

    def one(c: dict) -> str:
        section = c["section"].split(" > ")[-1]
        return ", ".join(x for x in (c["file"], f"p. {c['page']}", section) if x)

    text = one(q)
    if q["also_in"]:
        text += "; also in " + "; ".join(one(a) for a in q["also_in"])
    return f"({text})"


def docx_paragraphs(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_the_word_file_holds_the_json_quotes_each_followed_by_its_citation(brief):
    data = json.loads(brief_export.to_json(brief))
    quotes = json_quotes(data)
    assert len(quotes) >= 6
    for q in quotes:
        assert {"quote", "file", "page", "period", "section"} <= set(q)
    paragraphs = docx_paragraphs(brief_export.to_docx(brief))
    for q in quotes:
        wanted = f"“{q['quote']}” {json_citation(q)}"
        assert any(p.endswith(wanted) for p in paragraphs), wanted
    # no quote in the Word file that the JSON does not have
    quoted = [p for p in paragraphs if "“" in p]
    assert len(quoted) == len(quotes)
    assert paragraphs[0] == f"Brief: {HOUSING}"
    assert "Periods with nothing on it: 2013/14" in paragraphs


def test_markdown_says_the_same(brief):
    text = unescape(brief_export.to_markdown(brief))
    for q in json_quotes(brief.as_dict()):
        assert f"“{q['quote']}”" in text and json_citation(q) in text
    assert "## 2013/14 (1 paper)" in text and "Nothing on this topic in these papers." in text
    assert "## What changed between periods" in text and "Raised again in 2012/13" in text


def test_markdown_escapes_marks_that_would_change_the_text():
    assert brief_export.md_text("a *b* [c](d) <x> # | 2011/12") == (
        r"a \*b\* \[c\](d) \<x\> \# \| 2011/12"
    )


def test_cli_writes_each_format(library, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOARDSEARCH_MODEL", "hash-256")
    data = str(library)
    for fmt in ("md", "json", "docx"):
        out = tmp_path / f"brief.{fmt}"
        args = ["brief", "housing pressure and homelessness", "--format", fmt, "--output", str(out)]
        assert main([*args, "--data-dir", data]) == 0
        assert "Brief written to" in capsys.readouterr().err
    assert json.loads((tmp_path / "brief.json").read_text())["theme"] == HOUSING
    assert "# Brief: Housing pressure" in (tmp_path / "brief.md").read_text()
    assert docx_paragraphs((tmp_path / "brief.docx").read_bytes())[0].startswith("Brief:")
    code = main(
        ["brief", "housing", "--borough", "Westminster", "--format", "json", "--data-dir", data]
    )
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["filters"] == {"borough": "Westminster"} and printed["theme"] == ""


def test_cli_says_what_is_missing(tmp_path, capsys):
    assert main(["brief", "neglect", "--data-dir", str(tmp_path / "none")]) == 1
    assert "boardsearch ingest" in capsys.readouterr().err
    assert main(["brief", "  ", "--data-dir", str(tmp_path)]) == 2
    assert "needs a topic" in capsys.readouterr().err


def test_libreoffice_opens_the_word_file(brief, tmp_path):
    """LibreOffice converts the brief headless, where it is installed (it is not a CI tool,
    so a missing soffice skips, even under --require-tools)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "brief.docx"
    source.write_bytes(brief_export.to_docx(brief))
    subprocess.run(
        [soffice, "--headless", "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=180,
        env=child_env(HOME=str(tmp_path)),
        capture_output=True,
    )
    text = " ".join((tmp_path / "brief.txt").read_text(encoding="utf-8-sig").split())
    for q in json_quotes(brief.as_dict()):
        assert q["quote"] in text


def test_judgement_changes_are_written_in_every_format(tmp_path):
    folder = build_inspection_library(tmp_path / "data")
    with Store(folder, readonly=True) as store:
        brief = build_brief(Index(folder, SETTINGS), store, CARE)
    md = unescape(brief_export.to_markdown(brief))
    assert "## Judgements from one inspection to the next" in md
    change = (
        "- **Westminster: Requires improvement to be good (2014/15) -> Good (2019/20)**: "
        "“The experiences and progress of care leavers” (ofsted-2014.pdf, p. 1); "
        "(ofsted-2019.pdf, p. 1)"
    )
    assert change in md
    assert "Westminster: Good (2019/20) -> Good (2024/25), unchanged" in md
    assert "- “Experiences and progress of care leavers”: Good (ofsted-2024.pdf, p. 2, " in md
    words = "\n".join(docx_paragraphs(brief_export.to_docx(brief)))
    assert "Requires improvement to be good (2014/15) -> Good (2019/20)" in words
    assert "“Experiences and progress of care leavers”: Good (ofsted-2024.pdf, p. 2" in words
    data = json.loads(brief_export.to_json(brief))
    assert [c["changed"] for c in data["grade_changes"]] == [True, False]
    assert data["parts"][0]["grades"][0]["grade"] == "Requires improvement to be good"
