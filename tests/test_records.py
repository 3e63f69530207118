"""Typed record fields (ingest/records.py): one class per kind, lossless round trips."""

from __future__ import annotations

from typing import get_args

import pytest

from ingest.errors import BoardsearchError, RecordError
from ingest.extract.base import REGISTRY, Entity, Figure, StocktakeRow, ThemeTag, decode
from ingest.model import Record, RecordKind
from ingest.pipeline import parse_file

from .helpers import CORPUS_PAPERS, need


def test_every_record_kind_has_one_class() -> None:
    assert set(REGISTRY) == set(get_args(RecordKind))
    assert all(cls.KIND == kind for kind, cls in REGISTRY.items())


def test_fields_decode_through_the_registry_and_keep_unknown_keys() -> None:
    data = {"agency": "Police", "kind": "risk", "statement": "Gangs", "note": "a person's"}
    rec = Record("d", "stocktake_row", 3, data)
    row = rec.fields
    assert isinstance(row, StocktakeRow)
    assert (row.agency, row.kind, row.statement, row.response) == ("Police", "risk", "Gangs", "")
    assert row.extra == {"note": "a person's"}
    assert row.to_dict()["note"] == "a person's"


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


def test_record_of_builds_the_stored_form() -> None:
    tag = ThemeTag(theme="Neglect", group="Harm", score=1.0, source="person", target="passage")
    rec = Record.of("d", 2, tag, None, 7)
    assert (rec.kind, rec.page, rec.passage_ordinal) == ("theme", 2, 7)
    assert rec.data["theme"] == "Neglect" and rec.fields == tag
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
    parsed = parse_file(need(CORPUS_PAPERS / name))
    kinds = {r.kind for r in parsed.records}
    assert {"stocktake_row", "entity", "recommendation"} <= kinds
    for rec in parsed.records:
        fields = rec.fields
        assert fields.extra == {}, (rec.kind, fields.extra)
        assert fields.to_dict() == rec.data


def test_the_store_refuses_a_misspelt_kind_instead_of_returning_nothing(tmp_path) -> None:
    from ingest.store import Store

    with Store(tmp_path) as store:
        assert store.records("stocktake_row") == []
        with pytest.raises(RecordError, match="unknown record kind 'stocktake'"):
            store.records("stocktake")
        with pytest.raises(RecordError):
            store.replace_records("themes", [])
