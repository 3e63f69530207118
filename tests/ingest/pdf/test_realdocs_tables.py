"""Tables in real table-heavy council papers, checked against what the page shows.

Each table here was verified by eye against the page text (``Page.raw_text``,
which lays out the words in reading order): the row and column counts and the
cells asserted are what a reader of the page sees. Where the reader is known to
get the shape wrong the test says so with a strict xfail rather than a looser check.
"""

from __future__ import annotations

from functools import cache

import pytest

from ingest.extract import figures
from ingest.model import ParsedDocument, Table

from ...helpers import REALDOCS, need

TABLES = REALDOCS / "tables"
HACKNEY = "../lscb-reviews/ofsted-hackney-2016-09.pdf"
SLOUGH = "../lscb-reviews/ofsted-slough-2016-02.pdf"
KENT_QPR = "kent-cc-quarterly-performance-report-q3-2024-25.pdf"
ADCS = "adcs-safeguarding-pressures-phase9.pdf"
KENT_CPP = "kent-cc-corporate-parenting-panel-minutes-2024-10-29.pdf"

pytestmark = pytest.mark.real


@cache
def _parse(name: str) -> ParsedDocument:
    from ingest.pipeline import parse_file

    return parse_file(TABLES / name, enrich=False)


def parsed(name: str) -> ParsedDocument:
    need(TABLES / name)
    return _parse(name)


def table_on(doc: ParsedDocument, page: int, first_cell: str) -> Table:
    """The table on ``page`` whose first row (header or body) starts with ``first_cell``."""
    for t in doc.tables:
        first = (*t.header_rows, *t.rows)[:1]
        if t.page_start == page and first and first[0][0].startswith(first_cell):
            return t
    raise AssertionError(f"no table on page {page} starting with {first_cell!r}")


def filled(row: tuple[str, ...]) -> list[str]:
    return [c for c in row if c]


# ---------------------------------------------------------------- Kent quarterly report


def test_kent_children_in_care_table_page_45() -> None:
    t = table_on(parsed(KENT_QPR), 45, "Status")
    assert t.header_rows == (("Status", "Dec-23", "Mar-24", "Jun-24", "Sep-24", "Dec-24"),)
    assert t.n_cols == 6 and len(t.rows) == 18
    assert t.rows[0] == ("Non-UASC", "1,466", "1,460", "1,444", "1,434", "1,409")
    assert t.rows[2] == ("Total", "1,997", "1,940", "1,920", "1,989", "1,884")
    assert t.rows[3] == ("Gender", "", "", "", "", "")  # a group label row, cells empty
    assert t.rows[13] == ("White", "1,344", "1,330", "1,318", "1308", "1,262")
    assert [r[0] for r in t.rows[-5:]] == ["White", "Mixed", "Asian", "Black", "Other"]


def test_kent_children_in_care_total_is_checked() -> None:
    doc = parsed(KENT_QPR)
    t = table_on(doc, 45, "Status")
    lines = figures.table_lines(t)
    checks = figures.check_totals(lines)
    total_row = 2
    assert checks[total_row].ok and checks[total_row].expected == 1997  # 1,466 + 531


def test_kent_integrated_childrens_services_rag_table_page_6() -> None:
    t = table_on(parsed(KENT_QPR), 6, "Integrated Children")
    assert t.n_cols == 4
    indicators = [r for r in t.rows if r[0]]
    assert len(indicators) == 8  # "Two of the eight indicators met target"
    assert indicators[0][:3] == (
        "% of Early Help cases closed with outcomes achieved that come back to social care "
        "teams within 3 months",
        "GREEN",
        "AMBER",
    )
    assert indicators[4][:3] == ("Number of foster households", "RED", "RED")
    assert [r[1] for r in indicators].count("GREEN") == 3


def test_kent_rag_table_has_two_header_rows() -> None:
    t = table_on(parsed(KENT_QPR), 6, "Integrated Children")
    assert len(t.header_rows) == 2 and t.header_rows[1][1:3] == ("Latest", "Previous")


# ---------------------------------------------------------------- ADCS safeguarding pressures


def test_adcs_table_13_regional_breakdown_page_81() -> None:
    t = next(t for t in parsed(ADCS).tables if t.caption.startswith("Table 13:"))
    assert t.page_start == 81
    body = [filled(r) for r in t.rows if r[0]]
    assert len(body) == 9  # nine English regions
    assert body[0] == ["North East (12)", "7", "10", "5"]
    assert body[6] == ["London (33)", "17", "25", "5"]
    assert body[-1] == ["South West (15)", "10", "11", "3"]


def test_adcs_table_14_ofsted_judgements_page_81() -> None:
    t = next(t for t in parsed(ADCS).tables if t.caption.startswith("Table 14:"))
    body = [filled(r) for r in t.rows if r[0]]
    assert body == [
        ["Outstanding", "9"],
        ["Good", "11"],
        ["Requires improvement", "9"],
        ["Inadequate", "5"],
    ]


