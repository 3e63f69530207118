"""A running header set as a bold title at the left and the page's agency at the right."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest import pdf

AGENCIES = ("Northfield Clinical Commissioning Group", "Riverside Police", "Eastmere Housing")


def _pages(path: Path) -> Path:
    _, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    for agency in AGENCIES:
        c.setFont("Helvetica-Bold", 9)
        c.drawString(57, height - 35, "Partner stock take")
        c.drawRightString(538, height - 35, f"Agency: {agency}")
        c.setFont("Helvetica", 10)
        for k in range(20):
            c.drawString(
                57, height - 90 - 14 * k, f"Line {k} of the return, written as plain prose."
            )
        c.showPage()
    c.save()
    return path


def test_running_header_beside_a_bold_title_keeps_its_right_part(tmp_path: Path) -> None:
    """However the line is marked (a heading where it is bold), the agency at the right
    of the page head is kept on every page as a line of the page's head."""
    doc = pdf.read(_pages(tmp_path / "run.pdf"), "d")
    for page, agency in zip(sorted(doc.pages, key=lambda p: p.number), AGENCIES, strict=True):
        head = " ".join(ln.text for ln in page.lines if ln.bbox and ln.bbox.bottom < 60)
        assert f"Agency: {agency}" in head
