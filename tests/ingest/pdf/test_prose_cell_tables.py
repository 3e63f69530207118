"""A two-column table of prose cells ("Risks | Strengths"), set without rules: its
cells wrap like two columns of prose, but each row starts both cells on one line."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from ingest import pdf
from ingest.pdf.order import order_lines
from ingest.pdf.page import Segment, TextLine, Word

RISKS = (
    "Changes in housing benefit are placing some families under stress and may mean "
    "that they will have to move out of the borough, increasing the vulnerability of "
    "children as they move between services",
    "Gang related serious youth violence and associated sexual exploitation have become "
    "significant issues affecting the safety and well being of adolescents",
    "Capacity of the designated doctor for unexpected deaths is stretched; rapid response "
    "has to be done for cases out of the borough as well",
    "HV Implementation Plan call for action, an increase of the health visiting workforce "
    "over the next four years",
)
STRENGTHS = (
    "The approach to case conferences is receiving positive feedback and stimulating "
    "more innovative ways of working",
    "Increased participation of children and young people in their case conferences",
    "Creation of a team of designated nurses allowing for improved cross cover and "
    "specialisation across the three boroughs",
    "Integration and co-location of health visiting staff in social care teams",
)
SIZE = 9.5


def _wrap(text: str, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", "Helvetica", SIZE) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _two_columns(path: Path) -> Path:
    """Cells at x=70 and x=300, each wrapped to 222 points: a long line of a first cell
    ends a few points short of the second column, closer than a wide gap."""
    _, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", SIZE)
    c.drawString(70, height - 90, "Risks")
    c.drawString(300, height - 90, "Strengths")
    c.setFont("Helvetica", SIZE)
    y = 108.0
    for risk, strength in zip(RISKS, STRENGTHS, strict=True):
        left, right = _wrap(risk, 222), _wrap(strength, 222)
        for n, text in enumerate(left):
            c.drawString(70, height - y - 11.7 * n, text)
        for n, text in enumerate(right):
            c.drawString(300, height - y - 11.7 * n, text)
        y += 11.7 * max(len(left), len(right)) + 6
    c.save()
    return path


def test_two_column_table_of_prose_cells_is_a_table(tmp_path: Path) -> None:
    """Read as one table with a row per pair, not as two columns of prose, each cell
    whole even where its line runs close up to the next column."""
    path = _two_columns(tmp_path / "two.pdf")
    tables = pdf.read(path, "d").tables
    assert len(tables) == 1
    rows = [*map(list, tables[0].header_rows), *map(list, tables[0].rows)]
    assert rows[0] == ["Risks", "Strengths"]
    assert [r[0] for r in rows[1:]] == list(RISKS)
    assert [r[1] for r in rows[1:]] == list(STRENGTHS)


def _line(top: float, *cells: tuple[float, str]) -> TextLine:
    segs = []
    for x, text in cells:
        words, at = [], x
        for t in text.split():
            words.append(Word(t, at, at + 5 * len(t), top, top + 9.5, 9.5, False))
            at += 5 * len(t) + 2.5
        segs.append(Segment(words))
    return TextLine(segs)


def _tops(breaks: tuple[int, ...]) -> list[float]:
    tops, y = [], 100.0
    for k in range(12):
        y += 8 if k in breaks else 0
        tops.append(y)
        y += 11.7
    return tops


def _page(right_breaks: tuple[int, ...]) -> list[TextLine]:
    """Twelve lines of wordy text at x=70 and at x=300, a blank line's gap before lines
    3, 6 and 9 on the left, and before ``right_breaks`` on the right: visual lines
    holding both sides where their tops meet."""
    left = [(t, (70.0, "risk words set as running prose in a cell")) for t in _tops((3, 6, 9))]
    right = [(t, (300.0, "strength words set as running prose")) for t in _tops(right_breaks)]
    rows: dict[float, list[tuple[float, str]]] = {}
    for top, cell in sorted(left + right):
        rows.setdefault(top, []).append(cell)
    return [_line(top, *cells) for top, cells in sorted(rows.items())]


def test_paragraph_breaks_in_step_make_a_table_not_two_text_columns() -> None:
    """Blocks of both columns starting on the same lines are a table's rows: the page is
    left in its visual lines, each holding both cells. Columns of prose whose paragraphs
    break on other lines are read left column first."""
    table = order_lines(_page((3, 6, 9)), 595)
    assert all(len(ln.segs) == 2 for ln in table)
    prose = order_lines(_page((2, 5, 10)), 595)
    assert all(len(ln.segs) == 1 for ln in prose)
    assert [ln.x0 for ln in prose][:12] == [70.0] * 12


def test_a_cell_line_reaching_into_the_gutter_still_starts_its_row() -> None:
    """A first cell's long line may run past the gutter's middle; it still starts on the
    left, so its row's start is seen on both sides."""
    from ingest.pdf.order import _rows_align

    lines = _page((3, 6, 9))
    long = "risk words set as running prose in a cell running on and on and on"
    lines[6] = _line(lines[6].top, (70.0, long), (300.0, "strength words set as prose"))
    assert lines[6].segs[0].x1 > 250
    assert _rows_align(lines, 250.0)


def test_a_last_row_with_its_second_cell_blank_stays_in_the_table() -> None:
    """The last risk with no strength beside it: its lines wrap where the first column's
    cells wrap, one row gap under the row above, so it is the table's last row; a short
    note under the table is not."""
    from ingest.pdf.unruled import _candidate_runs

    left = "risk words set as running prose in a cell"
    right = "strength words set as prose"
    lines, y = [_line(88.0, (70.0, "Risks"), (300.0, "Strengths"))], 106.0
    for _ in range(3):
        lines += [_line(y, (70.0, left), (300.0, right)), _line(y + 11.7, (70.0, left))]
        y += 2 * 11.7 + 8
    last = [_line(y, (70.0, left)), _line(y + 11.7, (70.0, "and its end"))]
    note = _line(y + 2 * 11.7 + 8, (70.0, "Source: returns"))
    prose = _line(y + 3 * 11.7 + 16, (70.0, " ".join(["a paragraph of the report"] * 5)))
    runs = _candidate_runs([*lines, *last, note, prose], [])
    assert runs == [[*lines, *last]]
