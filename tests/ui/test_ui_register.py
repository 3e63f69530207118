"""The register's follow-up fields (issue 23): RAG ratings, owners and due dates of action
logs shown, filtered (RAG, owner, overdue by a given day) and downloaded; a register of
four-column stock-take rows looks as it did before them.

The records are built here: the extractor fills these fields on another branch.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.extract.stocktake import StocktakeRow
from ingest.model import Document, ParsedDocument, Passage, Record
from ui import filters, report, views

from ..helpers import EMBEDDER, SETTINGS, shown_text, start_app_test, unescape

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


@pytest.mark.parametrize(
    "printed, value",
    [
        ("R", "red"),
        ("Amber", "amber"),
        ("RAG: Green", "green"),
        (" red ", "red"),
        ("Amber/Green", "amber/green"),  # two ratings: kept as written, not guessed
        ("Not rated", "not rated"),
        ("", ""),
    ],
)
def test_rag_value_reads_one_rating_however_printed(printed, value):
    assert views.rag_value(printed) == value


def test_rag_is_shown_with_its_word_not_only_a_colour():
    assert views.rag_label("amber") == "Amber"
    assert views.rag_cell("red") == "🔴 Red"
    assert views.rag_cell("") == ""
    assert views.rag_badge_md("green") == ":green-badge[RAG: Green]"
    assert views.rag_badge_md("amber") == ":orange-badge[RAG: Amber]"
    assert views.rag_cell("amber/green") == "Amber/green"  # no colour to give it


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


# --------------------------------------------------------------------------- the page

HEADERS = ("Agency", "Issue", "RAG", "Action", "Owner", "Due")
LOG_ROWS = (  # an action log: (statement, RAG, owner, due as printed, due_iso)
    ("Gang related violence", "Red", "Head of Service", "31/03/2013", "2013-03-31"),
    ("Housing benefit changes", "Amber", "Housing Lead", "June 2013", "2013-06"),
    ("Private fostering", "Green", "LSCB Manager", "31/03/2030", "2030-03-31"),
)


def action_log() -> ParsedDocument:
    """A made-up action log whose rows carry RAG, owner and due date."""
    doc = replace(DOC, id="log-" + "0" * 60, pages=3)
    passages, records = [], []
    for i, (statement, rag, owner, due, due_iso) in enumerate(LOG_ROWS):
        cells = ("Police", statement, rag, "Review it", owner, due)
        text = " | ".join(f"{h}: {c}" for h, c in zip(HEADERS, cells, strict=True))
        passages.append(
            Passage(
                doc.id,
                i,
                "table_row",
                text,
                page=3,
                headers=HEADERS,
                cells=cells,
                table_index=0,
                row_index=i,
            )
        )
        fields = StocktakeRow(
            agency="Police",
            kind="risk",
            statement=statement,
            recommended_action="Review it",
            rag=rag.lower(),
            owner=owner,
            due=due,
            due_iso=due_iso,
            table_index=0,
            row_index=i,
        )
        records.append(Record(doc.id, 3, fields, None, i))
    return ParsedDocument(document=doc, passages=tuple(passages), records=tuple(records))


def four_columns() -> ParsedDocument:
    """A stock-take of the seed's kind: four columns, none of the follow-up fields."""
    doc = replace(OLD, id="seed-" + "0" * 59, boroughs=("Westminster",), pages=2)
    heads = ("Risk", "What is being done", "Support", "Recommended actions")
    cells = ("Neglect of teenagers", "Training", "Promote the guidance", "Audit cases")
    text = " | ".join(f"{h}: {c}" for h, c in zip(heads, cells, strict=True))
    passage = Passage(
        doc.id, 0, "table_row", text, page=2, headers=heads, cells=cells, table_index=0, row_index=0
    )
    fields = StocktakeRow(
        agency="Health",
        kind="risk",
        statement=cells[0],
        response=cells[1],
        support=cells[2],
        recommended_action=cells[3],
    )
    return ParsedDocument(
        document=doc, passages=(passage,), records=(Record(doc.id, 2, fields, None, 0),)
    )


@pytest.fixture(scope="module")
def follow_up_library(tmp_path_factory) -> Path:
    """The action log and the four-column stock-take, stored and indexed (hash embedder)."""
    import index
    from ingest.store import Store

    folder = tmp_path_factory.mktemp("register") / "data"
    with Store(folder) as store:
        store.save(action_log())
        store.save(four_columns())
    index.sync(folder, SETTINGS)
    return folder


@pytest.fixture
def register_page(follow_up_library, monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_DATA", str(follow_up_library))
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)
    return start_app_test("screens/register.py")


def statements(at) -> list[str]:
    return list(at.dataframe[0].value["Statement"])


