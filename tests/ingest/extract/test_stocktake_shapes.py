"""The register reads the other shapes councils give a stock-take (issue 23).

One test per rule, on small tables and pages built here: column roles from contents,
data columns kept (RAG, owner, due, evidence, reference), one kind per column group,
leading label columns, totals and count lines, rows shared by agencies, stock-takes
written as lists, panes of a wide register, captions below tables, numbered sections
and a kind per sheet; then one generated layout per family of corpus/layouts_more.py
read end to end (slow tier).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ingest.extract import stocktake
from ingest.extract.stocktake_fields import (
    due_iso,
    is_summary_row,
    kind_word,
    rag_value,
    shared_agencies,
)
from ingest.extract.stocktake_lists import details, label_kind
from ingest.model import BBox, Document, Line, Page, ParsedDocument, Table

from ...helpers import ROOT


def _parsed(tables: tuple[Table, ...] = (), pages: tuple[Page, ...] = ()) -> ParsedDocument:
    doc = Document(id="d", path="d.pdf", title="t", boroughs=("Westminster",), period="2012/13")
    return ParsedDocument(document=doc, pages=pages, tables=tables)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], index: int = 0, **kw) -> Table:
    return Table("d", index, 1, 1, (header,), tuple(rows), (1,) * len(rows), **kw)


def _rows(records) -> list[tuple[str, str, str]]:
    return [(r.fields.agency, r.fields.kind, r.fields.statement) for r in records]


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("cell", "rag"),
    [("R", "red"), ("Amber", "amber"), ("GREEN", "green"), ("RAG: Amber", "amber"), ("Rd", "")],
)
def test_rag_is_normalised_however_written(cell: str, rag: str) -> None:
    assert rag_value(cell) == rag


@pytest.mark.parametrize(
    ("due", "iso"),
    [
        ("31/03/2013", "2013-03-31"),
        ("5 April 2013", "2013-04-05"),
        ("March 2013", "2013-03"),
        ("Mar-13", "2013-03"),
        ("Q4 2012/13", "2013-01/2013-03"),
        ("Q1 2013/14", "2013-04/2013-06"),
        ("2013/14", "2013-04/2014-03"),
        ("Ongoing", ""),
        ("TBC", ""),
    ],
)
def test_due_dates_are_normalised_the_uk_way(due: str, iso: str) -> None:
    assert due_iso(due) == iso


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("Key risk", "risk"),
        ("Area of concern", "risk"),
        ("Area for development", "risk"),
        ("Challenge", "risk"),
        ("What is working well", "strength"),
        ("Good practice", "strength"),
        ("S", "strength"),
        ("Partnership working", None),
    ],
)
def test_kind_words(cell: str, kind: str | None) -> None:
    assert kind_word(cell) == kind


@pytest.mark.parametrize(
    ("row", "summary"),
    [
        (("Housing total", "", "9 risks, 4 strengths", ""), True),
        (("Grand total", "", "26 risks, 25 strengths"), True),
        (("", "", "3 risks", ""), True),
        (("Police", "Risk", "Total number of in-borough TA has fallen", "d"), False),
        (("Police", "Risk", "Gang related youth violence", "d"), False),
    ],
)
def test_totals_and_count_lines_are_not_rows(row: tuple[str, ...], summary: bool) -> None:
    assert is_summary_row(row) is summary


def test_a_shared_agency_cell_splits_only_into_agencies_the_register_has() -> None:
    known = {"Kestwick Police", "Fellgate Probation", "Health"}
    assert shared_agencies("Kestwick Police / Fellgate Probation", known) == [
        "Kestwick Police",
        "Fellgate Probation",
    ]
    assert shared_agencies("Kestwick Police and Fellgate Probation", known) == [
        "Kestwick Police",
        "Fellgate Probation",
    ]
    assert shared_agencies("Health and Social Care", known) == []


# ---------------------------------------------------------------- headers


def test_action_log_header_with_unknown_words_and_data_columns() -> None:
    header = ("Agency", "Area", "Issue", "RAG", "Action", "Owner", "Due")
    rows = [
        (
            "Kestwick Police",
            "Key risk",
            "Gangs in the borough",
            "R",
            "Strategy",
            "DI",
            "Q4 2012/13",
        ),
        ("", "", "Housing benefit changes", "A", "Advocacy", "Police", "31/03/2013"),
        ("", "Key strength", "Partnership working", "G", "LSCB groups", "DI", "March 2013"),
        ("Fellgate Probation", "Key risk", "Caseloads of 50+", "Amber", "Audit", "ACO", "Ongoing"),
    ]
    recs = stocktake.extract(_parsed((_table(header, rows),)))
    assert _rows(recs) == [
        ("Kestwick Police", "risk", "Gangs in the borough"),
        ("Kestwick Police", "risk", "Housing benefit changes"),
        ("Kestwick Police", "strength", "Partnership working"),
        ("Fellgate Probation", "risk", "Caseloads of 50+"),
    ]
    first = recs[0].fields
    assert (first.rag, first.owner, first.due, first.due_iso) == (
        "red",
        "DI",
        "Q4 2012/13",
        "2013-01/2013-03",
    )
    assert first.response == "Strategy"
    assert [r.fields.rag for r in recs] == ["red", "amber", "green", "amber"]
    assert recs[3].fields.due_iso == ""


def test_an_agency_name_centred_in_its_merged_cell_names_its_whole_block() -> None:
    """A merged Agency cell centred vertically prints its name in a middle row: the
    rows above it, back to where the kinds start again with a risk, are its rows too."""
    header = ("Agency", "Area", "Issue", "RAG", "Action")
    rows = [
        ("", "Risk", "Gangs", "R", "x"),
        ("Kestwick Police", "Risk", "Housing", "A", "x"),
        ("", "Strength", "Partnership", "G", "x"),
        ("", "Strength", "Training", "G", "x"),
        ("", "Risk", "Caseloads", "A", "x"),
        ("", "Risk", "Staffing", "R", "x"),
        ("Fellgate Probation", "", "Estates", "R", "x"),
        ("", "Strength", "MAPPA", "G", "x"),
    ]
    recs = stocktake.extract(_parsed((_table(header, rows),)))
    police, probation = "Kestwick Police", "Fellgate Probation"
    assert [(r.fields.agency, r.fields.statement) for r in recs] == [
        (police, "Gangs"),
        (police, "Housing"),
        (police, "Partnership"),
        (police, "Training"),
        (probation, "Caseloads"),
        (probation, "Staffing"),
        (probation, "Estates"),
        (probation, "MAPPA"),
    ]


def test_a_header_repeated_inside_a_stitched_table_names_no_block() -> None:
    """A header repeated after a page break stays in the stitched table as a row: its
    "Organisation" cell is the column's heading, never the agency of the rows above."""
    header = ("Organisation", "Category", "Concern", "RAG", "Action")
    rows = [
        ("", "Key risk", "Gangs", "R", "x"),
        ("Kestwick Police", "", "Housing", "A", "x"),
        ("", "Key strength", "Training", "G", "x"),
        header,
        ("", "Key risk", "Caseloads", "A", "x"),
        ("Fellgate Probation", "", "Estates", "R", "x"),
        ("", "Key strength", "MAPPA", "G", "x"),
    ]
    recs = stocktake.extract(_parsed((_table(header, rows),)))
    police, probation = "Kestwick Police", "Fellgate Probation"
    assert [(r.fields.agency, r.fields.statement) for r in recs] == [
        (police, "Gangs"),
        (police, "Housing"),
        (police, "Training"),
        (probation, "Caseloads"),
        (probation, "Estates"),
        (probation, "MAPPA"),
    ]


