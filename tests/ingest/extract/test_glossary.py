"""Acronym glossary: curated file and definitions found in documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.extract import glossary

from ...helpers import REALDOCS, SHARED, need, seed_parsed

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
        (
            "a Multi-Agency Risk Assessment Conference (MARAC) met",
            ("MARAC", "Multi-Agency Risk Assessment Conference"),
        ),
        ("invited by the Department of Education's (DfE) to", ("DfE", "Department of Education")),
        (
            "young people not in education, employment or training (EET) were",
            ("EET", "education, employment or training"),
        ),
        (
            "reviewed by independent reviewing officers (IROs) regularly",
            ("IRO", "independent reviewing officers"),
        ),
        (
            "The MARAC (Multi-Agency Risk Assessment Conference) met",
            ("MARAC", "Multi-Agency Risk Assessment Conference"),
        ),
    ],
)
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
    found = {(r.fields.acronym, r.fields.expansion) for r in records}
    assert ("CDOP", "Child Death Overview Panel") in found
    assert ("TA", "Temporary Accommodation") in found
    cdop = next(r for r in records if r.fields.acronym == "CDOP")
    assert cdop.passage_ordinal is not None and "(CDOP)" in cdop.fields.context


# -- one loader for ingest and index: search uses the shipped glossary file ---------------


def test_search_glossary_is_the_curated_file() -> None:
    """index and ingest read the same file through the same loader (it once read 'entries'
    while the file holds 'acronyms', so search expanded nothing)."""
    from index.glossary import expand_query, load_glossary

    shipped = load_glossary()
    assert len(shipped) == len({e["acronym"].upper() for e in glossary.load_curated()}) > 50
    assert "multi agency public protection arrangements" in expand_query("MAPPA", shipped)
    assert '"child sexual exploitation"' in expand_query("CSE risks", shipped).lower()
    assert "(child AND sexual AND exploitation)" in expand_query("CSE", shipped, phrases=False)
    assert expand_query("child sexual exploitation", shipped).endswith("OR CSE")


def test_malformed_glossary_names_the_file(tmp_path: Path) -> None:
    from index.glossary import load_glossary

    bad = tmp_path / "glossary.json"
    bad.write_text('{"acronyms": [{"acronym": "MAPPA"}]}', encoding="utf-8")
    with pytest.raises(glossary.GlossaryFileError, match="glossary.json"):
        load_glossary(bad)


def _cse_index(tmp_path: Path):
    from index import Index, sync
    from index.embed import HashEmbedder
    from ingest.model import Document, ParsedDocument, Passage, sha256_bytes
    from ingest.settings import Settings
    from ingest.store import Store

    texts = [
        "Work to tackle child sexual exploitation has improved with a new strategy.",
        "Neglect remains the most common reason for a child protection plan.",
        "Private fostering arrangements were promoted through schools.",
    ]
    doc_id = sha256_bytes(b"cse-test")
    doc = Document(
        id=doc_id,
        path="/papers/cse.pdf",
        title="Annual report",
        boroughs=("Westminster",),
        period="2015/16",
        doc_type="annual_report",
        pages=3,
    )
    passages = tuple(Passage(doc_id, i, "paragraph", t, page=i + 1) for i, t in enumerate(texts))
    with Store(tmp_path) as store:
        store.save(ParsedDocument(document=doc, passages=passages))
    settings = Settings.of(model="hash-256", progress=False)
    sync(tmp_path, settings)
    return Index(tmp_path, settings, HashEmbedder(256))  # glossary: the shipped default


@pytest.mark.parametrize("mode", ["keyword", "hybrid"])
def test_acronym_finds_passages_that_only_spell_it_out(tmp_path: Path, mode: str) -> None:
    index = _cse_index(tmp_path)
    result = index.search("CSE", mode=mode)
    assert result.hits and "child sexual exploitation" in result.hits[0].text
    assert result.hits[0].keyword_rank == 1
    assert "Child Sexual Exploitation" in " ".join(result.expansions)


def test_expansion_can_be_turned_off(tmp_path: Path) -> None:
    index = _cse_index(tmp_path)
    result = index.search("CSE", mode="keyword", expand=False)
    assert result.hits == () and result.expansions == ()


KC16 = REALDOCS / "tri-borough" / "ofsted-kensington-chelsea-2016-03.pdf"


@pytest.mark.real
def test_cse_finds_a_real_report_that_only_spells_it_out(tmp_path: Path) -> None:
    """The 2016 Kensington and Chelsea inspection never writes "CSE"; the shipped glossary
    carries the acronym to "child sexual exploitation" (keyword index only: no model)."""
    from index import Index, sync
    from index.embed import HashEmbedder
    from ingest.pipeline import ingest_paths
    from ingest.settings import Settings

    assert [r.outcome for r in ingest_paths([need(KC16)], tmp_path)] == ["ingested"]
    settings = Settings.of(model="hash-256", progress=False)
    sync(tmp_path, settings)
    index = Index(tmp_path, settings, HashEmbedder(256))
    res = index.search("CSE", mode="keyword")
    assert len(res.hits) >= 3
    assert all(re.search(r"sexual\W+exploitation", h.text, re.I) for h in res.hits)
    assert not any(re.search(r"\bCSE\b", h.text) for h in res.hits)
    assert any("Child Sexual Exploitation (CSE)" in e for e in res.expansions)
    assert index.search("CSE", mode="keyword", expand=False).hits == ()
    mappa = index.search("MAPPA meetings", mode="keyword")
    assert mappa.hits and "public protection arrangements" in mappa.hits[0].text


def test_plan_lists_what_was_added_both_ways() -> None:
    from index.expand import plan
    from index.glossary import load_glossary

    g = load_glossary()
    p = plan("CSE and MAPPA", g)
    assert "Child Sexual Exploitation (CSE)" in p.also
    assert any(a.startswith("Multi-Agency Public Protection Arrangements") for a in p.also)
    assert plan("child sexual exploitation panel", g).also == ("CSE",)
    assert plan("CSE", g, expand=False).also == () and plan("CSE", g, False).keyword == "CSE"
    assert plan("neglect at home", g).also == ()


def test_closest_theme_needs_the_threshold_and_leaves_out_typed_terms() -> None:
    import numpy as np

    from index.expand import closest_theme

    themes = [
        {"name": "Neglect", "seed_terms": ["neglect", "graded care profile", "neglectful"]},
        {"name": "Housing", "seed_terms": ["temporary accommodation", "homeless*"]},
    ]
    protos = np.eye(2, dtype=np.float32)
    q = np.array([0.8, 0.6], dtype=np.float32)
    match = closest_theme(q, protos, themes, "neglect in families", threshold=0.7)
    assert match is not None and match.name == "Neglect"
    assert match.terms == ("graded care profile", "neglectful")  # "neglect" was typed
    assert match.keyword_query() == "(graded AND care AND profile) OR neglectful"
    assert closest_theme(q, protos, themes, "x", threshold=0.9) is None
    assert closest_theme(q, protos, themes, "x", threshold=0.5, margin=0.3) is None
