"""DOCX and plain-text readers, on files generated in the test."""

from __future__ import annotations

import zipfile

import docx
import pytest

from ingest import docx as docx_reader
from ingest import text as text_reader
from ingest.errors import DamagedFile, EmptyFile


def make_docx(path, *, title="Kensington and Chelsea LSCB Annual Report 2012/13"):
    d = docx.Document()
    d.core_properties.title = title
    d.core_properties.keywords = "synthetic"
    d.add_heading("1. Introduction", level=1)
    d.add_paragraph("The Board met six times during the year.")
    d.add_heading("Training", level=2)
    d.add_paragraph("Multi-agency training reached 900 staff.")
    d.add_page_break()
    d.add_heading("Appendix 1 Stock take", level=1)
    t = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate(
        [("Risk", "Action"), ("Housing benefit changes", "Monitor"), ("Gang violence", "")]
    ):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    d.save(path)
    return path


def test_docx_headings_tables_pages_and_info(tmp_path):
    ex = docx_reader.read(make_docx(tmp_path / "report.docx"), "d" * 64)
    headings = [(ln.text, ln.level) for p in ex.pages for ln in p.lines if ln.kind == "heading"]
    assert headings == [("1. Introduction", 1), ("Training", 2), ("Appendix 1 Stock take", 1)]
    assert len(ex.pages) == 2  # the explicit page break starts page 2
    assert ex.info["Keywords"] == "synthetic"
    assert ex.title_hint.startswith("Kensington and Chelsea")
    (table,) = ex.tables
    assert table.header_rows == (("Risk", "Action"),)
    assert table.rows == (("Housing benefit changes", "Monitor"), ("Gang violence", ""))
    assert table.page_start == 2 and table.caption == "Appendix 1 Stock take"
    assert "Housing benefit" not in ex.pages[1].text  # table text is not paragraph text


def test_docx_that_is_a_zip_of_something_else(tmp_path):
    bad = tmp_path / "minutes.docx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8 not a word document")
    with pytest.raises(DamagedFile, match="no word/document.xml"):
        docx_reader.read(bad, "x")


def test_docx_random_bytes(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"this is not a zip at all")
    with pytest.raises(DamagedFile, match="not a readable Word document"):
        docx_reader.read(bad, "x")


def test_text_markdown_headings_and_tab_tables(tmp_path):
    md = tmp_path / "notes.md"
    md.write_text(
        "# Board notes 2013/14\n\nIntro paragraph.\n\n## Police\n\n"
        "Risk\tAction\nGangs\tJoint patrols\n\nClosing words.\n\fPage two text.\n",
        encoding="utf-8",
    )
    ex = text_reader.read(md, "t" * 64)
    assert [ln.text for ln in ex.pages[0].lines if ln.kind == "heading"] == [
        "Board notes 2013/14",
        "Police",
    ]
    assert len(ex.pages) == 2 and ex.pages[1].text.strip() == "Page two text."
    (table,) = ex.tables
    assert table.header_rows == (("Risk", "Action"),) and table.rows == (
        ("Gangs", "Joint patrols"),
    )
    assert table.caption == "Police"


def test_text_windows_1252_and_empty(tmp_path):
    f = tmp_path / "old.txt"
    f.write_bytes("Budget \x80 88,950 \u2013 caf\xe9".encode("cp1252", errors="replace"))
    assert "88,950" in text_reader.read(f, "x").pages[0].text
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(EmptyFile):
        text_reader.read(empty, "x")