def test_centred_agency_names_without_kinds_split_their_rows_half_way() -> None:
    header = ("Agency", "Issue", "RAG", "Action")
    rows = [("", "A1", "R", "x"), ("Police", "A2", "R", "x"), ("", "A3", "R", "x")]
    rows += [("", "B1", "R", "x"), ("Probation", "B2", "R", "x"), ("", "B3", "R", "x")]
    recs = stocktake.extract(_parsed((_table(header, rows),)))
    assert [r.fields.agency for r in recs] == ["Police"] * 3 + ["Probation"] * 3


def test_a_column_of_prose_is_the_statement_column_whatever_its_heading() -> None:
    long = "Capacity of the team to meet rising demand this year"
    header = ("Agency", "Detail", "Current position", "Board support")
    rows = [("Kestwick Police", long, "Recruiting", "Lobby"), ("Fellgate Probation", long, "", "")]
    recs = stocktake.extract(_parsed((_table(header, rows),)))
    assert [(r.fields.agency, r.fields.statement) for r in recs] == [
        ("Kestwick Police", long),
        ("Fellgate Probation", long),
    ]
    assert recs[0].fields.response == "Recruiting" and recs[0].fields.support == "Lobby"
    # no Agency column: a table of findings and progress is no stock-take
    plain = ("Detail", "Current position", "Board support")
    assert stocktake.extract(_parsed((_table(plain, [(long, "Done", "Done")]),))) == ()


