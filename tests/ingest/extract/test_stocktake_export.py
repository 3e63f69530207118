"""`boardsearch export stocktake` rows (the kind's Export: ingest/extract/base.py
record_rows) carry what an action log prints besides the four columns (issue 23): RAG,
owner, due date as printed and as ISO, evidence, reference and a shared row's agencies,
right after the four columns (before borough and period) and before the columns that
cite the row; also when read back from the store."""

from __future__ import annotations

from ingest.extract import kind
from ingest.extract.stocktake import StocktakeRow
from ingest.model import Document, ParsedDocument, Record
from ingest.store import Store

FOUR = ["statement", "response", "support", "recommended_action"]
FOLLOW_UP = ["rag", "owner", "due", "due_iso", "evidence", "reference", "agencies"]
CITES = ["doc_id", "document", "page", "synthetic"]
DOC = Document(id="a" * 64, path="/papers/log.pdf", title="Action log", period="2012/13")
ROW = StocktakeRow(
    agency="Police",
    kind="risk",
    statement="Gangs",
    recommended_action="Review",
    rag="red",
    owner="Head of Service",
    due="31/03/2013",
    due_iso="2013-03-31",
    evidence="Audit",
    reference="P-01",
    agencies=["Police", "Health"],
)


def export_rows(records: list[Record]) -> list[dict]:
    export = kind("stocktake").export
    assert export is not None
    return export.rows(records, {DOC.id: DOC})


def check_order(keys: list[str]) -> None:
    at = [keys.index(k) for k in [*FOUR, *FOLLOW_UP, *CITES]]
    assert at == sorted(at), keys
    assert at[3:11] == list(range(at[3], at[3] + 8))  # straight after recommended_action
    assert keys.index("agencies") < keys.index("borough") < keys.index("period")


def test_export_rows_carry_the_follow_up_fields_after_the_four_columns():
    (row,) = export_rows([Record(DOC.id, 3, ROW, None, 0)])
    check_order(list(row))
    assert {k: row[k] for k in FOLLOW_UP} == {
        "rag": "red",
        "owner": "Head of Service",
        "due": "31/03/2013",
        "due_iso": "2013-03-31",
        "evidence": "Audit",
        "reference": "P-01",
        "agencies": ["Police", "Health"],
    }
    assert row["page"] == 3 and row["document"] == "Action log"


def test_a_four_column_row_has_the_fields_empty(tmp_path):
    plain = StocktakeRow(agency="Health", kind="strength", statement="Training")
    parsed = ParsedDocument(document=DOC, records=(Record(DOC.id, 2, plain, None, 0),))
    with Store(tmp_path) as store:
        store.save(parsed)
        (row,) = export_rows(store.records("stocktake_row"))
    check_order(list(row))
    assert [row[k] for k in FOLLOW_UP] == ["", "", "", "", "", "", []]


def test_the_fields_come_back_from_the_store_in_the_same_order(tmp_path):
    parsed = ParsedDocument(document=DOC, records=(Record(DOC.id, 3, ROW, None, 0),))
    with Store(tmp_path) as store:
        store.save(parsed)
        (row,) = export_rows(store.records("stocktake_row"))
    assert row == export_rows([Record(DOC.id, 3, ROW, None, 0)])[0]