@pytest.mark.slow
def test_register_page_shows_rag_owner_and_due_and_filters_on_them(register_page):
    at = register_page
    table = at.dataframe[0].value
    assert list(table.columns)[6:10] == ["Recommended action", "RAG", "Owner", "Due"]
    by_statement = dict(zip(table["Statement"], table["RAG"], strict=True))
    assert by_statement["Gang related violence"] == "🔴 Red"
    assert by_statement["Neglect of teenagers"] == ""  # the four-column row, in the same table
    assert set(table["Page"]) == {2, 3}  # every row still cites its page
    assert "RAG: Red" in unescape(shown_text(at))  # in the full text too, with its word
    at.sidebar.multiselect(key="reg-rag").select("red").select("amber").run()
    assert sorted(statements(at)) == ["Gang related violence", "Housing benefit changes"]
    at.sidebar.multiselect(key="reg-owner").select("Housing Lead").run()
    assert statements(at) == ["Housing benefit changes"]


@pytest.mark.slow
def test_register_page_overdue_only_by_a_picked_day(register_page):
    at = register_page
    at.sidebar.checkbox(key="reg-overdue").check().run()
    assert not at.exception, [e.value for e in at.exception]
    # today (after 2026): the two actions due in 2013; not the one due in 2030, nor the
    # four-column row, which has no due date
    assert sorted(statements(at)) == ["Gang related violence", "Housing benefit changes"]
    assert "never overdue" in shown_text(at)
    at.sidebar.date_input(key="reg-overdue-on").set_value(date(2013, 4, 1)).run()
    assert statements(at) == ["Gang related violence"]
    assert "due before 1 April 2013" in shown_text(at)


@pytest.mark.slow
def test_register_page_of_four_column_rows_looks_as_before(register_page):
    at = register_page
    at.sidebar.multiselect(key="reg-period").select("2011/12").run()
    table = at.dataframe[0].value
    assert list(table.columns) == [
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
    assert "RAG:" not in unescape(shown_text(at))


# --------------------------------------------------------------------------- export, search


def test_export_stocktake_csv_and_json_carry_the_follow_up_fields(tmp_path, capsys):
    from ingest.store import Store
    from ui.cli import main

    with Store(tmp_path) as store:
        store.save(action_log())
        store.save(four_columns())
    assert main(["export", "stocktake", "--format", "csv", "--data-dir", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    header = next(csv.reader(io.StringIO(text)))
    follow_up = ["rag", "owner", "due", "due_iso", "evidence", "reference", "agencies"]
    assert header.index("recommended_action") < header.index("rag")
    assert header[header.index("rag") : header.index("rag") + 7] == follow_up
    assert header.index("agencies") < header.index("document") < header.index("page")
    by_statement = {r["statement"]: r for r in csv.DictReader(io.StringIO(text))}
    gangs = by_statement["Gang related violence"]
    assert (gangs["rag"], gangs["owner"], gangs["due"], gangs["due_iso"]) == (
        "red",
        "Head of Service",
        "31/03/2013",
        "2013-03-31",
    )
    assert by_statement["Neglect of teenagers"]["rag"] == ""
    assert main(["export", "stocktake", "--format", "json", "--data-dir", str(tmp_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(set(follow_up) <= set(r) for r in rows)
    assert {r["statement"]: r["due_iso"] for r in rows}["Housing benefit changes"] == "2013-06"


def test_export_help_names_the_follow_up_columns(capsys):
    from ui.cli import main

    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert all(word in out for word in ("rag", "owner", "due_iso", "evidence", "reference"))


@pytest.mark.slow
def test_search_hits_of_action_log_rows_say_rag_owner_and_due(follow_up_library, capsys):
    from ui.cli import main

    data = ["--data-dir", str(follow_up_library), "--mode", "keyword"]
    assert main(["search", "gang", *data]) == 0
    text = capsys.readouterr().out
    assert "RAG: Red | owner: Head of Service | due: 31/03/2013" in text
    assert main(["search", "neglect", *data]) == 0
    assert "RAG:" not in capsys.readouterr().out  # a four-column row has none
    assert main(["search", "gang", "--json", *data]) == 0
    hit = json.loads(capsys.readouterr().out)["hits"][0]
    assert hit["follow_up"] == {
        "rag": "red",
        "owner": "Head of Service",
        "due": "31/03/2013",
        "due_iso": "2013-03-31",
    }


@pytest.mark.slow
def test_search_page_hit_shows_rag_with_its_word(follow_up_library, monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_DATA", str(follow_up_library))
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)
    at = start_app_test()  # the search page
    at.text_input(key="q").input("gang")
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = unescape(shown_text(at))
    assert ":red-badge[RAG: Red] · **Owner:** Head of Service · **Due:** 31/03/2013" in shown