def test_a_column_of_ratings_is_the_rag_column_whatever_its_heading() -> None:
    header = ("Risk", "What is being done?", "Position")
    rows = [("Gangs", "Strategy", "Red"), ("Housing", "Advocacy", "Amber")]
    recs = stocktake.extract(_parsed((_table(header, rows),)))
    assert [r.fields.rag for r in recs] == ["red", "amber"]


def test_leading_label_columns_ref_agency_type() -> None:
    header = ("Ref", "Agency", "Type", "Description", "Current action / evidence", "Evidence")
    rows = [
        ("KP-R01", "Kestwick Police", "Risk", "Gangs", "Strategy", "Audit"),
        ("KP-S01", "Kestwick Police", "Strength", "Partnership", "Groups", "Ofsted report"),
    ]
    recs = stocktake.extract(_parsed((_table(header, rows),)))
    assert _rows(recs) == [
        ("Kestwick Police", "risk", "Gangs"),
        ("Kestwick Police", "strength", "Partnership"),
    ]
    assert [(r.fields.reference, r.fields.evidence) for r in recs] == [
        ("KP-R01", "Audit"),
        ("KP-S01", "Ofsted report"),
    ]
    assert recs[0].fields.response == "Strategy"


def test_a_risk_register_is_still_not_a_stock_take() -> None:
    assert stocktake.parse_header(("Risk", "Owner", "Date")) is None


def test_one_kind_per_column_group_gives_a_row_per_filled_group() -> None:
    header = ("Risks", "Action being taken", "Key strengths", "How we know")
    rows = [
        ("Gangs", "Strategy", "Partnership working", "Audit"),
        ("Housing benefit", "Advocacy", "", ""),  # the strengths list is shorter
        ("Caseloads", "Audit", "", ""),
    ]
    recs = stocktake.extract(_parsed((_table(header, rows, caption="Kestwick Police"),)))
    assert sorted(_rows(recs)) == [
        ("Kestwick Police", "risk", "Caseloads"),
        ("Kestwick Police", "risk", "Gangs"),
        ("Kestwick Police", "risk", "Housing benefit"),
        ("Kestwick Police", "strength", "Partnership working"),
    ]
    strength = next(r.fields for r in recs if r.fields.kind == "strength")
    assert strength.response == "Audit"


