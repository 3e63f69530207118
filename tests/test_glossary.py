"""Acronym glossary: curated file and definitions found in documents."""

from __future__ import annotations

import re

import pytest

from ingest import glossary

from .helpers import SHARED, need, seed_parsed

THEMES_MD = SHARED / "reference" / "themes.md"


def test_curated_glossary_is_complete_and_unique() -> None:
    curated = glossary.load_curated()
    names = [e["acronym"] for e in curated]
    assert len(names) == len(set(names))
    assert {"MARAC", "LSCB", "CCG", "ICB", "PCT", "CAFCASS", "LADO", "SUDI"} <= set(names)
    assert all(e["expansion"] and e["expansion"] != e["acronym"] for e in curated)


def test_every_acronym_in_the_reference_taxonomy_is_curated() -> None:
    line = next(
        ln for ln in need(THEMES_MD).read_text().splitlines() if ln.startswith("Common acronyms")
    )
    listed = re.findall(r"[A-Za-z]+", line.split(":", 1)[1])
    curated = {e["acronym"].lower() for e in glossary.load_curated()}
    assert [a for a in listed if a.lower() not in curated] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a Multi-Agency Risk Assessment Conference (MARAC) met", ("MARAC", "Multi-Agency Risk Assessment Conference")),
        ("invited by the Department of Education's (DfE) to", ("DfE", "Department of Education")),
        ("young people not in education, employment or training (EET) were", ("EET", "education, employment or training")),
        ("reviewed by independent reviewing officers (IROs) regularly", ("IRO", "independent reviewing officers")),
        ("The MARAC (Multi-Agency Risk Assessment Conference) met", ("MARAC", "Multi-Agency Risk Assessment Conference")),
    ],
)  # fmt: skip
def test_definitions_found(text: str, expected: tuple[str, str]) -> None:
    found = [(d["acronym"], d["expansion"]) for d in glossary.find_definitions(text)]
    assert found == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "reported to the Board (LSCB) in March",  # initials do not spell it
        "the figures (see Appendix 2) show",  # not an acronym
        "services (CP) were reviewed",  # 'services' does not start with C
    ],
)
def test_implausible_definitions_refused(text: str) -> None:
    assert list(glossary.find_definitions(text)) == []


def test_seed_definitions_with_provenance() -> None:
    records = glossary.extract(seed_parsed())
    found = {(r.data["acronym"], r.data["expansion"]) for r in records}
    assert ("CDOP", "Child Death Overview Panel") in found
    assert ("TA", "Temporary Accommodation") in found
    cdop = next(r for r in records if r.data["acronym"] == "CDOP")
    assert cdop.passage_ordinal is not None and "(CDOP)" in cdop.data["context"]
