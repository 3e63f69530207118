"""Tables: pure cleaning/stitching functions, and tables found in generated PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
from reportlab.platypus import Table as RLTable

from ingest import pdf, tables
from ingest.model import BBox
from ingest.pdf import chars
from ingest.tables import Fragment

from ...helpers import REALDOCS

HEADER = ["Risk", "What is being done to reduce the risk?", "Support needed"]


def _frag(page: int, rows: list[list[str]], header: list[str] | None = None, **kw) -> Fragment:
    return Fragment(
        page=page,
        header_rows=(tuple(header),) if header else (),
        rows=tuple(tuple(r) for r in rows),
        bbox=BBox(50, 80, 550, 700),
        col_edges=(50, 200, 400),
        at_top=kw.pop("at_top", True),
        **kw,
    )


# ---------------------------------------------------------------- pure functions


def test_stitch_header_alone_at_page_foot_starts_a_new_table() -> None:
    # the same header, alone on the next page with its rows after it: a new table
    # (a repeated header comes back with rows under it), not the last one going on
    a = _frag(5, [["R1", "d1", "s1"]], HEADER, at_top=False)
    b = _frag(6, [], HEADER)
    c = _frag(7, [["R2", "d2", "s2"]])
    t1, t2 = tables.stitch("doc", [a, b, c])
    assert t1.rows == (("R1", "d1", "s1"),) and t1.page_end == 5
    assert t2.header_rows == (tuple(HEADER),) and t2.rows == (("R2", "d2", "s2"),)
    assert (t2.page_start, t2.page_end) == (6, 7)


def test_clean_cell_normalises_whitespace() -> None:
    assert tables.clean_cell("  Multi-agency\n  audit  ") == "Multi-agency audit"
    assert tables.clean_cell(None) == ""


def test_join_lines_wraps_with_spaces() -> None:
    assert tables.join_lines(["Early help", "services are", "", "joined"]) == (
        "Early help services are joined"
    )
    assert tables.join_lines(["safe-", "guarding"]) == "safe-guarding"


def test_clean_rows_pads_and_drops_empty_rows() -> None:
    assert tables.clean_rows([["a", None], [" ", ""], ["b"]]) == (("a", ""), ("b", ""))


def test_stitch_repeated_header_removed() -> None:
    a = _frag(5, [["R1", "d1", "s1"]], HEADER, at_top=False)
    b = _frag(6, [["R2", "d2", "s2"]], HEADER)
    (t,) = tables.stitch("doc", [a, b])
    assert (t.page_start, t.page_end) == (5, 6)
    assert t.header_rows == (tuple(HEADER),)
    assert t.rows == (("R1", "d1", "s1"), ("R2", "d2", "s2"))
    assert t.row_pages == (5, 6)


def test_stitch_header_found_by_repetition() -> None:
    a = _frag(5, [HEADER, ["R1", "d1", "s1"]], at_top=False)
    b = _frag(6, [HEADER, ["R2", "d2", "s2"]])
    (t,) = tables.stitch("doc", [a, b])
    assert t.header_rows == (tuple(HEADER),)
    assert [r[0] for r in t.rows] == ["R1", "R2"]


def test_stitch_without_repeated_header() -> None:
    a = _frag(5, [["R1", "d1", "s1"]], HEADER, at_top=False)
    b = _frag(6, [["R2", "d2", "s2"], ["R3", "d3", "s3"]])
    (t,) = tables.stitch("doc", [a, b])
    assert [r[0] for r in t.rows] == ["R1", "R2", "R3"]
    assert t.row_pages == (5, 6, 6)


def test_stitch_joins_row_split_by_page_break() -> None:
    a = _frag(5, [["Neglect", "Audit of cases", "Training for"]], HEADER, at_top=False)
    b = _frag(6, [["", "in the autumn", "health visitors"], ["CSE", "Panel", "None"]], HEADER)
    (t,) = tables.stitch("doc", [a, b])
    assert t.rows[0] == ("Neglect", "Audit of cases in the autumn", "Training for health visitors")
    assert t.rows[1] == ("CSE", "Panel", "None")
    assert t.row_pages == (5, 6)


def test_no_stitch_when_columns_differ() -> None:
    a = _frag(5, [["r1", "d1", "s1"]], HEADER)
    b = Fragment(6, (), (("x", "y"),), BBox(50, 80, 550, 700), (50, 300), at_top=True)
    assert len(tables.stitch("doc", [a, b])) == 2


def test_no_stitch_when_not_at_top_of_next_page() -> None:
    a = _frag(5, [["r1", "d1", "s1"]], HEADER)
    b = _frag(6, [["r2", "d2", "s2"]], HEADER, at_top=False)
    assert len(tables.stitch("doc", [a, b])) == 2


def test_header_row_count_bold_or_numeric_body() -> None:
    grid = [["Indicator", "Q1", "Q2"], ["Referrals", "120", "131"], ["Re-referrals", "18%", "17%"]]
    assert tables.header_row_count(grid) == 1
    assert tables.header_row_count([["a", "b"], ["c", "d"]], [True, False]) == 1
    assert tables.header_row_count([["a", "b"], ["c", "d"]]) == 0


def test_header_row_count_sub_header_under_a_spanning_cell() -> None:
    top = ["Indicator", "RAG rating", "", "Trend"]
    body = [
        ["Referrals seen in a day", "GREEN", "AMBER", "Up"],
        ["Visits on time", "RED", "RED", "Down"],
        ["Plans reviewed", "GREEN", "RED", "Up"],
    ]
    bold = [True, False, False, False, False]
    assert tables.header_row_count([top, ["", "Latest", "Previous", ""], *body], bold) == 2
    # a first body row names its row: not a sub-header, whatever sits under the span
    assert tables.header_row_count([top, ["Closures", "GREEN", "AMBER", "Up"], *body], bold) == 1
    # numbers under the span are data (a row whose label wrapped away), not labels
    assert tables.header_row_count([top, ["", "12", "14", ""], *body], bold) == 1
    # labels outside the spanned columns are not its sub-header
    assert tables.header_row_count([top, ["", "Latest", "", "Trend 2"], *body], bold) == 1


# ---------------------------------------------------------------- generated PDFs

RISKS = [
    ["Neglect", "Multi-agency audit of neglect cases and training for staff", "Support from GPs"],
    ["Child sexual exploitation", "CSE panel meets monthly and tracks young people", "None"],
    ["Missing children", "Return home interviews offered to every child", "Police data"],
]


def _styles():
    return getSampleStyleSheet()


def _cellify(rows: list[list[str]]) -> list[list[Paragraph]]:
    style = _styles()["BodyText"]
    return [[Paragraph(c, style) for c in r] for r in rows]


def _ruled_pdf(path: Path, rows: list[list[str]], repeat: int = 1, before: int = 0) -> Path:
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    st = _styles()
    story: list = [Paragraph("Police", st["Heading2"])]
    story += [Paragraph("Filler paragraph about the board. " * 8, st["BodyText"])] * before
    head = [f"<b>{h}</b>" for h in HEADER]
    table = RLTable(_cellify([head, *rows]), colWidths=[130, 200, 130], repeatRows=repeat)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return path


def _unruled_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, 760, "Children's social care performance")
    c.setFont("Helvetica", 10)
    c.drawString(72, 740, "The board monitors these indicators every quarter of the year.")
    c.setFont("Helvetica-Bold", 10)
    for x, h in zip((72, 300, 380, 460), ("Indicator", "Q1", "Q2", "Q3"), strict=True):
        c.drawString(x, 710, h)
    c.setFont("Helvetica", 10)
    data = [
        ("Referrals to social care", "1,204", "1,150", "1,312"),
        ("Child protection plans", "271", "265", "280"),
        ("Children looked after", "180", "176", "182"),
        ("Care leavers in education", "64%", "66%", "70%"),
    ]
    for i, row in enumerate(data):
        for x, v in zip((72, 300, 380, 460), row, strict=True):
            c.drawString(x, 690 - 18 * i, v)
    c.drawString(72, 580, "After the table the report carries on with ordinary prose text.")
    c.showPage()
    c.save()
    return path


def test_ruled_table_cells_exact(tmp_path: Path) -> None:
    ex = pdf.read(_ruled_pdf(tmp_path / "ruled.pdf", RISKS), "d")
    (t,) = ex.tables
    assert t.header_rows == (tuple(HEADER),)
    assert [list(r) for r in t.rows] == RISKS
    assert t.caption == "Police"


def test_table_lines_kept_out_of_clean_text(tmp_path: Path) -> None:
    ex = pdf.read(_ruled_pdf(tmp_path / "ruled.pdf", RISKS), "d")
    page = ex.pages[0]
    assert "Return home interviews" in page.raw_text
    assert "Return home interviews" not in page.text
    assert any(ln.kind == "table" for ln in page.lines)


def test_unruled_table_columns_from_alignment(tmp_path: Path) -> None:
    ex = pdf.read(_unruled_pdf(tmp_path / "unruled.pdf"), "d")
    (t,) = ex.tables
    assert t.header_rows == (("Indicator", "Q1", "Q2", "Q3"),)
    assert t.rows[0] == ("Referrals to social care", "1,204", "1,150", "1,312")
    assert t.rows[-1] == ("Care leavers in education", "64%", "66%", "70%")
    assert "ordinary prose" in ex.pages[0].text


def test_plain_prose_page_has_no_table(tmp_path: Path) -> None:
    f = tmp_path / "prose.pdf"
    doc = SimpleDocTemplate(str(f), pagesize=A4)
    doc.build([Paragraph("The board met six times this year. " * 30, _styles()["BodyText"])])
    assert pdf.read(f, "d").tables == ()


@pytest.mark.parametrize("repeat", [1, 0], ids=["repeated-header", "no-repeated-header"])
def test_cross_page_table_is_stitched(tmp_path: Path, repeat: int) -> None:
    rows = [[f"Risk {i}", f"Action number {i} is under way", f"Help {i}"] for i in range(40)]
    ex = pdf.read(_ruled_pdf(tmp_path / "long.pdf", rows, repeat=repeat), "d")
    assert len(ex.tables) == 1
    t = ex.tables[0]
    assert t.page_end > t.page_start
    assert t.header_rows == (tuple(HEADER),)
    assert [list(r) for r in t.rows] == rows
    assert len(t.row_pages) == len(rows)


@pytest.mark.real
def test_real_rotated_risk_register_does_not_crash() -> None:
    ex = pdf.read(REALDOCS / "tables" / "kent-cc-budget-risk-register-2025-26.pdf", "d")
    assert ex.tables
    rows = [r for t in ex.tables for r in t.rows]
    assert len(rows) >= 10
    assert all(any(c for c in r) for r in rows)


def _grid_pdf(path: Path, above: list[tuple[float, float, str]], table_top: float) -> Path:
    """A 3x3 ruled table whose top edge is at ``table_top`` (PDF y), lines drawn above it."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    for x, y, text in above:
        c.drawString(x, y, text)
    xs, row_h = (72, 200, 330, 460), 20
    ys = [table_top - i * row_h for i in range(4)]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    cells = [
        ["Agency", "Risk", "Action"],
        ["Police", "Gangs", "Panel"],
        ["Health", "Neglect", "Audit"],
    ]
    for i, row in enumerate(cells):
        for x, text in zip(xs, row, strict=False):
            c.drawString(x + 4, ys[i] - 14, text)
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize(
    "above,table_top,caption",
    [
        ([(72, 640, "Table 1: Agency risks")], 630, "Table 1: Agency risks"),
        (  # a cover's "Label: value" with its wrapped value, well above the table
            [(72, 700, "Lead inspector: Jane Smith"), (160, 686, "Her Majesty's Inspector")],
            655,
            "",
        ),
        (  # the last line of a paragraph, right above the table
            [
                (72, 668, "The Trust will track every family in temporary accommodation"),
                (72, 655, "through a weekly list shared with Housing Options."),
            ],
            645,
            "",
        ),
        ([(72, 700, "Agency risks")], 665, ""),  # too far above to belong to the table
    ],
    ids=["caption", "cover-line", "paragraph-tail", "far"],
)
def test_caption_is_the_near_line_above_or_nothing(
    tmp_path: Path, above: list, table_top: float, caption: str
) -> None:
    ex = pdf.read(_grid_pdf(tmp_path / "g.pdf", above, table_top), "d")
    (t,) = ex.tables
    assert t.rows[-1] == ("Health", "Neglect", "Audit")
    assert t.caption == caption


