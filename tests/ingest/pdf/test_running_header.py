"""A running header set as a bold title at the left and the page's agency at the right."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest import pdf
from ingest.pdf.page import Segment, TextLine, Word
from ingest.pdf.unruled import _candidate_runs

AGENCIES = (
    "Northfield Clinical Commissioning Group",
    "Riverside Police",
    "Eastmere Housing",
    "Westcombe Probation",
    "Kestwick Public Health",
)


def _pages(path: Path) -> Path:
    _, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    for agency in AGENCIES:
        c.setFont("Helvetica-Bold", 11)
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


def _line(top: float, size: float, *cells: tuple[float, str]) -> TextLine:
    segs = []
    for x, text in cells:
        words, at = [], x
        for t in text.split():
            words.append(Word(t, at, at + 0.5 * size * len(t), top, top + size, size, False))
            at += 0.5 * size * (len(t) + 1)
        segs.append(Segment(words))
    return TextLine(segs)


def test_bold_title_repeated_in_the_page_head_is_no_section_heading(tmp_path: Path) -> None:
    """The bold title starting the page head's line on every page is the running header
    (furniture, like the agency beside it), not a heading that would name a section."""
    doc = pdf.read(_pages(tmp_path / "run.pdf"), "d")
    for page in doc.pages[1:]:  # (the first page's head is its cover's front matter)
        head = [ln for ln in page.lines if ln.bbox and ln.bbox.bottom < 60]
        assert {ln.kind for ln in head} == {"header"}


def test_running_header_lined_up_like_a_row_is_not_the_tables_first_row() -> None:
    """A banner at the left and a title at the right of the page head, set smaller than
    the cells, and the agency's line under them, are not rows of the table below."""
    lines = [
        _line(28, 7.5, (57, "Synthetic banner of the paper"), (600, "Partner stock take")),
        _line(38, 9, (57, "Agency: Eastmere Housing")),
        _line(68, 9.5, (68, "Risks"), (400, "Strengths")),
    ]
    for k in range(4):
        lines.append(_line(86 + 20 * k, 9.5, (68, f"risk number {k}"), (400, f"strength {k}")))
    runs = _candidate_runs(lines, [], 540.0, 53.6)
    assert len(runs) == 1
    assert runs[0][0] is lines[2]
