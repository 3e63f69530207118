"""Sync tags themes once per taxonomy, feeds them to the keyword index, keeps a person's tags."""

from __future__ import annotations

from index import Filters, Index, sync
from index.themes import add_manual_tag
from ingest.store import Store

from ..helpers import KENSINGTON, SETTINGS, WESTMINSTER


def theme_pairs(store):
    return sorted(
        (r.fields.theme, r.fields.source, r.passage_ordinal) for r in store.records("theme")
    )


def test_sync_tags_themes_once_and_search_filters_by_them(tmp_path):
    with Store(tmp_path) as store:
        store.save(WESTMINSTER)
        store.save(KENSINGTON)
    first = sync(tmp_path, SETTINGS)
    assert first.docs_tagged == 2
    with Store(tmp_path) as store:
        tags = theme_pairs(store)
    # with the hash embedder only strong seed-term matches pass the threshold
    names = {t for t, _, _ in tags}
    assert {"Missing from home or care", "Private fostering"} <= names, names
    assert sync(tmp_path, SETTINGS).docs_tagged == 0  # nothing new: nothing re-tagged
    result = Index(tmp_path, SETTINGS).search(
        "children", Filters.of(theme="Missing from home or care"), mode="keyword"
    )
    assert [h.text[:8] for h in result.hits] == ["Children"]
    assert "Missing from home or care" in result.hits[0].themes


def test_a_persons_tag_survives_re_tagging(tmp_path):
    with Store(tmp_path) as store:
        store.save(WESTMINSTER)
    sync(tmp_path, SETTINGS)
    with Store(tmp_path) as store:
        add_manual_tag(store, WESTMINSTER.document.id, 1, "Information sharing")
    (tmp_path / "themes-state.json").write_text("{}")  # as if the taxonomy had been edited
    assert sync(tmp_path, SETTINGS).docs_tagged == 1
    with Store(tmp_path) as store:
        assert ("Information sharing", "person", 1) in theme_pairs(store)