def _tight_unruled_pdf(path: Path) -> Path:
    """Four 8pt columns only ~6pt apart, cells wrapped over lines, no rules."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    text = "The board asked each agency for its risks and what is being done about them now."
    for i in range(4):
        c.drawString(72, 780 - 13 * i, text)
    xs = (72, 182, 292, 402)
    rows = [
        [["Risk"], ["What is being done"], ["Support needed"], ["Recommended action"]],
        [
            ["Families placed in", "temporary housing", "out of borough"],
            ["Housing officers", "share details early"],
            ["Agree a protocol"],
            ["Monitor moves", "each quarter"],
        ],
        [
            ["Missing children", "not always found"],
            ["A co-ordinator", "reads police reports"],
            ["Quarterly data"],
            ["Commission return", "interviews"],
        ],
        [["Neglect seen late"], ["Graded Care Profile"], ["Training"], ["Audit cases"]],
    ]
    y = 700
    for r, row in enumerate(rows):
        c.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 8)
        for x, cell in zip(xs, row, strict=True):
            for k, part in enumerate(cell):
                c.drawString(x, y - 9.6 * k, part)
        y -= 9.6 * max(len(cell) for cell in row) + 8
    c.setFont("Helvetica", 10)
    for i in range(3):
        c.drawString(72, y - 20 - 13 * i, text)
    c.showPage()
    c.save()
    return path


def test_tight_unruled_table_split_at_column_stops(tmp_path: Path) -> None:
    ex = pdf.read(_tight_unruled_pdf(tmp_path / "tight.pdf"), "d")
    (t,) = ex.tables
    assert t.header_rows == (
        ("Risk", "What is being done", "Support needed", "Recommended action"),
    )
    assert t.rows == (
        (
            "Families placed in temporary housing out of borough",
            "Housing officers share details early",
            "Agree a protocol",
            "Monitor moves each quarter",
        ),
        (
            "Missing children not always found",
            "A co-ordinator reads police reports",
            "Quarterly data",
            "Commission return interviews",
        ),
        ("Neglect seen late", "Graded Care Profile", "Training", "Audit cases"),
    )
    assert "The board asked each agency" in ex.pages[0].text  # prose stays prose


def test_unruled_header_over_an_empty_column_keeps_it(tmp_path: Path) -> None:
    f = tmp_path / "notes.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    for x, h in ((72, "Item"), (260, "£"), (330, "Notes")):
        c.drawString(x, 700, h)
    c.setFont("Helvetica", 10)
    data = [("Police", "5,000"), ("Probation", "2,000"), ("CAFCASS", "550"), ("Total", "7,550")]
    for i, (item, amount) in enumerate(data):
        c.drawString(72, 684 - 16 * i, item)
        c.drawString(260, 684 - 16 * i, amount)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.header_rows == (("Item", "£", "Notes"),)
    assert t.rows[0] == ("Police", "5,000", "")


def test_row_split_by_page_break_without_closing_rule(tmp_path: Path) -> None:
    """The split row's column rules run to the page foot with no rule under them."""
    f = tmp_path / "split.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 200, 330, 460)

    def rows(top: float, texts: list[list[str]], heights: list[float], close: bool) -> None:
        ys = [top]
        for h in heights:
            ys.append(ys[-1] - h)
        for y in ys if close else ys[:-1]:
            c.line(xs[0], y, xs[-1], y)
        for x in xs:
            c.line(x, ys[0], x, ys[-1])
        for i, row in enumerate(texts):
            for x, text in zip(xs, row, strict=False):
                c.drawString(x + 4, ys[i] - 14, text)

    header = ["Risk", "Response", "Support"]
    c.setFont("Helvetica", 11)
    rows(
        300,
        [header, ["Gangs", "Panel", "Data"], ["Neglect at home", "Audit", "Training"]],
        [20, 20, 180],
        close=False,
    )
    c.showPage()
    c.setFont("Helvetica", 11)
    rows(
        800,
        [header, ["and at school", "", ""], ["Missing", "Co-ordinator", "Reports"]],
        [20, 20, 20],
        close=True,
    )
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert (t.page_start, t.page_end) == (1, 2)
    assert t.rows == (
        ("Gangs", "Panel", "Data"),
        ("Neglect at home and at school", "Audit", "Training"),
        ("Missing", "Co-ordinator", "Reports"),
    )


