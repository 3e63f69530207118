"""Entities on the seed annual report (fast: blank pipeline + ruler; real: the model)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from ingest.extract import entities
from ingest.extract.entities import Entity
from ingest.model import ParsedDocument, Record

from ...helpers import REALDOCS, need, seed_parsed


def _by_type(records: tuple[Record, ...], kind: str) -> list[dict]:
    return [r.data for r in records if r.fields.type == kind]


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
    caption = [r for r in records if r.passage_ordinal in rows and r.fields.source == "caption"]
    assert {r.fields.text for r in caption} >= {"Police", "Probation", "Housing", "CNWL", "INWL"}
    police = [r for r in caption if r.fields.text == "Police"]
    assert police and police[0].fields.agency_type == "police"


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
    # issue 12: a person counts only where a role or title supports it. "Ann Duncan's
    # departure from the PCT" names her without one, so she is no longer a person record
    # (before, NER alone made persons of street names such as "Gate Store St").
    assert "Ann Duncan" not in people
    assert all(role for role in people.values())
    assert ("Terry Bamford", "Independent Chair") in {
        (d["name"], d["role"]) for d in _by_type(records, "person")
    }
    assert {d["text"] for d in _by_type(records, "money")} >= {"£88,950", "£250K"}
    dates = {d["text"] for d in _by_type(records, "date")}
    assert "March 2012" in dates
    agencies = {d["canonical"] for d in _by_type(records, "agency")}
    assert "Metropolitan Police Service" in agencies


# ------------------------------------------------------------------ issue 12: real reports

TRAFFORD = REALDOCS / "lscb-reviews" / "ofsted-trafford-2015-05.pdf"  # CCG, Ofsted's address


@lru_cache(maxsize=1)
def _trafford() -> ParsedDocument:
    from ingest.pipeline import parse_file

    return parse_file(need(TRAFFORD), enrich=False)


def test_ner_text_drops_licence_addresses_and_furniture() -> None:
    text = (
        "The LSCB chair, Jane Smith, met the CCG. You may reuse this information under the terms "
        "of the Open Government Licence. Write to the Information Policy Team, The National "
        "Archives, Kew, London TW9 4DU, or email: psi@nationalarchives.gsi.gov.uk. Piccadilly "
        "Gate Store St Manchester M1 2WD T: 0300 123 4234 Inspection of Hull 13 Board minutes."
    )
    cleaned = entities.ner_text(text, ["Inspection of Hull"])
    assert cleaned == "The LSCB chair, Jane Smith, met the CCG. Board minutes."


def test_renamed_agency_keeps_the_name_of_its_date() -> None:
    assert (
        entities.name_in_use("Integrated Care Board", 2015, "CCG") == "Clinical Commissioning Group"
    )
    assert entities.name_in_use("Integrated Care Board", 2015) == "Clinical Commissioning Group"
    assert entities.name_in_use("Integrated Care Board", 2011) == "Primary Care Trust"
    assert entities.name_in_use("Integrated Care Board", 2024) == "Integrated Care Board"
    data = entities.dated_agency(entities.agency_data("Integrated Care Board", "CCGs"), 2016)
    assert data["name"] == data["name_then"] == "Clinical Commissioning Group"
    assert (
        data["successor"] == "Integrated Care Board"
        and data["canonical"] == "Integrated Care Board"
    )
    now = entities.dated_agency(entities.agency_data("Integrated Care Board", "ICB"), 2024)
    assert now["name"] == "Integrated Care Board" and "successor" not in now


def test_people_need_a_role_or_title() -> None:
    people = {
        p["name"]: p["role"]
        for p in entities.find_people(
            "Lead inspector: Jansy Kelly. Mr Peter Jones attended. Gate Store St Manchester.",
            person_spans=[(16, 27), (32, 43), (54, 67)],
        )
    }
    assert people == {"Jansy Kelly": "Lead inspector", "Peter Jones": "Mr"}


@pytest.mark.real
def test_real_report_ccg_is_named_as_then_and_furniture_is_not_an_entity() -> None:
    parsed = _trafford()
    records = entities.extract(parsed, kind="ruler")
    ccg = [r.data for r in records if r.fields.type == "agency" and "CCG" in r.fields.text]
    assert ccg, "the report names the CCG"
    assert {d["name"] for d in ccg} == {"Clinical Commissioning Group"}
    assert {d["successor"] for d in ccg} == {"Integrated Care Board"}
    furniture = entities.furniture_lines(parsed)
    cleaned = " ".join(entities.ner_text(p.text, furniture) for p in parsed.passages)
    for boilerplate in (
        "M1 2WD",
        "Piccadilly Gate",
        "Open Government Licence",
        "National Archives",
    ):
        assert boilerplate not in cleaned, boilerplate
    assert "Trafford" in cleaned and "LSCB" in cleaned  # the content is still there


@pytest.mark.real
def test_real_report_with_the_model_has_no_address_people_or_licence_organisations() -> None:
    records = entities.extract(_trafford(), kind="full")
    people = [r.data for r in records if r.fields.type == "person"]
    orgs = {r.fields.canonical for r in records if r.fields.type == "organisation"}
    assert not any("Store" in p["name"] or "Gate" in p["name"] for p in people), people
    assert all(p["role"] for p in people), people
    assert not orgs & {"Open Government Licence", "National Archives", "Local Authority"}, orgs


def test_the_document_page_shows_the_name_of_the_papers_date() -> None:
    data = entities.dated_agency(entities.agency_data("Integrated Care Board", "CCG"), 2015)
    rows = entities.KIND.display.table([Record("d", 4, Entity(**data))])
    assert rows[0]["Name"] == "Clinical Commissioning Group (now Integrated Care Board)"
