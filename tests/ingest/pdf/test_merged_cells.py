"""An action log without rules: zebra-striped rows, a coloured rating cell in each row,
and the agency's cell merged over its block with its name centred vertically."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from ingest import pdf

COLS = (60, 170, 250, 450, 490, 690)
HEAD = ("Agency", "Area", "Issue", "RAG", "Action", "Due")
ISSUES = (
    ("Challenge", ["Waiting times for the first", "assessment have grown over", "the winter"], "R"),
    ("Challenge", ["Staff turnover in the", "duty team"], "A"),
    ("Strength", ["Joint visits with the", "school nurses", "work well"], "G"),
)
FILL = {"R": "#e06666", "A": "#f6b26b", "G": "#93c47d"}


def _action_log(path: Path, agencies: list[str], between: bool = False) -> Path:
    """``between``: each name on one line set in the gap between its block's first two
    rows, as close to both as the rows' wrapped lines are, not centred over the block."""
    width, height = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=(width, height))
    y = 80.0
    c.setFont("Helvetica-Bold", 9)
    for x, text in zip(COLS, HEAD, strict=True):
        c.drawString(x, height - y, text)
    y += 16
    for block, agency in enumerate(agencies):
        start = y
        for k, (area, lines, rag) in enumerate(ISSUES):
            rows = len(lines) * 10.5 + 5
            if k % 2:  # zebra stripe: a filled band behind the row, no outline
                c.setFillColor(colors.HexColor("#e6eef5"))
                c.rect(COLS[0] - 3, height - y - rows + 8, 680, rows, stroke=0, fill=1)
            c.setFillColor(colors.HexColor(FILL[rag]))
            c.rect(COLS[3] - 3, height - y - rows + 8, 36, rows, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.setFont("Helvetica", 9)
            c.drawString(COLS[1], height - y, area)
            c.drawString(COLS[3], height - y, rag)
            c.drawString(COLS[4], height - y, f"Action {block}.{k}")
            c.drawString(COLS[5], height - y, "31/03/2015")
            for n, text in enumerate(lines):
                c.drawString(COLS[2], height - y - 10.5 * n, text)
            if between and k == 0:
                c.drawString(
                    COLS[0], height - (y + 10.5 * (len(lines) - 1) + y + rows + 3) / 2, agency
                )
            y += rows + 3
        if between:
            continue
        # the merged agency cell: its two lines centred between the block's top and foot
        middle = (start + y) / 2 - 3.5
        c.setFont("Helvetica", 9)
        for n, word in enumerate(agency.split(" ", 1)):
            c.drawString(COLS[0], height - middle - 10.5 * n, word)
    c.save()
    return path


@pytest.mark.parametrize("between", [False, True])
def test_centred_merged_agency_cell_keeps_rows_whole(tmp_path: Path, between: bool) -> None:
    """Each row's wrapped lines stay one row (the name's lines between the rows' lines do
    not hide the row gaps), the name is read whole into one row of its block, and the
    rating cells' colour does not cut the table into columns at the rating's sides."""
    path = _action_log(tmp_path / "log.pdf", ["Northfield Police", "Riverside Housing"], between)
    tables = pdf.read(path, "d").tables
    assert len(tables) == 1
    table = tables[0]
    rows = [list(table.header_rows[0]), *map(list, table.rows)] if table.header_rows else []
    rows = rows or [list(r) for r in table.rows]
    assert rows[0] == list(HEAD)
    body = rows[1:]
    assert len(body) == 6
    assert [r[2] for r in body[:3]] == [" ".join(lines) for _, lines, _ in ISSUES]
    assert [r[3] for r in body] == ["R", "A", "G"] * 2
    names = [r[0] for r in body if r[0]]
    assert names == ["Northfield Police", "Riverside Housing"]
    first, second = (k for k, r in enumerate(body) if r[0])
    assert first < 3 <= second


def test_header_left_high_on_a_page_takes_the_rows_on_the_next(tmp_path: Path) -> None:
    """An action log's header, its first row too tall for the page, ends the page's text
    well above the middle; its rows start the next page without a repeated header."""
    width, height = landscape(A4)
    path = tmp_path / "orphan.pdf"
    c = canvas.Canvas(str(path), pagesize=(width, height))
    c.setFont("Helvetica", 10)
    for k in range(6):
        c.drawString(
            60, height - 80 - 13 * k, f"Paragraph line {k} of the introduction to the log."
        )
    c.setFont("Helvetica-Bold", 9)
    for x, text in zip(COLS, HEAD, strict=True):
        c.drawString(x, height - 200, text)
    c.showPage()
    c.setFont("Helvetica", 9)
    for k in range(4):
        y = 70 + 30 * k
        cells = ("Police", "Challenge", f"Issue {k} text", "R", f"Act {k}", "2015")
        for x, text in zip(COLS, cells, strict=True):
            c.drawString(x, height - y, text)
    c.save()
    tables = pdf.read(path, "d").tables
    assert len(tables) == 1
    assert tables[0].header_rows == (HEAD,)
    assert [r[2] for r in tables[0].rows] == [f"Issue {k} text" for k in range(4)]


def test_name_the_next_row_starts_inside_of_stays_in_the_run() -> None:
    """A merged cell's name set a little above the row it is centred on, left of every
    cell of the rows around it, is no break in the table."""
    from ingest.pdf.page import Segment, TextLine, Word
    from ingest.pdf.unruled import _candidate_runs

    def line(top: float, *cells: tuple[float, str]) -> TextLine:
        words = [Word(t, x, x + 5 * len(t), top, top + 9, 9, False) for x, t in cells]
        return TextLine([Segment([w]) for w in words])

    rows = [line(100 + 20 * k, (170, "Risk"), (250, f"Issue{k}"), (450, "R")) for k in range(3)]
    name = line(157, (60, "Police"))
    after = [line(160 + 20 * k, (170, "Risk"), (250, f"Later{k}"), (450, "A")) for k in range(3)]
    runs = _candidate_runs([*rows, name, *after], [])
    assert runs == [[*rows, name, *after]]
