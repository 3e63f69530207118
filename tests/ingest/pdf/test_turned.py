"""Text drawn turned on the page (ingest/pdf/turn.py): landscape tables printed sideways
on portrait pages, pages turned by /Rotate, column headers set sideways."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest import pdf

from ...helpers import ROOT

W, H = A4
HEADER = ["Agency", "Risk", "What is being done", "Support needed"]
ROWS = [
    ["Police", "Gang related violence", "Joint panel meets monthly", "Share intelligence"],
    ["Health", "Missed health checks", "Audit of the checks", "Chase the commissioners"],
    ["Housing", "Families moved out of borough", "Tracking protocol", "Agree transfer rules"],
]
XS = [60, 170, 350, 560, 780]  # column rules across the landscape page (842 wide)


def _landscape_content(c: canvas.Canvas) -> None:
    """A title, a ruled table and a closing line, in landscape coordinates (842 x 595)."""
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, 530, "Partner risks and what the board can do")
    top, row_h = 500, 24
    ys = [top - i * row_h for i in range(len(ROWS) + 2)]
    for y in ys:
        c.line(XS[0], y, XS[-1], y)
    for x in XS:
        c.line(x, ys[0], x, ys[-1])
    for i, row in enumerate([HEADER, *ROWS]):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        for x, text in zip(XS, row, strict=False):
            c.drawString(x + 4, ys[i] - 16, text)
    c.setFont("Helvetica", 10)
    c.drawString(60, ys[-1] - 30, "The board will review these risks again at its next meeting.")


def _sideways_pdf(path: Path, angle: int, rotate_page: bool = False) -> Path:
    """A portrait page carrying a landscape page drawn turned by ``angle`` (90: its text
    runs up the page, 270: down), under an upright portrait header; with
    ``rotate_page`` the page's /Rotate turns it back upright and there is no header."""
    # reportlab writes a quarter-turned page's MediaBox with width and height swapped:
    # asked for a landscape page, it writes the portrait box the content is drawn in
    c = canvas.Canvas(str(path), pagesize=(H, W) if rotate_page else A4)
    if not rotate_page:
        c.setFont("Helvetica", 8)
        c.drawString(72, H - 30, "Partner stock-take 2015/16")
        c.drawCentredString(W / 2, 25, "page 1")
    c.saveState()
    if angle == 90:
        c.translate(W, 0)
        c.rotate(90)
    else:
        c.translate(0, H)
        c.rotate(-90)
    _landscape_content(c)
    c.restoreState()
    if rotate_page:
        c.setPageRotation(angle)
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("angle", [90, 270])
def test_a_sideways_landscape_page_reads_as_upright(tmp_path: Path, angle: int) -> None:
    ex = pdf.read(_sideways_pdf(tmp_path / "side.pdf", angle), "d")
    page = ex.pages[0]
    assert page.width > page.height  # read in the landscape table's own frame
    body = [ln.text for ln in page.lines if ln.kind not in ("header", "footer")]
    assert body[0] == "Partner risks and what the board can do"
    assert body[-1] == "The board will review these risks again at its next meeting."
    assert page.text.startswith("Partner risks and what the board can do")
    assert "stock-take" not in page.text  # the portrait page's header is furniture
    assert "Partner stock-take 2015/16" in page.raw_text  # kept, not lost
    (table,) = ex.tables
    assert [list(r) for r in table.header_rows] == [HEADER]
    assert [list(r) for r in table.rows] == ROWS


@pytest.mark.parametrize("angle", [90, 270])
def test_a_page_turned_back_by_rotate_reads_inside_its_frame(tmp_path: Path, angle: int) -> None:
    ex = pdf.read(_sideways_pdf(tmp_path / "rot.pdf", angle, rotate_page=True), "d")
    page = ex.pages[0]
    assert page.rotation == angle
    assert page.width > page.height  # the page as displayed
    boxes = [ln.bbox for ln in page.lines if ln.bbox is not None]
    assert all(0 <= b.x0 and b.x1 <= page.width for b in boxes)
    assert all(0 <= b.top and b.bottom <= page.height for b in boxes)
    assert page.lines[0].text == "Partner risks and what the board can do"
    assert [list(r) for r in ex.tables[0].rows] == ROWS


def _sideways_headers_pdf(path: Path) -> Path:
    """An upright ruled table whose header cells are set sideways (reading up), one of
    them on two lines, as spreadsheets print narrow columns."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, 780, "Quarterly returns from partner agencies")
    xs, head_top, head_bottom, row_h = [72, 250, 290, 330], 760, 680, 20
    heads = [["Agency"], ["Returns", "received"], ["Late"], ["Missing"]]
    rows = [["Police", "12", "1", "0"], ["Health", "10", "2", "1"], ["Schools", "40", "5", "3"]]
    bottoms = [head_bottom - (i + 1) * row_h for i in range(len(rows))]
    for y in [head_top, head_bottom, *bottoms]:
        c.line(xs[0], y, 400, y)
    for x in [*xs, 400]:
        c.line(x, head_top, x, bottoms[-1])
    c.setFont("Helvetica-Bold", 9)
    c.drawString(xs[0] + 4, head_bottom + 6, heads[0][0])
    for x, lines in zip(xs[1:], heads[1:], strict=True):
        for k, text in enumerate(lines):  # the first line leftmost, as text reading up wraps
            c.saveState()
            c.translate(x + 14 + 11 * k, head_bottom + 6)
            c.rotate(90)
            c.drawString(0, 0, text)
            c.restoreState()
    c.setFont("Helvetica", 10)
    for row, bottom in zip(rows, bottoms, strict=True):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x + 4, bottom + 6, text)
    c.showPage()
    c.save()
    return path


def test_sideways_column_headers_become_their_header_text(tmp_path: Path) -> None:
    ex = pdf.read(_sideways_headers_pdf(tmp_path / "heads.pdf"), "d")
    (table,) = ex.tables
    assert [list(r) for r in table.header_rows] == [
        ["Agency", "Returns received", "Late", "Missing"]
    ]
    assert [list(r) for r in table.rows][0] == ["Police", "12", "1", "0"]
    assert ex.pages[0].lines[0].text == "Quarterly returns from partner agencies"


@pytest.mark.slow
def test_a_generated_sideways_stocktake_reads_whole(tmp_path: Path) -> None:
    """One generated layout of the rotated family, drawn turned (no /Rotate): every
    row of the register comes back with its agency."""
    sys.path.insert(0, str(ROOT / "corpus"))
    import layouts_more
    from layouts_score import read_register, score

    layout = layouts_more.draw(54, "rotated")  # drawn at 270, tables without rules
    assert dict(layout.options)["mode"] == "drawn"
    path, truth = layouts_more.generate(layout, tmp_path)
    result = score(truth, read_register(path))
    assert result.f1 == 1.0 and result.agency_accuracy == 1.0, result.problems[:5]