def test_no_stitch_when_next_page_table_has_another_header() -> None:
    a = _frag(5, [["R1", "d1", "s1"]], HEADER, at_top=False)
    b = _frag(6, [["S1", "e1", "p1"]], ["Strengths", "How is this evidenced", "Promote how?"])
    assert len(tables.stitch("doc", [a, b])) == 2


def test_orphan_header_at_page_foot_takes_next_page_rows() -> None:
    a = _frag(4, [], HEADER, at_top=False, at_bottom=True)
    b = _frag(5, [["R1", "d1", "s1"], ["R2", "d2", "s2"]])
    (t,) = tables.stitch("doc", [a, b])
    assert t.header_rows == (tuple(HEADER),)
    assert (t.page_start, t.page_end, t.row_pages) == (4, 5, (5, 5))


def test_orphan_header_and_wrapped_row_on_next_page(tmp_path: Path) -> None:
    """Caption and header at the foot of page 1; the one (wrapped) row tops page 2."""
    f = tmp_path / "orphan.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 182, 292, 402)
    _prose(c, 780, 30)
    c.setFont("Helvetica", 9)
    c.drawString(72, 160, "Probation - strengths")
    c.setFont("Helvetica-Bold", 8)
    for x, h in zip(xs, ("Strengths", "Evidence", "Promote how?", "Actions"), strict=True):
        c.drawString(x, 140, h)
    c.showPage()
    c.setFont("Helvetica", 8)
    cells = [
        ["All sex offenders are", "MAPPA meetings are", "A strong link", "Annual report"],
        ["referred into MAPPA so", "well minuted", "with the board", "to the board"],
        ["that risk is managed", "and audited", "", ""],
        ["for children.", "", "", ""],
    ]
    for k, row in enumerate(cells):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, 780 - 9.6 * k, text)
    _prose(c, 700, 10)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.caption == "Probation - strengths"
    assert t.header_rows == (("Strengths", "Evidence", "Promote how?", "Actions"),)
    assert t.rows == (
        (
            "All sex offenders are referred into MAPPA so that risk is managed for children.",
            "MAPPA meetings are well minuted and audited",
            "A strong link with the board",
            "Annual report to the board",
        ),
    )
    assert (t.page_start, t.page_end) == (1, 2)


# ---------------------------------------------------------------- not tables (precision)

