"""Sections and passages from extracted pages: synthetic pages and real Ofsted reports."""

from __future__ import annotations

import re

import pytest

from ingest import structure
from ingest.model import BBox, Extracted, Line, Page, Table

from ..helpers import TRI_BOROUGH

SENTENCE = "The board checked that partner agencies share information about children quickly."


def _line(text: str, top: float, kind: str = "body", level: int = 0, size: float = 10) -> Line:
    return Line(text, BBox(72, top, 500, top + size), size, kind != "body", kind, level)  # type: ignore[arg-type]


def _page(number: int, lines: list[Line]) -> Page:
    return Page("d", number, 595, 842, "", "", tuple(lines))


def _prose(top: float, n: int) -> list[Line]:
    return [_line(SENTENCE, top + 13 * i) for i in range(n)]


def test_sections_nest_by_level_with_page_spans() -> None:
    p1 = _page(1, [_line("1. Introduction", 80, "heading", 1, 16), *_prose(100, 5)])
    p2 = _page(
        2,
        [
            _line("1.1 Scope", 80, "heading", 2, 12),
            *_prose(100, 5),
            _line("2. Findings", 300, "heading", 1, 16),
            *_prose(320, 5),
        ],
    )
    sections, _, _ = structure.build("d", Extracted((p1, p2)))
    assert [(s.path, s.page_start, s.page_end) for s in sections] == [
        (("1. Introduction",), 1, 2),
        (("1. Introduction", "1.1 Scope"), 2, 2),
        (("2. Findings",), 2, 2),
    ]


def test_paragraphs_split_at_gaps_and_keep_section() -> None:
    lines = [_line("Recommendations", 60, "heading", 1, 14), *_prose(80, 6), *_prose(200, 6)]
    _, passages, _ = structure.build("d", Extracted((_page(1, lines),)))
    assert [p.kind for p in passages] == ["paragraph", "paragraph"]
    assert all(p.section_path == ("Recommendations",) for p in passages)
    assert passages[0].bbox == BBox(72, 80, 500, 80 + 13 * 5 + 10)
    assert [p.ordinal for p in passages] == [0, 1]


def test_furniture_and_table_lines_not_in_passages() -> None:
    lines = [
        _line("Annual Report 2011/12", 20, "header"),
        *_prose(80, 5),
        _line("Cell text inside a table", 200, "table"),
        _line("7", 820, "footer"),
    ]
    _, passages, _ = structure.build("d", Extracted((_page(1, lines),)))
    text = " ".join(p.text for p in passages)
    assert "Annual Report" not in text and "Cell text" not in text and not text.endswith("7")


def test_paragraph_split_by_page_break_is_merged() -> None:
    p1 = _page(1, [*_prose(600, 4), _line("and the board agreed that the next", 652)])
    p2 = _page(2, [_line("review would take place in March.", 80), *_prose(120, 4)])
    _, passages, _ = structure.build("d", Extracted((p1, p2)))
    assert "the next review would take place in March." in passages[0].text
    assert passages[0].page == 1


def test_long_paragraph_split_at_sentences() -> None:
    _, passages, _ = structure.build("d", Extracted((_page(1, _prose(60, 50)),)))
    assert len(passages) > 1
    assert all(len(p.text.split()) <= structure.MAX_WORDS for p in passages)
    assert all(p.text.endswith(".") for p in passages)


def test_table_rows_become_passages_with_headers_and_caption() -> None:
    table = Table(
        "d",
        0,
        1,
        1,
        (("Risk", "What is being done to reduce the risk?"),),
        (("Neglect", "Multi-agency audit"), ("CSE", "Monthly panel")),
        row_pages=(1, 1),
        caption="Police",
        bbox=BBox(72, 300, 500, 400),
    )
    lines = [_line("Stock-take", 60, "heading", 1, 14), *_prose(80, 5), *_prose(500, 5)]
    _, passages, tables = structure.build("d", Extracted((_page(1, lines),), (table,)))
    assert tables[0].section_path == ("Stock-take",)
    rows = [p for p in passages if p.kind == "table_row"]
    assert (
        rows[0].text
        == "Police — Risk: Neglect | What is being done to reduce the risk?: Multi-agency audit"
    )
    assert rows[0].headers == ("Risk", "What is being done to reduce the risk?")
    assert rows[1].cells == ("CSE", "Monthly panel")
    assert [p.kind for p in passages] == ["paragraph", "table_row", "table_row", "paragraph"]


def test_docx_style_pages_without_boxes() -> None:
    lines = (
        Line("Summary", kind="heading", level=1),
        Line(SENTENCE * 5),
        Line("Next steps", kind="heading", level=1),
        Line(SENTENCE * 5),
    )
    sections, passages, _ = structure.build("d", Extracted((Page("d", 1, 0, 0, "", "", lines),)))
    assert [s.title for s in sections] == ["Summary", "Next steps"]
    assert [p.section_path for p in passages] == [("Summary",), ("Next steps",)]
    assert all(p.bbox is None for p in passages)


@pytest.mark.real
@pytest.mark.parametrize(
    "name,expected",
    [
        (
            "ofsted-westminster-2016-03.pdf",
            [
                "Summary for children and young people",
                "Recommendations",
                # the LSCB review's own heading; "Review of the effectiveness of the
                # LSCB" is only the cover's subtitle, not a section
                "The Local Safeguarding Children Board (LSCB)",
            ],
        ),
        ("ofsted-kensington-chelsea-2025-01.pdf", ["What needs to improve?"]),
    ],
)
def test_real_ofsted_sections_and_clean_passages(
    parse_once, name: str, expected: list[str]
) -> None:
    ex = parse_once.read(TRI_BOROUGH / name)
    sections, passages, _ = structure.build("d", ex)
    titles = {s.title for s in sections}
    for title in expected:
        assert title in titles
    cover = " ".join(ln.text for ln in ex.pages[0].lines[:3])
    assert not any(s.path[0] in cover for s in sections)  # the title is nobody's parent
    assert not any(
        re.match(r"(Inspection dates?|Report published|Lead inspector):", t) for t in titles
    )
    furniture = {ln.text for p in ex.pages for ln in p.lines if ln.kind in ("header", "footer")}
    assert furniture
    long_furniture = [f for f in furniture if len(f) > 8]
    for p in passages:
        for f in long_furniture:
            assert f not in p.text
    words = [len(p.text.split()) for p in passages if p.kind == "paragraph"]
    assert max(words) <= structure.MAX_WORDS
    assert sum(w >= 40 for w in words) / len(words) > 0.7
