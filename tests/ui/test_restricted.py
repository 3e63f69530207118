"""Restricted papers never leak, over every read path (issue 26).

The app's small library (tests/helpers.py build_ui_data), copied, with its stock-take
paper put in a restricted collection. A reader outside the collection ("sam") is asked
everything the app and the command line can read: searches in every mode with and
without filters (hits, snippets, facet counts, chips, groups), theme briefs, the
registers (stock-take, recommendations, recurring groups), the glossary, the figures,
theme rates and cells, every export, documents, pages and page images. Nothing they get
may carry the restricted paper: its id, title, borough, period or any of its passages'
text. A member ("kim") and an admin ("ada") get exactly what the folder's owner gets.
"""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import index
from ingest import access
from ingest.store import Store
from ingest.viewer import OWNER, Viewer
from ui import cli, rates, report, views

from ..helpers import EMBEDDER

pytestmark = pytest.mark.slow  # a library built for the module, many searches

SAM = Viewer("sam", (), False)
KIM = Viewer("kim", ("secret",), False)
ADA = Viewer("ada", (), True)


@pytest.fixture(scope="module")
def library(ui_data, tmp_path_factory) -> dict[str, Any]:
    """The copied library, the restricted document and what marks it."""
    folder = tmp_path_factory.mktemp("restricted") / "data"
    shutil.copytree(ui_data, folder)
    with Store(folder, readonly=True) as store:
        docs = store.documents()
        secret = next(d for d in docs if "Stock-take" in d.title)
        others = [d for d in docs if d.id != secret.id]
        open_texts = " ".join(p.text for p in store.passages([d.id for d in others]))
        secret_texts = [p.text for p in store.passages([secret.id])]
    access.add_collection(folder, "secret", restricted=True)
    access.assign(folder, [secret.id], "secret")
    markers = {secret.id, secret.title, secret.path}
    markers |= {b for b in secret.boroughs if all(b not in d.boroughs for d in others)}
    markers |= {secret.period} if all(d.period != secret.period for d in others) else set()
    markers |= {t for t in secret_texts if len(t) > 25 and t not in open_texts}
    words = sorted(
        {w.strip(".,;:()").lower() for t in secret_texts + [open_texts] for w in t.split()}
    )
    return {
        "folder": folder,
        "secret": secret,
        "markers": markers,
        "words": [w for w in words if len(w) > 3 and w.isalpha()],
        "unique": [w for w in words if len(w) > 4 and w.isalpha() and w not in open_texts.lower()],
    }


@pytest.fixture(autouse=True)
def hash_model(monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)


def leaks(found: Any, markers: set[str]) -> list[str]:
    text = json.dumps(found, ensure_ascii=False, default=str)
    return sorted(m for m in markers if m and m in text)


def _search_shown(result: index.SearchResult) -> dict[str, Any]:
    """What a search shows of the library (not the words and filters it was given back)."""
    out = index.result_to_json(result)
    return {k: out[k] for k in ("hits", "facets", "groups", "understood", "total")}


FACET_VALUES = {
    "borough": ["Westminster", "Kensington and Chelsea"],
    "period": ["2011/12", "2012/13"],
    "doc_type": ["annual_report", "stocktake"],
    "agency": ["Police", "Health"],
    "theme": ["Neglect", "Housing pressure and homelessness"],
    "kind": ["paragraph", "table_row"],
}


@st.composite
def searches(draw: Any, words: list[str]) -> tuple[str, str, dict[str, str]]:
    query = " ".join(draw(st.lists(st.sampled_from(words), min_size=1, max_size=3)))
    mode = draw(st.sampled_from(index.MODES))
    facet = draw(st.sampled_from([None, *FACET_VALUES]))
    filters = {} if facet is None else {facet: draw(st.sampled_from(FACET_VALUES[facet]))}
    return query, mode, filters


def test_a_search_never_shows_a_restricted_paper_to_someone_outside_it(library):
    folder, markers = library["folder"], library["markers"]

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(searches(library["words"] + ["Kensington", "2012/13 stock-take"]))
    def check(search: tuple[str, str, dict[str, str]]) -> None:
        query, mode, filters = search

        def run(who: Viewer | None) -> dict[str, Any]:
            found = index.search(
                query, index.Filters.of(**filters), mode, 10, data_dir=folder, viewer=who
            )
            return _search_shown(found)

        assert leaks(run(SAM), markers) == []
        owner = run(None)
        assert run(KIM) == owner
        assert run(ADA) == owner

    check()


def test_a_member_and_an_admin_find_what_the_outsider_cannot(library):
    folder, secret = library["folder"], library["secret"]
    word = library["unique"][0]
    for who in (KIM, ADA, OWNER):
        hits = index.search(word, mode="keyword", data_dir=folder, viewer=who).hits
        assert secret.id in {h.doc_id for h in hits}, (who, word)
    outside = index.search(word, mode="keyword", data_dir=folder, viewer=SAM).hits
    assert secret.id not in {h.doc_id for h in outside}