PROSE = (
    "Inspectors found that the local authority and its partners respond well to children "
    "who are at risk of harm and that most assessments are thorough and timely, although "
    "the quality of plans still varies between teams and some plans lack clear measures."
)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def _hanging_pdf(path: Path, markers: list[str], label_x: float = 72, text_x: float = 100) -> Path:
    """Paragraphs with a hanging marker ("14.", a bullet, a label) as Ofsted sets them."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, 780, "Inspection findings")
    c.setFont("Helvetica", 10)
    y = 750.0
    for marker in markers:
        c.drawString(label_x, y, marker)
        for line in _wrap(PROSE, int((523 - text_x) / 5)):
            c.drawString(text_x, y, line)
            y -= 14
        y -= 10
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize(
    ("markers", "text_x"),
    [
        ([f"{n}." for n in range(14, 20)], 114),  # numbered paragraphs, as Hackney sets them
        (["(a)", "(b)", "(c)", "(d)"], 100),
        (["\u2022"] * 5, 90),  # bullets (reportlab's bullet comes back as "(cid:127)")
        (["Strengths", "Areas for", "Risks", "Next steps"], 180),  # labels beside prose
    ],
    ids=["numbered", "lettered", "bulleted", "labelled-prose"],
)
def test_hanging_paragraphs_are_not_a_table(tmp_path: Path, markers: list[str], text_x: float):
    ex = pdf.read(_hanging_pdf(tmp_path / "paras.pdf", markers, text_x=text_x), "d")
    assert ex.tables == ()
    text = ex.pages[0].text
    assert "(cid:" not in ex.pages[0].raw_text
    assert text.count("Inspectors found that the local authority") == len(markers)
    assert all(ln.kind != "table" for ln in ex.pages[0].lines)


def test_two_column_key_value_table_is_still_a_table(tmp_path: Path) -> None:
    """Short values beside short labels over several rows: a table, not a list."""
    f = tmp_path / "kv.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(72, 780, "The board's figures for the year are set out below.")
    rows = [("Referrals", "1,204"), ("Child protection plans", "271"), ("Looked after", "180")]
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, 750, "Measure")
    c.drawString(300, 750, "2011/12")
    c.setFont("Helvetica", 10)
    for i, (a, b) in enumerate(rows):
        c.drawString(72, 730 - 18 * i, a)
        c.drawString(300, 730 - 18 * i, b)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.header_rows == (("Measure", "2011/12"),)
    assert t.rows == tuple(rows)


def test_white_boxes_behind_lines_are_not_rules(tmp_path: Path) -> None:
    """Word paints a white box behind each line of a highlighted passage; stacked, their
    edges look like a grid (the first box starts where the passage does, mid-line)."""
    f = tmp_path / "boxes.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    c.setFont("Helvetica", 10)
    lines = _wrap(PROSE + " " + PROSE, 80)
    y = 760.0
    for i, line in enumerate(lines):
        if 2 <= i <= 5:  # the highlighted sentence: from x=166 on its first line
            c.setFillColorRGB(1, 1, 1)
            x0 = 166 if i == 2 else 99
            c.rect(x0, y - 4, 512 - x0 - 8 * (i % 3), 14.5, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
        c.drawString(99, y, line)
        y -= 14.5
    c.showPage()
    c.save()
    ex = pdf.read(f, "d")
    assert ex.tables == ()
    assert "Inspectors found" in ex.pages[0].text


def test_cell_padding_box_of_the_cell_colour_does_not_double_columns(tmp_path: Path) -> None:
    """Each cell painted as a box with a second box of its own colour inside (ADCS tables)."""
    f = tmp_path / "padded.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs, w, h, top = (72, 212, 312, 412), (140, 100, 100, 100), 24, 700
    grid = [["Region", "Responses", "Returns", "Interviews"]] + [
        [f"Region {i}", str(7 + i), str(10 + i), str(2 + i)] for i in range(5)
    ]
    for r, row in enumerate(grid):
        y = top - r * h
        for x, cw, text in zip(xs, w, row, strict=True):
            navy = (0.125, 0.153, 0.361)
            c.setFillColorRGB(*navy) if r == 0 else c.setFillColorRGB(0.9, 0.9, 0.95)
            c.rect(x, y, cw - 0.5, h - 0.5, stroke=0, fill=1)
            c.rect(x + 5, y + 3, cw - 10.5, h - 6.5, stroke=0, fill=1)  # the padding box
            c.setFillColorRGB(1, 1, 1) if r == 0 else c.setFillColorRGB(0, 0, 0)
            c.setFont("Helvetica", 9)
            c.drawString(x + 6, y + 8, text)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.n_cols == 4
    assert t.header_rows == (tuple(grid[0]),)
    assert [list(r) for r in t.rows] == grid[1:]


def _chart_pdf(path: Path, kind: str) -> Path:
    """A chart in its frame: tick labels, a data line or bars, data labels, axis labels.

    Set as spreadsheet charts are: ticks 18pt apart, each data label on a tick's line,
    so lines of "tick ... label" line up in columns like a sparse table.
    """
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(72, 790, "The number of children in care rose over the period (Figure 1).")
    c.setStrokeColorRGB(0, 0, 0)
    c.rect(72, 560, 450, 210, stroke=1, fill=0)  # the chart area
    c.setFont("Helvetica", 7)
    base, step = 620, 18
    ticks = ("0", "200", "400", "600", "800", "1,000", "1,200", "1,400", "1,600")
    for i, tick in enumerate(ticks):
        c.drawString(80, base + i * step - 2, tick)
    xs = [150, 240, 330, 420]
    values = [709, 903, 1018, 1630]
    ys = [base + v / 200 * step for v in values]
    rows = [3, 4, 5, 8]  # the tick line each data label sits on
    if kind == "line":
        c.setStrokeColorRGB(0.1, 0.6, 0.8)
        line = c.beginPath()
        line.moveTo(xs[0], ys[0])
        for x, y in zip(xs[1:], ys[1:], strict=True):
            line.lineTo(x, y)
        c.drawPath(line, stroke=1, fill=0)
    else:
        c.setFillColorRGB(0.1, 0.6, 0.8)
        for x, y in zip(xs, ys, strict=True):
            c.rect(x - 12, base, 24, y - base - 8, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
    for x, row, v in zip(xs, rows, values, strict=True):
        c.drawString(x - 8, base + row * step - 2, f"{v}")
    for k, (x, label) in enumerate(
        zip(xs, ("2017-18", "2019-20", "2021-22", "2023-24"), strict=True)
    ):
        c.drawString(x - 15, base - 15, label)
        c.drawString(x - 15, base - 30, f"Phase {k + 6}")
    c.setFont("Helvetica", 10)
    c.drawString(72, 540, "Figure 1: Number of children in care at 31 March")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_chart_labels_are_not_a_table(tmp_path: Path, kind: str) -> None:
    ex = pdf.read(_chart_pdf(tmp_path / "chart.pdf", kind), "d")
    assert ex.tables == ()
    assert "Figure 1" in ex.pages[0].text


def test_only_inked_edges_count_as_rules() -> None:
    from pdfminer.layout import LTRect

    def box(bbox, fill=None, stroke=None):
        return LTRect(
            0.5,
            bbox,
            stroke=stroke is not None,
            fill=fill is not None,
            stroking_color=stroke,
            non_stroking_color=fill,
        )

    white_on_page = box((99, 400, 500, 414), fill=1.0)
    navy = (0.125, 0.153, 0.361)
    cell = box((282, 389, 332, 420), fill=navy)
    padding = box((288, 392, 327, 416), fill=navy)  # inside a box of its own colour
    white_in_cell = box((290, 395, 320, 410), fill=(1.0, 1.0, 1.0))  # white on navy: seen
    outline = box((72, 72, 523, 285), stroke=0)
    white_outline = box((72, 72, 523, 285), stroke=1.0)
    clip = box((0, 0, 595, 842))  # neither stroked nor filled
    cmyk_black = box((72, 300, 523, 301), fill=(0, 0, 0, 1))
    shapes = [white_on_page, cell, padding, white_in_cell, outline, white_outline, clip, cmyk_black]
    assert chars.inked(shapes) == [cell, white_in_cell, outline, cmyk_black]


# ---------------------------------------------------------------- unruled layouts (issue 11)


def test_cells_set_close_in_one_line_are_split_where_the_column_starts(tmp_path: Path) -> None:
    """An agency name running up to the Type column ("... Partnership" a few points
    before "Risk") reads as one segment; the Type column starts there on other lines, so
    the word there starts the next cell and the two columns stay two."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    f = tmp_path / "close.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    agency = "Fellgate Health Partnership"
    type_x = 72 + stringWidth(agency, "Helvetica", 9) + 8  # 8 pt: under a wide gap
    xs = (72, type_x, type_x + 60, type_x + 290)
    c.setFont("Helvetica-Bold", 9)
    for x, h in zip(xs, ("Agency", "Type", "Issue", "Action"), strict=True):
        c.drawString(x, 700, h)
    c.setFont("Helvetica", 9)
    rows = [
        (agency, "Risk", "Gang related youth violence rising", "Map the risk"),
        ("", "Risk", "Housing benefit changes for families", "Monitor moves"),
        ("", "Strength", "Strong links with the housing service", "Keep them"),
        ("", "Strength", "Health visitors in the emergency department", "Report yearly"),
    ]
    for i, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, 680 - 28 * i, text)
    c.drawString(xs[2], 669, "in the borough")  # a wrapped cell: rows sit further apart
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.header_rows == (("Agency", "Type", "Issue", "Action"),)
    rows[0] = (agency, "Risk", "Gang related youth violence rising in the borough", "Map the risk")
    assert t.rows == tuple(rows)


