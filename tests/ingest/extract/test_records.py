"""Typed record fields (ingest/extract/): one class per kind, lossless round trips."""

from __future__ import annotations

import json

import pytest

from ingest import extract
from ingest.errors import BoardsearchError, RecordError
from ingest.extract import REGISTRY, decode
from ingest.extract.entities import Entity
from ingest.extract.figures import Figure, Part, TotalCheck
from ingest.extract.stocktake import AsAbove, StocktakeRow
from ingest.extract.themes import ThemeTag
from ingest.model import Record
from ingest.pipeline import parse_file

from ...helpers import FIXTURE_PAPERS, need


def test_every_record_kind_has_one_class_declared_by_one_kind() -> None:
    declared = [cls for k in extract.KINDS for cls in k.records]
    assert len(declared) == len(set(declared)) == len(REGISTRY)
    assert all(cls.KIND == kind for kind, cls in REGISTRY.items())
    assert set(REGISTRY) >= {
        "stocktake_row",
        "figure",
        "entity",
        "recommendation",
        "concern",
        "progress",
        "acronym",
        "theme",
    }


def test_fields_decode_through_the_registry_and_keep_unknown_keys() -> None:
    data = {"agency": "Police", "kind": "risk", "statement": "Gangs", "note": "a person's"}
    row = decode("stocktake_row", data)
    assert isinstance(row, StocktakeRow)
    assert (row.agency, row.kind, row.statement, row.response) == ("Police", "risk", "Gangs", "")
    assert row.extra == {"note": "a person's"}
    assert row.to_dict()["note"] == "a person's"
    rec = Record("d", 3, row)
    assert rec.kind == "stocktake_row" and list(rec.data)[:4] == list(data)


def test_a_record_is_built_from_typed_fields_only() -> None:
    with pytest.raises(RecordError, match="not dict"):
        Record("d", 3, {"agency": "Police"})  # type: ignore[arg-type]


def test_nested_fields_are_objects_and_keep_their_json() -> None:
    """A figure's total check and a stock-take row's "As above" are classes of their own,
    written as the same JSON objects as before they were."""
    stored = {
        "kind": "total",
        "expected": 66096,
        "stated": 67096,
        "difference": 1000,
        "ok": False,
        "message": "'Total' states 67,096",
        "parts": [{"label": "Training", "value": 18800, "page": 17, "row_index": 1}],
        "rounding_note": True,
    }
    figure = decode("figure", {"label": "Total", "value": 67096, "check": stored})
    assert isinstance(figure, Figure) and isinstance(figure.check, TotalCheck)
    assert figure.check.parts == (Part(label="Training", value=18800, page=17, row_index=1),)
    assert json.dumps(figure.to_dict()["check"]) == json.dumps(stored)
    built = TotalCheck(
        expected=66096,
        stated=67096,
        difference=1000,
        ok=False,
        message="'Total' states 67,096",
        parts=(Part(label="Training", value=18800, page=17, row_index=1),),
        rounding_note=True,
    )
    assert json.dumps(built.to_dict()) == json.dumps(stored)
    assert "rounding_note" not in TotalCheck().to_dict()
    row = decode("stocktake_row", {"as_above_refers_to": {"column": "support", "row": 2}})
    assert row.as_above_refers_to == AsAbove(column="support", row=2)
    assert row.to_dict()["as_above_refers_to"]["row"] == 2


def test_optional_fields_are_written_only_when_set() -> None:
    date = Entity(type="date", text="May 2012")
    assert date.to_dict() == {"type": "date", "text": "May 2012"}
    text_figure = Figure(label="conferences", value=271, unit="conferences", source="text")
    assert "table_index" not in text_figure.to_dict()
    assert text_figure.to_dict()["check"] is None  # always written, even when empty


def test_a_round_trip_keeps_the_key_order_of_the_stored_json() -> None:
    # exports take their columns from the first record's keys, so the order is behaviour
    data = {"type": "agency", "canonical": "Police", "text": "MPS", "note": "x", "name": "Met"}
    assert list(Entity.from_dict(data).to_dict()) == list(data)
    assert list(Entity(type="date", text="May 2012").to_dict()) == ["type", "text"]


def test_a_record_takes_its_kind_from_its_fields() -> None:
    tag = ThemeTag(theme="Neglect", group="Harm", score=1.0, source="person", target="passage")
    rec = Record("d", 2, tag, None, 7)
    assert (rec.kind, rec.page, rec.passage_ordinal) == ("theme", 2, 7)
    assert rec.fields.theme == "Neglect" and rec.fields == tag
    assert rec.fields.by_person


def test_unknown_kind_and_bad_data_are_boardsearch_errors() -> None:
    with pytest.raises(RecordError, match="unknown record kind 'stoktake_row'"):
        decode("stoktake_row", {})
    with pytest.raises(BoardsearchError, match="holds list"):
        decode("figure", [])  # type: ignore[arg-type]


@pytest.mark.real
@pytest.mark.parametrize(
    "name",
    [
        "kensington-chelsea-lscb-stocktake-2011-12-synthetic.docx",
        "triborough-lscb-stocktake-2012-13-synthetic.pdf",
    ],
)
def test_every_enriched_record_round_trips_without_unknown_fields(name: str) -> None:
    """The classes name every field the enrichers write: nothing lands in ``extra``."""
    parsed = parse_file(need(FIXTURE_PAPERS / name))
    kinds = {r.kind for r in parsed.records}
    assert {"stocktake_row", "entity", "recommendation"} <= kinds
    for rec in parsed.records:
        stored = json.loads(json.dumps(rec.data))  # what the store keeps
        fields = decode(rec.kind, stored)
        assert fields.extra == {}, (rec.kind, fields.extra)
        assert fields == rec.fields and fields.to_dict() == stored


def test_the_store_refuses_a_misspelt_kind_instead_of_returning_nothing(tmp_path) -> None:
    from ingest.store import Store

    with Store(tmp_path) as store:
        assert store.records("stocktake_row") == []
        with pytest.raises(RecordError, match="unknown record kind 'stocktake'"):
            store.records("stocktake")
        with pytest.raises(RecordError):
            store.replace_records("themes", [])
