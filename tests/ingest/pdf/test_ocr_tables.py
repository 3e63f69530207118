"""Tables without rules as an OCR text layer sets them: each word placed on its own,
boxed tight round its ink (word spaces about twice typeset ones), and each line sized
by its letters' height (a point apart from line to line)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest import pdf

W, H = A4
XS = (60, 230, 400)  # the three columns
HEADER = ("Partner agency", "What the risk is", "What is being done")
ROWS = [  # lines of each cell; the same first word on many lines lines words up
    (["Area north", "police"], ["The gangs", "recruit teens"], ["The panel", "meets monthly"]),
    (["Area east", "CLCH"], ["The checks", "are missed"], ["The audit", "runs twice"]),
    (["Area west", "housing"], ["The families", "move away"], ["The protocol", "is agreed"]),
    (["Area south", "schools"], ["The exclusions", "are rising"], ["The officer", "is in post"]),
]


def _words(
    c: canvas.Canvas, x: float, y: float, text: str, size: float, space: float, font: str = ""
) -> None:
    """Words placed one by one, ``space`` ems apart, as OCR places them."""
    font = font or "Helvetica"
    c.setFont(font, size)
    for word in text.split():
        c.drawString(x, y, word)
        x += c.stringWidth(word, font, size) + space * size


def _ocr_like_table(path: Path, space: float, caps_size: float = 9.0) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, 780, "Partner risks")
    y = 740
    for x, head in zip(XS, HEADER, strict=True):
        _words(c, x, y, head, 9, space, "Helvetica-Bold")
    y -= 22
    for row in ROWS:
        for k in range(2):
            for x, cell in zip(XS, row, strict=True):
                text = cell[k]
                size = caps_size if text.isupper() else 9
                if not (text.isupper() and caps_size != 9):
                    _words(c, x, y, text, size, space)
            if caps_size != 9 and row[0][k].isupper():
                y -= 11  # the capitals' line alone, its row's other cells ending a line up
                _words(c, XS[0], y, row[0][k], caps_size, space)
            y -= 11
        y -= 9
    c.setFont("Helvetica", 10)
    c.drawString(60, y - 20, "The board will look at these risks again in the spring.")
    c.showPage()
    c.save()
    return path


def _rows() -> list[list[str]]:
    return [[" ".join(cell) for cell in row] for row in ROWS]


def test_wide_word_spaces_make_no_column_stops(tmp_path: Path) -> None:
    """Word starts that line up by chance from line to line are not columns, however
    wide the page's word spaces (0.7 em here, as an OCR layer measures them)."""
    ex = pdf.read(_ocr_like_table(tmp_path / "ocr.pdf", space=0.7), "d")
    (table,) = ex.tables
    assert [list(r) for r in table.header_rows] == [list(HEADER)]
    assert [list(r) for r in table.rows] == _rows()


def test_typeset_spaces_read_the_same(tmp_path: Path) -> None:
    ex = pdf.read(_ocr_like_table(tmp_path / "typeset.pdf", space=0.28), "d")
    (table,) = ex.tables
    assert [list(r) for r in table.rows] == _rows()


def test_a_line_a_point_larger_does_not_split_the_table(tmp_path: Path) -> None:
    """OCR sizes a line of capitals ("CLCH") a point larger than its neighbours: the
    rows after it stay in the table."""
    ex = pdf.read(_ocr_like_table(tmp_path / "caps.pdf", space=0.7, caps_size=10.0), "d")
    (table,) = ex.tables
    assert [list(r) for r in table.rows] == _rows()