def test_first_cell_wrapping_alone_stays_in_its_row_when_the_run_starts_indented(
    tmp_path: Path,
) -> None:
    """A page's table starting with the rest of a row whose first cell is blank: a later
    first cell wrapping on alone, set tight, is still that cell's next line."""
    f = tmp_path / "wrap.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 220, 370)
    lines = [
        (700, ("", "carried on from before", "and here")),
        (680, ("Gangs", "Panel meets monthly", "Data")),
        (660, ("Neglect at", "Audit of cases", "Training")),
        (650, ("home and at", "", "")),
        (640, ("school", "", "")),
    ]
    c.setFont("Helvetica", 9)
    for y, row in lines:
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, y, text)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.rows[-1] == ("Neglect at home and at school", "Audit of cases", "Training")


def _table_to_page_foot(c: canvas.Canvas, xs: tuple[float, ...], tail: list[tuple[str, ...]]):
    c.setFont("Helvetica-Bold", 9)
    for x, h in zip(xs, ("Risk", "What is being done", "Support needed"), strict=True):
        c.drawString(x, 780, h)
    c.setFont("Helvetica", 9)
    y = 760
    for n in range(30):
        last = n == 29
        row = (
            ("Neglect seen late in", "Graded Care Profile", "Training")
            if last
            else (f"Risk number {n + 1}", f"Response {n + 1}", "Data")
        )
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, y, text)
        y -= 22
    c.drawString(290, 30, "page 1")
    c.showPage()
    c.setFont("Helvetica", 9)
    y = 800
    for row in tail:
        for x, text in zip(xs, row, strict=True):
            if text:
                c.drawString(x, y, text)
        y -= 11
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, y - 30, "Next steps")
    c.setFont("Helvetica", 10)
    for i in range(6):
        c.drawString(72, y - 50 - 13 * i, "The board will review the register again next year.")
    c.showPage()
    c.save()


def test_rest_of_a_row_at_the_top_of_the_next_page_joins_its_table(tmp_path: Path) -> None:
    """Two lines at the top of page 2, under no header, each piece at one of the table's
    column starts: the rest of the last row, too short to be found as a table alone."""
    f = tmp_path / "carried.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 220, 370)
    _table_to_page_foot(c, xs, [("schools and homes", "", "and audit"), ("alike", "", "")])
    ex = pdf.read(f, "d")
    (t,) = ex.tables
    assert (t.page_start, t.page_end) == (1, 2)
    assert t.rows[-1] == (
        "Neglect seen late in schools and homes alike",
        "Graded Care Profile",
        "Training and audit",
    )
    assert "Next steps" in ex.pages[1].text and "alike" not in ex.pages[1].text


def test_prose_at_the_top_of_the_next_page_is_not_carried_into_the_table(tmp_path: Path) -> None:
    f = tmp_path / "prose.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 220, 370)
    prose = "The board asked each agency to report its risks and strengths in this form."
    _table_to_page_foot(c, xs, [(prose, "", ""), ("Each agency did so in time.", "", "")])
    ex = pdf.read(f, "d")
    (t,) = ex.tables
    assert t.page_end == 1
    assert t.rows[-1] == ("Neglect seen late in", "Graded Care Profile", "Training")
    assert prose in ex.pages[1].text


def test_two_column_prose_just_above_a_table_stays_out_of_it(tmp_path: Path) -> None:
    """Two columns of body text set close above a table line up in two segments like a
    row; set in the body size, larger than the cells and not bold, they are not one."""
    f = tmp_path / "prose-above.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    c.setFont("Helvetica", 10)
    left = ["The board met six times", "this year and agreed", "its new priorities."]
    right = ["Partners sent returns", "on time and the group", "read each of them."]
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        c.drawString(72, 700 - 13 * i, a)
        c.drawString(320, 700 - 13 * i, b)
    xs = (72, 220, 370)
    c.setFont("Helvetica-Bold", 8.5)
    for x, h in zip(xs, ("Risk", "What is being done", "Support needed"), strict=True):
        c.drawString(x, 652, h)
    c.setFont("Helvetica", 8.5)
    rows = [
        ("Gangs", "Panel meets monthly", "Data"),
        ("Neglect", "Audit of cases", "Training"),
        ("Missing children", "Return interviews", "Police reports"),
    ]
    for i, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, 636 - 16 * i, text)
    c.showPage()
    c.save()
    tables_found = pdf.read(f, "d").tables
    t = next(t for t in tables_found if t.rows and t.rows[-1][0] == "Missing children")
    assert t.header_rows == (("Risk", "What is being done", "Support needed"),)
    assert t.rows == tuple(rows)


def test_orphan_header_in_the_lower_half_takes_the_next_page_rows(tmp_path: Path) -> None:
    """A first row too tall for the space left moves to the next page, leaving its header
    alone below the text: at the end of the page, though not near its foot."""
    f = tmp_path / "orphan-high.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 182, 292, 402)
    _prose(c, 780, 25)
    c.setFont("Helvetica-Bold", 8)
    for x, h in zip(xs, ("Strengths", "Evidence", "Promote how?", "Actions"), strict=True):
        c.drawString(x, 380, h)
    c.showPage()
    c.setFont("Helvetica", 8)
    for k, row in enumerate(
        [
            ["MAPPA referrals", "Minutes", "A link", "Report"],
            ["Training", "Records", "Share", "Audit"],
            ["Supervision", "Audit", "Promote", "Review"],
        ]
    ):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, 780 - 20 * k, text)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.header_rows == (("Strengths", "Evidence", "Promote how?", "Actions"),)
    assert (t.page_start, t.page_end, len(t.rows)) == (1, 2, 3)


