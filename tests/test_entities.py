"""Entities on the seed annual report (fast: blank pipeline + ruler; real: the model)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from ingest import entities
from ingest.model import Record

from .helpers import seed_parsed


def _by_type(records: tuple[Record, ...], kind: str) -> list[dict]:
    return [r.data for r in records if r.data["type"] == kind]


@lru_cache(maxsize=2)
def _seed_entities(kind: str) -> tuple[Record, ...]:
    return entities.extract(seed_parsed(), kind=kind)  # type: ignore[arg-type]


def test_seed_agencies_found_with_canonical_names() -> None:
    found = {d["canonical"] for d in _by_type(_seed_entities("ruler"), "agency")}
    for canonical in (
        "Metropolitan Police Service",
        "Children and Family Court Advisory and Support Service",
        "Probation Service",
        "Inner North West London PCTs",
        "Central London Community Healthcare NHS Trust",
        "Central and North West London NHS Foundation Trust",
        "Imperial College Healthcare NHS Trust",
        "Westminster City Council",
        "Westminster Local Safeguarding Children Board",
        "Children's Services",
        "Housing Services",
        "Integrated Care Board",
    ):
        assert canonical in found, canonical


def test_stocktake_captions_give_the_row_agency() -> None:
    records = _seed_entities("ruler")
    rows = {p.ordinal: p for p in seed_parsed().passages if p.kind == "table_row"}
    caption = [
        r for r in records if r.passage_ordinal in rows and r.data.get("source") == "caption"
    ]
    assert {r.data["text"] for r in caption} >= {"Police", "Probation", "Housing", "CNWL", "INWL"}
    police = [r for r in caption if r.data["text"] == "Police"]
    assert police and police[0].data["agency_type"] == "police"


def test_former_names_map_to_the_current_body() -> None:
    pct = [d for d in _by_type(_seed_entities("ruler"), "agency") if d["text"] == "PCT"]
    assert pct and pct[0]["canonical"] == "Integrated Care Board"
    assert pct[0]["name_then"] == "Primary Care Trust"


def test_people_with_roles_on_the_seed() -> None:
    people = {d["name"]: d["role"] for d in _by_type(_seed_entities("ruler"), "person")}
    roles = {(d["name"], d["role"]) for d in _by_type(_seed_entities("ruler"), "person")}
    assert ("Terry Bamford", "Independent Chair") in roles
    assert people.get("Matt Watson") == "Service Manager, Integrated Gangs Unit"
    assert people.get("Natasha Bishopp") == "Head of Family Recovery"
    assert people.get("Jill Britton") == "Senior Commissioning Manager"
    assert people.get("Nichola Aiken") in ("Lead Member", "Councillor")
    assert people.get("Jean Daintith") == "Independent Chair"


def test_money_amounts_carry_values() -> None:
    money = {d["text"]: d["value"] for d in _by_type(_seed_entities("ruler"), "money")}
    assert money["£88,950"] == 88950
    assert money["£25,200"] == 25200
    assert money["£250K"] == 250000


def test_role_patterns() -> None:
    text = "An Independent Chair, Jean Daintith was appointed and Terry Bamford, the outgoing Chair of the Westminster LSCB supported it."
    people = {p["name"]: p["role"] for p in entities.find_people(text)}
    assert people == {
        "Jean Daintith": "Independent Chair",
        "Terry Bamford": "Outgoing Chair of the Westminster LSCB",
    }


def test_names_without_roles_need_the_model() -> None:
    assert entities.find_people("Quality Assurance Sub-Group met in Tri Borough House.") == []


def test_former_probation_names() -> None:
    data = entities.agency_data("Probation Service", "London Probation Trust")
    assert data["name_then"] == "Probation Trust" and data["agency_type"] == "probation"


@pytest.mark.real
def test_real_model_finds_people_and_dates() -> None:
    records = _seed_entities("full")
    people = {d["name"]: d["role"] for d in _by_type(records, "person")}
    assert "Ann Duncan" in people  # named without a role: only the NER finds her
    assert ("Terry Bamford", "Independent Chair") in {
        (d["name"], d["role"]) for d in _by_type(records, "person")
    }
    assert {d["text"] for d in _by_type(records, "money")} >= {"£88,950", "£250K"}
    dates = {d["text"] for d in _by_type(records, "date")}
    assert "March 2012" in dates
    agencies = {d["canonical"] for d in _by_type(records, "agency")}
    assert "Metropolitan Police Service" in agencies
