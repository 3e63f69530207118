"""Organisations are named bodies (issue 22).

Legal processes and orders ("Public Law Outline", "Special Guardianship Orders"), plans,
harms, headings, cover fragments ("Birmingham City Council Inspection") and pieces of
longer names are not organisations; a person's name never carries a following role word
("Pietro Battista Team" of "Team inspectors:"); a name the model cuts in two at "and"
("the Family Drug" / "Alcohol Court") is one name; the curated agency aliases still work.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ingest.extract import entities
from ingest.extract.entities import _names_a_body, _tidy_org
from ingest.model import Document, ParsedDocument

from ...helpers import REALDOCS, need


def test_a_body_is_named_by_its_head_noun() -> None:
    for name in (
        "Sandwell Children’s Trust",
        "the Corporate Parenting Board",
        "Office for National Statistics",
        "Social Care Institute for Excellence",
        "Family Drug and Alcohol Court (FDAC)",
        "the Warwickshire CiCC",
    ):
        assert _names_a_body(name), name
    for name in (
        "the Public Law Outline",
        "Special Guardianship Orders",
        "Female Genital Mutilation",
        "Family Group Conferences",
        "Birmingham City Council Inspection",
        "Christine Davies",
        "The Troubled Families Initiative",
    ):
        assert not _names_a_body(name), name


def test_names_are_tidied_of_bullets_brackets_and_possessives() -> None:
    assert _tidy_org("• The Local Authority’s") == "The Local Authority"
    assert _tidy_org("the People Directorate (DCS") == "the People Directorate"
    assert _tidy_org("the Children’s Advice and Support Service/") == (
        "the Children’s Advice and Support Service"
    )


def _organisations(text: str) -> list[str]:
    from ingest import nlp

    doc = nlp.get_nlp("full")(text)
    return [d["text"] for d in entities._from_doc(doc) if d["type"] in ("organisation", "agency")]


@pytest.mark.real
def test_the_model_s_organisations_are_named_bodies_only() -> None:
    found = _organisations(
        "During the pre-proceedings stage of the Public Law Outline (PLO), Special "
        "Guardianship Orders were made. Sutton contributes to the South London Family Drug "
        "and Alcohol Court (FDAC). Lead inspector: Pietro Battista Team inspectors: Emmy "
        "Tomsett, Christine Davies and Ali Mekki. Young adults who work in the Youth Voice "
        "and Influence Service have been instrumental in making changes. Good partnership "
        "work is undertaken by Warwick University and the local authority. Since April "
        "2018, services have been delivered by Sandwell Children’s Trust."
    )
    assert "the South London Family Drug and Alcohol Court" in found
    assert "the Youth Voice and Influence Service" in found
    assert "Warwick University" in found and "Sandwell Children’s Trust" in found
    assert "Alcohol Court" not in found  # only as part of the whole name
    for wrong in ("Public Law Outline", "Guardianship", "Team", "Davies"):
        assert not any(wrong in name for name in found), (wrong, found)


@pytest.mark.real
def test_agency_aliases_still_work_and_a_piece_of_a_longer_name_is_not_one() -> None:
    found = _organisations(
        "It inspects the Children and Family Court Advisory Support Service (Cafcass). "
        "The MASH and the Child Death Overview Panel work with the police."
    )
    assert "Family Court" not in found
    assert {"Children and Family Court Advisory Support Service", "Cafcass", "MASH"} <= set(found)
    assert "Child Death Overview Panel" in found


@pytest.mark.real
def test_real_page_has_no_process_or_half_name_organisations() -> None:
    """Milton Keynes 2024 page 4 (pool, development half): "the Public Law Outline" and a
    "Family Drug and Alcohol Court (FDAC)" that the model cuts in two."""
    from ingest import pdf
    from ingest.structure import build

    path = need(REALDOCS / "pool" / "ofsted-milton-keynes-2024-12.pdf")
    extracted = pdf.read(path, "mk")
    sections, passages, tables = build("mk", extracted)
    page = tuple(p for p in passages if p.page == 4)
    doc = Document(id="mk", path=str(Path(path)), title="", date="2024-10-18")
    parsed = ParsedDocument(doc, extracted.pages, sections, tables, page)
    names = [
        r.fields.text
        for r in entities.extract(replace(parsed), kind="full")
        if r.fields.type in ("organisation", "agency")
    ]
    assert not any("Public Law Outline" in n or n == "Alcohol Court" for n in names), names
    assert any("Family Drug and Alcohol Court" in n for n in names), names