def test_carried_lines_set_tight_are_one_row_as_on_the_page_before(tmp_path: Path) -> None:
    """The rest of a cut row: lines set as tight as the wrapped lines of the page before,
    though each starts with a capital, are one row (rows there sat further apart)."""
    f = tmp_path / "carried-tight.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 220, 370)
    c.setFont("Helvetica-Bold", 9)
    for x, h in zip(xs, ("Risk", "What is being done", "Support needed"), strict=True):
        c.drawString(x, 780, h)
    c.setFont("Helvetica", 9)
    y = 760
    for n in range(24):  # rows of two lines, 11 pt apart; rows 30 pt apart
        for x, text in zip(
            xs, (f"Risk number {n + 1} seen", f"Response {n + 1}", "Data"), strict=True
        ):
            c.drawString(x, y, text)
        c.drawString(xs[0], y - 11, "in schools")
        y -= 30
    c.showPage()
    c.setFont("Helvetica", 9)  # a whole row, its first cell wrapped over three lines
    for k, (first, last) in enumerate(
        [
            ("Strong officer links", "Training"),
            ("Children's Services and", "Audit"),
            ("Housing Services", ""),
        ]
    ):
        c.drawString(xs[0], 800 - 11 * k, first)
        c.drawString(xs[2], 800 - 11 * k, last)
    c.drawString(xs[1], 800, "Partnership")
    c.setFont("Helvetica", 10)
    for i in range(6):
        c.drawString(72, 740 - 13 * i, "The board will review the register again next year.")
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.rows[-2:] == (
        ("Risk number 24 seen in schools", "Response 24", "Data"),
        (
            "Strong officer links Children's Services and Housing Services",
            "Partnership",
            "Training Audit",
        ),
    )


def test_repeated_header_with_a_wrapped_line_then_short_rows_at_a_page_top(
    tmp_path: Path,
) -> None:
    """Page 2 repeats the header (its last cell wrapping onto a second bold line), then two
    rows too short to be found as a table alone: they carry on the table of page 1."""
    f = tmp_path / "repeat-short.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 220, 370)

    def header(y: float) -> None:
        c.setFont("Helvetica-Bold", 9)
        for x, h in zip(xs, ("Risk", "What is being done", "Support needed from"), strict=True):
            c.drawString(x, y, h)
        c.drawString(xs[2], y - 11, "the Board")
        c.setFont("Helvetica", 9)

    header(780)
    for n in range(30):
        for x, text in zip(xs, (f"Risk number {n + 1}", f"Response {n + 1}", "Data"), strict=True):
            c.drawString(x, 750 - 22 * n, text)
    c.showPage()
    header(800)
    c.drawString(xs[0], 770, "Willingness to engage")
    c.drawString(xs[0], 750, "Transparent monitoring")
    c.drawString(xs[1], 750, "Performance data")
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, 700, "Next steps")
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.rows[-2:] == (
        ("Willingness to engage", "", ""),
        ("Transparent monitoring", "Performance data", ""),
    )


def test_carried_rows_over_two_found_runs_make_one_fragment() -> None:
    """The carried lines at a page top may cover two runs found on the page (a run of
    rows whose first cells are blank, then the rest): both are the carried table and
    are taken once, so no row comes back twice."""
    from ingest.pdf.page import PageData, Segment, TextLine, Word
    from ingest.pdf.unruled import Carry, _carried_run

    def line(top: float, *cells: tuple[float, str]) -> TextLine:
        words = [Word(t, x, x + 5 * len(t), top, top + 9, 9, False) for x, t in cells]
        return TextLine([Segment([w]) for w in words])

    lines = [line(70 + 11 * k, (220, "rest"), (370, "more")) for k in range(3)]
    lines += [line(103, (220, "ending"))]
    lines += [line(120 + 11 * k, (72, f"Row{k}"), (220, "Resp"), (370, "Sup")) for k in range(3)]
    runs = [lines[:3], lines[4:]]
    data = PageData(2, 595, 842, 0, lines)
    carry = Carry((72.0, 220.0, 370.0), 72.0, 500.0, 9.0, 70.0, 8.0)
    got = _carried_run(lines, data, carry, [], runs)
    assert got == lines and runs == []


@pytest.mark.parametrize("bold_title", [True, False])
def test_title_row_under_an_orphan_header_is_a_row_not_part_of_a_header_cell(
    tmp_path: Path, bold_title: bool
) -> None:
    """An agency's table starting at a page foot: its header, then a row spanning the
    table naming the agency ("Kestwick Family Housing Services" alone at the left edge, a row's height
    below), its rows on the next page under the repeated header. The name is the
    table's first row (it says whose the rows are), not the rest of the header cell
    above it ("Issue Kestwick Family ..."), which left the next page's rows with the
    agency before."""
    f = tmp_path / "orphan-title.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 130, 260, 390)
    head = (("Type", "Issue", "What is being done / how is", "What support can the"),)
    head += (("", "", "this evidenced?", "LSCB provide?"),)
    _prose(c, 780, 45)
    c.setFont("Helvetica-Bold", 8.5)
    for k, line in enumerate(head):
        for x, h in zip(xs, line, strict=True):
            c.drawString(x, 170 - 10.5 * k, h)
    c.setFont("Helvetica-Bold" if bold_title else "Helvetica", 8.5)
    c.drawString(72, 143, "Kestwick Family Housing Services")  # 8 pt under the header's 2nd line
    c.showPage()
    for k, line in enumerate(head):
        c.setFont("Helvetica-Bold", 8.5)
        for x, h in zip(xs, line, strict=True):
            c.drawString(x, 780 - 10.5 * k, h)
    c.setFont("Helvetica", 8.5)
    rows = [
        ("Key risk", "Funding cut", "Reviewing estates", "Discuss at board"),
        ("Key risk", "Posts reduced", "Think Family", "A feedback loop"),
        ("Key strength", "Helpline", "Annual report", "Promote it"),
    ]
    for k, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, 745 - 20 * k, text)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    evidenced, provide = (
        "What is being done / how is this evidenced?",
        "What support can the LSCB provide?",
    )
    assert t.header_rows == (("Type", "Issue", evidenced, provide),)
    assert t.rows == (("Kestwick Family Housing Services", "", "", ""), *rows)
    assert (t.page_start, t.page_end, t.row_pages) == (1, 2, (1, 2, 2, 2))