def _registers(folder: Any, who: Viewer) -> dict[str, Any]:
    """Every register, screen table and count the app and the exports read from the store."""
    with Store(folder, readonly=True, viewer=who) as store:
        docs = {d.id: d for d in store.documents()}
        tags = rates.theme_tags(store.records("theme"), docs)
        words: dict[str, int] = {}
        for p in store.passages():
            words[p.doc_id] = words.get(p.doc_id, 0) + rates.words(p.text)
        recs = report.register_rows(store.records("recommendation"), docs)
        stock = views.register_rows(store.records("stocktake_row"), docs)
        return {
            "documents": [report.document_row(d, store.paths(d.id)) for d in docs.values()],
            "stocktake": stock,
            "recommendations": recs,
            "recurring": report.recurring_groups(recs),
            "progress": report.progress_links(recs, store.records("progress"), docs),
            "glossary": views.glossary_rows([], store.records("acronym"), docs),
            "figures": [r.fields for r in store.records("figure")],
            "themes": rates.theme_rates(tags, rates.text_amounts(list(docs.values()), words)),
            "cells": [
                rates.theme_cell_tags(tags, t["theme"], t["period"])
                for t in tags  # every heatmap cell's tags
            ],
            "counts": store.counts(),
            "pages": [store.pages(d) for d in (library_secret_id(folder),)],
            "page_of_secret": store.document(library_secret_id(folder)),
        }


def library_secret_id(folder: Any) -> str:
    with Store(folder, readonly=True) as store:
        return next(d.id for d in store.documents() if "Stock-take" in d.title)


def test_registers_themes_glossary_and_pages_leave_a_restricted_paper_out(library):
    folder, markers = library["folder"], library["markers"]
    outside = _registers(folder, SAM)
    assert leaks(outside, markers) == []
    assert outside["page_of_secret"] is None and outside["pages"] == [[]]
    owner = _registers(folder, OWNER)
    assert leaks(owner, markers)  # the owner's registers do hold the paper
    assert _registers(folder, KIM) == owner
    assert _registers(folder, ADA) == owner


@pytest.mark.parametrize("topic", ["Neglect", "Housing pressure and homelessness", "police"])
def test_a_brief_quotes_only_papers_the_reader_may_see(library, topic):
    folder, markers = library["folder"], library["markers"]
    outside = index.make_brief(topic, data_dir=folder, viewer=SAM).as_dict()
    assert leaks(outside, markers) == []
    owner = index.make_brief(topic, data_dir=folder).as_dict()
    assert index.make_brief(topic, data_dir=folder, viewer=KIM).as_dict() == owner


@pytest.fixture(scope="module")
def users(library) -> dict[str, Any]:
    folder = library["folder"]
    access.add_user(folder, "sam", "sam-password")
    access.add_user(folder, "kim", "kim-password", collections=["secret"])
    return library


@pytest.mark.parametrize("what", cli.EXPORT_KINDS)
def test_every_export_leaves_a_restricted_paper_out(users, what, capsys):
    folder, markers = users["folder"], users["markers"]

    def export(*who: str) -> str:
        assert cli.main(["export", what, "--data-dir", str(folder), *who]) == 0
        return capsys.readouterr().out

    assert leaks(export("--as", "sam"), markers) == []
    assert export("--as", "kim") == export()


def test_the_command_line_reads_as_a_user(users, capsys):
    folder, secret = users["folder"], users["secret"]
    word = users["unique"][0]
    for who, sees in (("sam", False), ("kim", True), ("", True)):
        extra = ["--as", who] if who else []
        assert (
            cli.main(
                ["search", word, "--mode", "keyword", "--json", "--data-dir", str(folder), *extra]
            )
            == 0
        )
        assert (secret.id in capsys.readouterr().out) == sees, who
        assert cli.main(["status", "--data-dir", str(folder), *extra]) == 0
        assert (secret.title in capsys.readouterr().out) == sees, who
        assert cli.main(["themes", "--json", "--data-dir", str(folder), *extra]) == 0
        assert (secret.period in capsys.readouterr().out) == sees, who
    assert cli.main(["status", "--as", "nobody", "--data-dir", str(folder)]) == 2
    assert "there is no user 'nobody'" in capsys.readouterr().err
    rows = access.audit(folder, user="sam")
    assert {"search", "export"} <= {r["action"] for r in rows}
    assert any(word in r["detail"] for r in rows if r["action"] == "search")


def test_a_large_librarys_lazy_rows_hide_the_same_rows(library):
    """The columnar catalog of large libraries (rows read when shown) masks as the rows do."""
    import numpy as np

    from index.catalog import Catalog, columnar_catalog, rows_for
    from index.visibility import visible_rows

    folder, secret = library["folder"], library["secret"]
    with Store(folder, readonly=True) as store:
        rows = Catalog(list(rows_for(store, store.documents())))
        lazy = columnar_catalog(folder, store)
    hidden = frozenset({secret.id})
    by_rows, by_columns = visible_rows(rows, hidden), visible_rows(lazy, hidden)
    assert by_rows is not None and by_columns is not None
    assert np.array_equal(by_rows, by_columns)
    assert 0 < by_rows.sum() < len(by_rows)
    assert all(rows.rows[i].document.id != secret.id for i in np.flatnonzero(by_rows))
    assert visible_rows(rows, frozenset()) is None