def test_summary_rows_are_neither_rows_nor_agencies() -> None:
    header = ("Agency", "Type", "Description", "Action / evidence")
    rows = [
        ("Kestwick Police", "Risk", "Gangs", "Strategy"),
        ("Kestwick Police", "Strength", "Partnership", "Groups"),
        ("Kestwick Police total", "", "1 risks, 1 strengths", ""),
        ("Fellgate Probation", "Risk", "Caseloads", "Audit"),
        ("Grand total", "", "2 risks, 1 strengths", ""),
    ]
    recs = stocktake.extract(_parsed((_table(header, rows),)))
    assert _rows(recs) == [
        ("Kestwick Police", "risk", "Gangs"),
        ("Kestwick Police", "strength", "Partnership"),
        ("Fellgate Probation", "risk", "Caseloads"),
    ]


def test_a_row_shared_by_two_agencies_is_a_row_of_each() -> None:
    header = ("Agency", "Type", "Description", "Action being taken")
    rows = [
        ("Kestwick Police", "Risk", "Gangs", "Strategy"),
        ("Fellgate Probation", "Risk", "Caseloads", "Audit"),
        ("Kestwick Police / Fellgate Probation", "Risk", "MAPPA referrals", "Panel"),
    ]
    recs = stocktake.extract(_parsed((_table(header, rows),)))
    shared = [r.fields for r in recs if r.fields.statement == "MAPPA referrals"]
    assert [s.agency for s in shared] == ["Kestwick Police", "Fellgate Probation"]
    assert all(s.agencies == ["Kestwick Police", "Fellgate Probation"] for s in shared)


def test_panes_of_a_wide_register_are_joined_by_their_frozen_columns() -> None:
    first = _table(
        ("Ref", "Agency", "Type", "Description", "Action being taken"),
        [("KP-R01", "Kestwick Police", "R", "Gangs", "Strategy")]
        + [("KP-S01", "Kestwick Police", "S", "Partnership", "Groups")],
    )
    second = _table(
        ("Ref", "Agency", "Recommended action", "RAG", "Owner", "Due"),
        [("KP-R01", "Kestwick Police", "Convene a group", "R", "DI", "Q4 2012/13")]
        + [("KP-S01", "Kestwick Police", "Publish", "G", "DI", "2013/14")],
        index=1,
    )
    recs = stocktake.extract(_parsed((first, second)))
    got = [(r.fields.statement, r.fields.recommended_action, r.fields.rag) for r in recs]
    assert got == [("Gangs", "Convene a group", "red"), ("Partnership", "Publish", "green")]
    assert recs[1].fields.due_iso == "2013-04/2014-03"


# ---------------------------------------------------------------- lists


def _page(number: int, lines: list[tuple[str, str, bool, float]], height: float = 800) -> Page:
    """A page of (text, kind, bold, x0) lines set 12 pt apart."""
    out = []
    for n, (text, kind, bold, x0) in enumerate(lines):
        top = 100 + 12 * n
        width = 5.0 * len(text)
        out.append(Line(text, BBox(x0, top, x0 + width, top + 10), 10, bold, kind))  # type: ignore[arg-type]
    return Page("d", number, 600, height, "", "", tuple(out))


def test_label_kinds() -> None:
    assert label_kind("Key risks:") == "risk"
    assert label_kind("Areas for development") == "risk"
    assert label_kind("What is working well:") == "strength"
    assert label_kind("What we need from the board:") == "other"
    assert label_kind("Agency: Kestwick Police") is None


def test_detail_lines() -> None:
    assert details("RAG: Red – Lead: DI – By: 2014/15") == {
        "rag": "Red",
        "owner": "DI",
        "due": "2014/15",
    }
    assert details("Action: There is a strategy") == {"response": "There is a strategy"}
    assert details("Gangs in the borough") is None