def test_orphan_header_keeps_a_column_only_its_first_line_starts(tmp_path: Path) -> None:
    """A header alone at a page foot, two of its cells set a space apart ("Action taken
    or evidence" then "Support from the") so they read as one piece of line; the second
    line's "LSCB" shows where the second cell's column starts, and nothing below shows
    the first's. Both are columns: read as one, the header had a column fewer than its
    rows on the next page and the two did not join (the rows lost their agency)."""
    f = tmp_path / "orphan-close.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    _prose(c, 780, 45)
    c.setFont("Helvetica-Bold", 8.5)
    first = [(72, "Risk /"), (125, "Risk or strength"), (245, "Action taken or evidence")]
    first += [(358, "Support from the"), (455, "Recommended")]
    second = [(72, "Strength"), (358, "LSCB"), (455, "actions")]
    for k, line in enumerate((first, second)):
        for x, h in line:
            c.drawString(x, 170 - 10.5 * k, h)
    gap = 358 - 245 - c.stringWidth("Action taken or evidence", "Helvetica-Bold", 8.5)
    assert gap < 1.6 * 8.5  # narrower than a gap between cells is ever taken to be
    c.showPage()
    c.setFont("Helvetica", 8.5)
    xs = (72, 125, 245, 358, 455)
    rows = [
        ("Key risk", "Funding cut", "Reviewing estates", "Discuss at board", "Link up"),
        ("Key risk", "Posts reduced", "Think Family", "A feedback loop", "Extend lists"),
        ("Key strength", "Helpline", "Annual report", "Promote it", "Audit"),
    ]
    for k, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, 780 - 20 * k, text)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.header_rows == (
        (
            "Risk / Strength",
            "Risk or strength",
            "Action taken or evidence",
            "Support from the LSCB",
            "Recommended actions",
        ),
    )
    assert t.rows == tuple(rows)


@pytest.mark.parametrize(
    ("rest", "joined"),
    [
        (
            "nurses allowing for cover",
            "Links between Children's Services and nurses allowing for cover",
        ),
        ("Housing Services", "Links between Children's Services and Housing Services"),
    ],
)
def test_cut_cell_alone_in_a_ruled_row_at_the_next_page_top_joins_its_row(
    tmp_path: Path, rest: str, joined: str
) -> None:
    """A ruled table's last row cut by the page break, its other cells done on the page
    before: at the top of the next page a ruled row holds only the first cell's last
    words, prose below it. The row is the table's (not a chart's frame dropped for having
    one column of text), and its words finish the row above, even starting with a
    capital, since the cell above stops mid-phrase."""
    f = _ruled_table_cut_at_page_break(
        tmp_path / "lone-rest.pdf",
        ["Links between Children's Services and", "Annual report", "Include in report", "Audit"],
        [rest, "", "", ""],
    )
    (t,) = pdf.read(f, "d").tables
    assert (t.page_start, t.page_end) == (1, 2)
    assert t.rows[-1] == (joined, "Annual report", "Include in report", "Audit")
    assert len(t.rows) == 2


def test_title_row_left_at_a_page_foot_stays_in_its_table(tmp_path: Path) -> None:
    """A table without rules running over a page break: the next agency's title row
    ("Sallowby Housing Options", alone at the left edge, a row's height under the last
    row) is the page's last line of text, its rows on the next page under the repeated
    header. It is the table's row (it says whose the next rows are), not a line outside
    the table (whose name no row took, so they kept the agency before)."""
    f = tmp_path / "foot-title.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 210, 330, 450)
    header = ("Strengths", "How is this evidenced", "Can we promote this", "Recommended actions")

    def page(top: float, rows: list[tuple[str, ...]]) -> float:
        c.setFont("Helvetica-Bold", 8.5)
        for x, h in zip(xs, header, strict=True):
            c.drawString(x, top, h)
        c.setFont("Helvetica", 8.5)
        y = top
        for row in rows:
            y -= 17
            for x, text in zip(xs, row, strict=True):
                c.drawString(x, y, text)
        return y

    rows1 = [(f"Strength {n}", "Audit report", "Annual report", "Monitor") for n in range(1, 36)]
    y = page(780, rows1)
    c.setFont("Helvetica-Bold", 8.5)
    c.drawString(72, y - 17, "Sallowby Housing Options")
    c.setFont("Helvetica", 7.5)
    c.drawString(290, 30, "page 1")
    c.showPage()
    rows2 = [("Line management", "Oversight", "Share it", "Review"), ("MAPPA", "Minutes", "", "")]
    page(780, rows2)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.header_rows == (header,)
    assert t.rows[-3:] == (("Sallowby Housing Options", "", "", ""), *rows2)
    assert len(t.rows) == len(rows1) + 3


def test_table_under_carried_lines_in_another_size_is_not_joined_to_them() -> None:
    """Lines at a page top fitting the columns of the table that ended the page before
    (two-column prose read as a table, say) are its rest; a table right under them set
    in another size is a table of its own, not more of the same rows."""
    from ingest.pdf.page import PageData, Segment, TextLine, Word
    from ingest.pdf.unruled import Carry, _carried_run

    def line(top: float, size: float, *cells: tuple[float, str]) -> TextLine:
        words = [Word(t, x, x + 5 * len(t), top, top + size, size, False) for x, t in cells]
        return TextLine([Segment([w]) for w in words])

    prose = [line(70 + 13 * k, 10, (72, "words"), (300, "more")) for k in range(2)]
    table = [line(105 + 11 * k, 8.5, (72, "Risk"), (200, "Resp"), (330, "Sup")) for k in range(3)]
    runs = [table]
    data = PageData(2, 595, 842, 0, [*prose, *table])
    carry = Carry((72.0, 300.0), 72.0, 520.0, 10.0, 70.0, None)
    assert _carried_run([*prose, *table], data, carry, [], runs) == prose
    assert runs == [table]
    same = [line(105 + 13 * k, 10, (72, "Row"), (300, "cell")) for k in range(3)]
    runs = [same]
    assert _carried_run([*prose, *same], data, carry, [], runs) == [*prose, *same]


def test_header_alone_on_its_page_takes_the_next_page_rows(tmp_path: Path) -> None:
    """A header set alone at the top of an otherwise empty page (the page before ran
    out after the caption, the rows start the page after): a header, though high on
    its page, whose rows follow on the next page."""
    f = tmp_path / "header-alone.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 182, 292, 402)
    _prose(c, 780, 30)
    c.showPage()
    c.setFont("Helvetica-Bold", 8)
    for x, h in zip(xs, ("Strengths", "Evidence", "Promote how?", "Actions"), strict=True):
        c.drawString(x, 780, h)
    c.showPage()
    c.setFont("Helvetica", 8)
    rows = [
        ["MAPPA referrals", "Minutes", "A link", "Report"],
        ["Training", "Records", "Share", "Audit"],
    ]
    rows.append(["Supervision", "Audit", "Promote", "Review"])
    for k, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, 780 - 20 * k, text)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.header_rows == (("Strengths", "Evidence", "Promote how?", "Actions"),)
    assert (t.page_start, t.page_end, t.rows) == (2, 3, tuple(tuple(r) for r in rows))


