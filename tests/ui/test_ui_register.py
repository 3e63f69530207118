"""The register's follow-up fields (issue 23): RAG ratings, owners and due dates of action
logs shown, filtered (RAG, owner, overdue by a given day) and downloaded; a register of
four-column stock-take rows looks as it did before them.

The records are built here: the extractor fills these fields on another branch.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from ingest.extract.stocktake import StocktakeRow
from ingest.model import Document, Record
from ui import filters, report, views

from ..helpers import unescape

DOC = Document(
    id="log",
    path="/papers/action-log.pdf",
    title="Action log",
    boroughs=("Westminster",),
    period="2012/13",
)
OLD = Document(id="seed", path="/papers/seed.pdf", title="Stock take", period="2011/12")


def row(statement: str, doc_id: str = "log", ordinal: int = 1, **follow_up) -> Record:
    fields = StocktakeRow(
        agency=follow_up.pop("agency", "Police"),
        kind="risk",
        statement=statement,
        recommended_action="act",
        **follow_up,
    )
    return Record(doc_id, 3, fields, None, ordinal)


ACTIONS = [
    row("Gangs", rag="red", owner="Head of Service", due="31/03/2013", due_iso="2013-03-31"),
    row(
        "Housing", ordinal=2, rag="Amber", owner="Housing Lead", due="March 2013", due_iso="2013-03"
    ),
    row(
        "Neglect", ordinal=3, rag="G", owner="Head of Service", due="Q4", due_iso="2013-01/2013-03"
    ),
    row(
        "Fostering", ordinal=4, rag="green", owner="LSCB Manager", due="2014", due_iso="2014-06-30"
    ),
    row("Missing", ordinal=5),  # no RAG, owner or due date
]


def register(records=ACTIONS) -> list[dict]:
    return views.register_rows(records, {"log": DOC, "seed": OLD})


# --------------------------------------------------------------------------- overdue


@pytest.mark.parametrize(
    "due_iso, end",
    [
        ("2013-03-31", date(2013, 3, 31)),
        ("2013-02", date(2013, 2, 28)),
        ("2012-02", date(2012, 2, 29)),
        ("2013-01/2013-03", date(2013, 3, 31)),
        ("2013", date(2013, 12, 31)),
        ("", None),
        ("2013-13", None),
        ("soon", None),
    ],
)
def test_due_end_is_the_last_day_the_due_date_allows(due_iso, end):
    assert filters.due_end(due_iso) == end


def test_overdue_means_the_due_date_has_passed_by_the_day_given():
    rows = register()
    on_the_day = filters.filter_overdue(rows, date(2013, 3, 31))
    assert [r["statement"] for r in on_the_day] == []  # due that day: not yet overdue
    next_day = filters.filter_overdue(rows, date(2013, 4, 1))
    assert [r["statement"] for r in next_day] == ["Gangs", "Housing", "Neglect"]
    later = filters.filter_overdue(rows, date(2015, 1, 1))
    assert "Missing" not in [r["statement"] for r in later]  # no due date: never overdue
    assert len(later) == 4


def test_overdue_filter_is_offered_only_when_a_row_has_a_due_date():
    assert filters.has_due_dates(register())
    assert not filters.has_due_dates(register([row("Missing")]))


# --------------------------------------------------------------------------- RAG, owner


def test_rag_is_read_however_written_and_offered_red_amber_green():
    rows = register()
    assert [r["rag"] for r in rows] == ["red", "amber", "green", "green", ""]
    assert filters.register_values(rows, "rag") == ["red", "amber", "green"]
    amber_or_red = filters.filter_register(rows, {"rag": ["red", "amber"]})
    assert [r["statement"] for r in amber_or_red] == ["Gangs", "Housing"]


def test_rag_is_shown_with_its_word_not_only_a_colour():
    assert views.rag_label("amber") == "Amber"
    assert views.rag_cell("red") == "🔴 Red"
    assert views.rag_cell("") == ""
    assert views.rag_badge_md("green") == ":green-badge[RAG: Green]"
    assert views.rag_badge_md("amber") == ":orange-badge[RAG: Amber]"


def test_owner_filter_and_words_find_the_owner():
    rows = register()
    assert filters.register_values(rows, "owner") == [
        "Head of Service",
        "Housing Lead",
        "LSCB Manager",
    ]
    owned = filters.filter_register(rows, {"owner": ["Head of Service"]})
    assert [r["statement"] for r in owned] == ["Gangs", "Neglect"]
    assert [r["statement"] for r in filters.filter_register(rows, {}, "lscb manager")] == [
        "Fostering"
    ]
    both = filters.filter_register(rows, {"owner": ["Head of Service"], "rag": ["green"]})
    assert [r["statement"] for r in both] == ["Neglect"]


def test_a_register_without_follow_up_fields_offers_no_such_filters():
    rows = register([row("Missing"), row("Gangs", doc_id="seed", ordinal=2)])
    assert filters.register_values(rows, "rag") == []
    assert filters.register_values(rows, "owner") == []


# --------------------------------------------------------------------------- table, download


def test_table_shows_follow_up_columns_only_when_a_row_has_them():
    four = views.register_table(register([row("Missing")]))
    assert list(four[0]) == [
        "Kind",
        "Agency",
        "Borough",
        "Period",
        "Statement",
        "Source",
        "Recommended action",
        "Document",
        "Page",
    ]
    table = views.register_table(register())
    assert list(table[0])[6:] == [
        "Recommended action",
        "RAG",
        "Owner",
        "Due",
        "Document",
        "Page",
    ]  # no row has evidence or a reference
    assert table[0]["RAG"] == "🔴 Red" and table[0]["Due"] == "31/03/2013"
    assert table[4]["RAG"] == "" and table[4]["Owner"] == ""
    assert all(t["Source"].endswith("&page=3") and t["Page"] == 3 for t in table)


def test_download_carries_the_follow_up_fields_after_the_four_columns():
    rows = register([*ACTIONS, row("Audit", ordinal=6, evidence="Audit 2012", reference="P-01")])
    text = report.to_csv(views.register_export(rows))
    header = next(csv.reader(io.StringIO(text)))
    start = header.index("Recommended action") + 1
    assert header[start : start + 6] == [
        "RAG",
        "Owner",
        "Due",
        "Due (ISO date)",
        "Evidence",
        "Reference",
    ]
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["RAG"] == "Red" and first["Due (ISO date)"] == "2013-03-31"
    plain = views.register_export(register([row("Missing")]))
    assert "RAG" not in plain[0] and "Owner" not in plain[0]


def test_follow_up_line_says_only_what_the_row_has():
    rows = register()
    line = views.follow_up_md(rows[0])  # escaped for st.markdown
    assert unescape(line) == (
        ":red-badge[RAG: Red] · **Owner:** Head of Service · **Due:** 31/03/2013"
    )
    assert views.follow_up_md(rows[4]) == ""


def test_overdue_note_says_what_overdue_means():
    note = views.overdue_note(date(2026, 12, 7))
    assert "due before 7 December 2026" in note and "never overdue" in note