def test_a_stock_take_written_as_lists() -> None:
    page = _page(
        1,
        [
            ("Agency: Kestwick Police", "body", True, 60),
            ("Key risks:", "body", True, 60),
            ("• Gangs in the borough are a significant issue", "body", False, 66),
            ("affecting adolescents", "body", False, 78),
            ("Action: Your Choice strategy", "body", False, 90),
            ("RAG: Amber | Owner: DI | By: Q4 2012/13", "body", False, 90),
            ("• Housing benefit changes", "body", False, 66),
            ("Strengths:", "body", True, 60),
            ("• Partnership working", "body", False, 66),
            ("Evidence: Section 11 audit", "body", False, 90),
            ("What we need from the board:", "body", True, 60),
            ("• Identify this as a priority", "body", False, 66),
            ("Fellgate Probation", "heading", True, 60),
            ("Areas for development", "heading", True, 60),
            ("• Caseloads of 50+", "body", False, 66),
            ("The group met four times in the year.", "body", False, 60),
        ],
    )
    recs = stocktake.extract(_parsed(pages=(page,)))
    assert _rows(recs) == [
        (
            "Kestwick Police",
            "risk",
            "Gangs in the borough are a significant issue affecting adolescents",
        ),
        ("Kestwick Police", "risk", "Housing benefit changes"),
        ("Kestwick Police", "strength", "Partnership working"),
        ("Fellgate Probation", "risk", "Caseloads of 50+"),
    ]
    first = recs[0].fields
    assert (first.response, first.rag, first.owner, first.due_iso) == (
        "Your Choice strategy",
        "amber",
        "DI",
        "2013-01/2013-03",
    )
    assert recs[2].fields.response == "Section 11 audit"


def test_lists_are_not_read_where_tables_hold_the_stock_take() -> None:
    table = _table(("Risk", "What is being done?"), [("Gangs", "Strategy")], caption="Police")
    page = _page(1, [("Key risks:", "body", True, 60), ("• Other", "body", False, 66)])
    recs = stocktake.extract(_parsed((table,), (page,)))
    assert _rows(recs) == [("Police", "risk", "Gangs")]


# ---------------------------------------------------------------- agencies


def test_section_numbers_and_kind_headings_name_no_agency() -> None:
    assert stocktake.agency_name("4.2 Good practice") == ""
    assert stocktake.agency_name("Section 5: Kestwick Police") == "Kestwick Police"
    assert stocktake.agency_name("4. Kestwick Police") == "Kestwick Police"
    assert stocktake.agency_name("Table 2 – Fellgate Probation (FP) stock take") == (
        "Fellgate Probation (FP)"
    )


def test_a_page_head_naming_a_kind_gives_rows_their_kind() -> None:
    header = ("Partner", "Issue", "Update", "Board support")
    rows = [("Kestwick Police", "Gangs", "Strategy", "Priority")] * 2
    pages = tuple(
        _page(n, [(f"Stock take 2012/13 {word}", "header", False, 40)], height=2000)
        for n, word in ((1, "Risks"), (2, "Risks"), (3, "Key strengths"))
    )
    kinds = stocktake.running_kinds(pages)
    assert kinds == {1: "risk", 2: "risk", 3: "strength"}
    table = Table("d", 0, 3, 3, (header,), (rows[0],), (3,))
    recs = stocktake.extract(_parsed((table,), pages))
    assert [r.fields.kind for r in recs] == ["strength"]


# ---------------------------------------------------------------- one layout per family

sys.path.insert(0, str(ROOT / "corpus"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("family", "seed"),
    [
        ("running_columns", 3),
        ("action_log", 7),
        ("no_table", 10),
        ("word_captioned", 2),
        ("spreadsheet", 11),
        ("label_columns", 7),
        ("frozen_panes", 3),
        ("sheet_per_kind", 3),
        ("numbered_sections", 5),
        ("multi_agency", 13),
    ],
)
def test_a_generated_layout_of_each_new_family_reads_exactly(
    family: str, seed: int, tmp_path: Path
) -> None:
    import layouts
    from layouts_score import read_register, score

    gen = layouts.generate(seed, tmp_path, family)
    s = score(gen.truth, read_register(gen.path))
    assert s.strict == s.truth == s.found, s.problems[:5]
    assert all(right == scored for right, scored in s.fields.values()), s.problems[:5]