def test_title_row_over_a_narrow_first_column_stays_in_the_first_column(
    tmp_path: Path,
) -> None:
    """A bold title row naming the next agency, at the table's left edge, runs on past
    a narrow first column (a Type column of "Risk" and "Strength"). It starts in the first
    column and is kept there: put by its middle into the second, it had a blank first
    cell, as the rest of a row cut by a page break has, and was joined to the row above."""
    f = tmp_path / "narrow-title.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 125, 245, 357, 455)
    c.setFont("Helvetica-Bold", 8.5)
    for x, h in zip(xs, ("Type", "Issue", "Evidence", "Support", "Actions"), strict=True):
        c.drawString(x, 780, h)
    y = 780
    body = [("Risk", "Funding cut", "Estates review", "Discuss", "Link up")] * 3
    for n, row in enumerate(body * 2):
        y -= 17
        if n == 3:
            c.setFont("Helvetica-Bold", 8.5)
            c.drawString(72, y, "Clinical Commissioning Group")
            y -= 17
        c.setFont("Helvetica", 8.5)
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, y, text)
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert t.rows[3] == ("Clinical Commissioning Group", "", "", "", "")
    assert len(t.rows) == 7


def test_title_row_at_the_next_page_top_carries_the_table_on(tmp_path: Path) -> None:
    """A table without rules broken at a page end; the next page starts with the next
    agency's bold title row at the table's left edge, then a few short rows (too few to
    be found as a table alone). The title and rows carry the table on; a bold line
    followed by a header of its own would be a heading over a new table."""
    f = tmp_path / "top-title.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 210, 330, 450)
    c.setFont("Helvetica-Bold", 8.5)
    for x, h in zip(xs, ("Strengths", "Evidence", "Promote", "Actions"), strict=True):
        c.drawString(x, 780, h)
    c.setFont("Helvetica", 8.5)
    for n in range(40):
        for x, text in zip(xs, (f"Strength {n + 1}", "Audit", "Report", "Monitor"), strict=True):
            c.drawString(x, 763 - 17 * n, text)
    c.showPage()
    c.setFont("Helvetica-Bold", 8.5)
    c.drawString(72, 780, "Clinical Commissioning Group")
    c.setFont("Helvetica", 8.5)
    rows = [("Effective communication", "Ofsted", "", ""), ("Willingness to engage", "", "", "")]
    for k, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, 763 - 17 * k, text)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 650, "Appendix 2 Next steps")
    c.showPage()
    c.save()
    (t,) = pdf.read(f, "d").tables
    assert (t.page_start, t.page_end) == (1, 2)
    assert t.rows[-3:] == (("Clinical Commissioning Group", "", "", ""), *rows)


def test_cut_row_rest_of_short_cells_in_a_ruled_row_at_the_next_page_top(tmp_path: Path) -> None:
    """The rest of a cut ruled row at the next page's top, two words in each of two cells
    ("Health agencies" under "One of", "Ofsted reviews"): a table's piece, though no
    cell holds three words; a chart's title cut by gridlines leaves one word a cell."""
    f = _ruled_table_cut_at_page_break(
        tmp_path / "lone-short.pdf",
        ["One of", "", "", ""],
        ["Health agencies", "Ofsted reviews", "", ""],
    )
    (t,) = pdf.read(f, "d").tables
    assert (t.page_start, t.page_end) == (1, 2)
    assert t.rows[-1] == ("One of Health agencies", "Ofsted reviews", "", "")


def _ruled_table_cut_at_page_break(f: Path, cut: list[str], rest: list[str]) -> Path:
    """A ruled four-column table at a page foot, under prose, whose last row `cut` ends
    the page; the next page's top is one ruled row `rest`, then prose."""
    c = canvas.Canvas(str(f), pagesize=A4)
    xs = (72, 250, 350, 450, 540)

    def rows(top: float, texts: list[list[str]], height: float = 20) -> None:
        ys = [top - height * i for i in range(len(texts) + 1)]
        for y in ys:
            c.line(xs[0], y, xs[-1], y)
        for x in xs:
            c.line(x, ys[0], x, ys[-1])
        for i, row in enumerate(texts):
            for x, text in zip(xs, row, strict=False):
                c.drawString(x + 4, ys[i] - 14, text)

    _prose(c, 780, 40)
    c.setFont("Helvetica-Bold", 8)
    rows(240, [["Key strengths", "Evidence", "Promote how?", "Actions"]])
    c.setFont("Helvetica", 8)
    rows(220, [["Partnership working", "Minutes", "Report it", "Monitor"], cut])
    c.showPage()
    c.setFont("Helvetica", 8)
    rows(800, [rest])
    _prose(c, 740, 10)
    c.showPage()
    c.save()
    return f


def _prose(c: canvas.Canvas, top: float, lines: int) -> None:
    """`lines` lines of a board's prose in 10 pt Helvetica, the first at `top`."""
    c.setFont("Helvetica", 10)
    for i in range(lines):
        c.drawString(72, top - 13 * i, "The board reviewed the returns of every agency this year.")


def test_header_line_under_two_cells_set_a_space_apart_stays_in_its_table(
    tmp_path: Path,
) -> None:
    """A header whose last two cells are set a space apart on its first line ("What can
    the LSCB do to help? Recommendations for the") reads as one segment there; its wrapped
    rest ("business plan") starts where "Recommendations" starts, and no row fills the
    last column to make a column stop there. It is the header's line, not the end of a
    run: cut off there, the header was lost, and the rows under it took the kind of the
    table before (layout 9084: Mental Health Trust risks read as strengths)."""
    from reportlab.lib.pagesizes import landscape

    f = tmp_path / "space-apart.pdf"
    c = canvas.Canvas(str(f), pagesize=landscape(A4))
    xs = (68, 192, 361, 518, 658)  # the 4th header cell ends 13 pt before the 5th
    help_cell = "What can the LSCB do to help?"
    top = 595 - 180
    c.setFont("Helvetica-Bold", 8.5)
    head = ("Organisation", "Risks identified", "Mitigating actions", help_cell)
    for x, h in zip(xs, head, strict=False):
        c.drawString(x, top, h)
    c.drawString(xs[4], top, "Recommendations for the")
    c.drawString(xs[4], top - 10, "business plan")
    c.setFont("Helvetica", 8.5)
    rows = [
        ("Mental Health Trust", "Children on plans for 18 months", "Project review", "Terms set"),
        ("", "Children back on plans within a year", "As above", "As above"),
        ("", "Children on plans becoming victims", "Plans not effective", "As above"),
    ]
    for i, row in enumerate(rows):
        for x, text in zip(xs, row, strict=False):
            c.drawString(x, top - 27 - 36 * i, text)
        c.drawString(xs[1], top - 37 - 36 * i, "in the borough")  # each statement wraps
    c.showPage()
    c.save()
    rows = [(a, f"{b} in the borough", c_, d) for a, b, c_, d in rows]
    (t,) = pdf.read(f, "d").tables
    assert t.header_rows == (
        (
            "Organisation",
            "Risks identified",
            "Mitigating actions",
            "What can the LSCB do to help?",
            "Recommendations for the business plan",
        ),
    )
    assert [r[:4] for r in t.rows] == rows