def test_adcs_table_13_has_four_columns_and_a_header() -> None:
    # each cell is painted as a box with a second box of its own colour inside (its
    # padding); those inner edges are invisible and must not split the columns
    t = next(t for t in parsed(ADCS).tables if t.caption.startswith("Table 13:"))
    assert t.n_cols == 4
    assert t.header_rows and t.header_rows[0][0].startswith("Region")
    assert t.rows[0] == ("North East (12)", "7", "10", "5")


def test_adcs_table_14_has_two_columns_and_a_header() -> None:
    t = next(t for t in parsed(ADCS).tables if t.caption.startswith("Table 14:"))
    assert t.n_cols == 2
    assert t.header_rows == (("Ofsted judgement", "No. of authorities"),)
    assert t.rows[0] == ("Outstanding", "9")


def test_adcs_table_2_phases_are_five_columns_page_37() -> None:
    t = next(t for t in parsed(ADCS).tables if t.page_start == 37)
    assert t.n_cols == 6
    assert t.rows[-1] == (
        "NFA – end of support intervention provided",
        "42%",
        "48%",
        "16%",
        "13%",
        "13%",
    )


# ---------------------------------------------------------------- Kent corporate parenting minutes


def test_kent_minutes_have_no_tables_but_figures_in_text() -> None:
    doc = parsed(KENT_CPP)
    assert doc.tables == ()  # prose minutes with numbered items: no table invented
    found = {(r.fields.value, r.fields.unit) for r in figures.extract(doc)}
    assert (21, "days") in found  # "There were 21 activity days run throughout the summer"
    assert (408, "places") in found  # "with 408 places booked"


# ---------------------------------------------------------------- not tables (precision)


def _pages_with_tables(doc: ParsedDocument) -> list[int]:
    return sorted({t.page_start for t in doc.tables})


def test_hackney_numbered_paragraphs_are_not_tables() -> None:
    """Hackney sets every paragraph with a hanging number ("14." then the text): before
    the fix 17 of its 18 tables were numbered paragraphs, including the recommendations."""
    doc = parsed(HACKNEY)
    assert _pages_with_tables(doc) == [1]  # the judgements table on the cover
    page8 = next(p for p in doc.pages if p.number == 8)
    assert "Revise the local authority" in page8.text  # the recommendations stay prose
    assert not any(p.kind == "table_row" and p.page == 11 for p in doc.passages)


def test_hackney_numbered_recommendations_are_found() -> None:
    """The nine recommendations on page 8, once lost as rows of a two-column "table"."""
    from ingest.extract import recommendations

    on_8 = [r for r in recommendations.extract(parsed(HACKNEY)) if r.page == 8]
    assert len(on_8) == 9
    assert on_8[0].fields.text.startswith("Revise the local authority protocol")


def test_slough_white_boxes_behind_text_are_not_tables() -> None:
    """Pages 23 and 30 paint a white box behind each line of some sentences."""
    doc = parsed(SLOUGH)
    assert _pages_with_tables(doc) == [1]
    assert "While the vast majority of children looked after" in doc.pages[22].text


def test_adcs_charts_are_not_tables() -> None:
    doc = parsed(ADCS)
    chart_pages = {16, 21, 38, 43, 51, 53, 65}  # line and bar charts, nothing else
    assert not chart_pages & set(_pages_with_tables(doc))
    on_34 = [t for t in doc.tables if t.page_start == 34]  # Table 1, then Figure 7
    assert len(on_34) == 1
    assert [r[0] for r in on_34[0].rows][-2:] == [
        "Authorities with family hub funding",
        "Authorities without family hub funding",
    ]
    on_50 = [t for t in doc.tables if t.page_start == 50]  # Figure 18, then Table 9
    assert len(on_50) == 1 and on_50[0].caption.startswith("Source: SP9")


def test_kent_framed_prose_is_not_a_table() -> None:
    doc = parsed(KENT_QPR)
    late = [t for t in doc.tables if t.page_start >= 67]
    assert len(late) == 1 and late[0].header_rows[0][0] == "Due Date for Review or Completion"


@pytest.mark.parametrize("name", [ADCS, KENT_QPR, KENT_CPP, HACKNEY, SLOUGH])
def test_found_tables_are_labelled_tables(name: str) -> None:
    """Every table found is one the hand count (tests/eval/table_precision.json) calls a table."""
    from tests.eval.run_table_precision import first_row, load_labels

    labels = load_labels()
    rel = str((TABLES / name).resolve().relative_to(REALDOCS.resolve()))
    for t in parsed(name).tables:
        label = labels.get((rel, t.page_start, first_row((*t.header_rows, *t.rows)[0])))
        assert label is not None, f"page {t.page_start}: a table the hand count has not seen"
        assert label["is_table"], f"page {t.page_start}: {label['note']}"
