"""Index unit tier: keyword, semantic (hash embedder), hybrid, filters, facets, sync."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import scoring

from index import Filters, Index, bm25f, format_hits_text, reindex, result_to_json, sync
from index.embed import HashEmbedder
from index.glossary import Glossary
from index.keyword import KeywordIndex
from index.vectors import VectorStore
from ingest.extract.themes import ThemeTag
from ingest.model import Record
from ingest.store import Store

from ..helpers import KENSINGTON, SETTINGS, WESTMINSTER, two_borough_library
from ..helpers import index_doc as _doc

GLOSSARY = Glossary.from_entries(
    [{"acronym": "MAPPA", "expansion": "Multi-Agency Public Protection Arrangements"}]
)


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    return two_borough_library(tmp_path)


def _index(data_dir: Path) -> Index:
    return Index(data_dir, SETTINGS, HashEmbedder(256), GLOSSARY)


def _texts(result) -> list[str]:  # noqa: ANN001
    return [h.text for h in result.hits]


def test_keyword_finds_stemmed_words_and_cites_page(data_dir: Path) -> None:
    res = _index(data_dir).search("interpreter booking", mode="keyword")
    assert res.hits and res.hits[0].text.startswith("Interpreters were booked")
    hit = res.hits[0]
    assert (hit.page, hit.period, hit.boroughs) == (1, "2011/12", ("Westminster",))
    assert hit.highlights and hit.text[slice(*hit.highlights[0])] == "Interpreters"


def test_acronym_expands_both_ways(data_dir: Path) -> None:
    idx = _index(data_dir)
    forward = _texts(idx.search("MAPPA", mode="keyword"))
    assert any(t.startswith("Multi-Agency Public Protection") for t in forward)
    assert any(t.startswith("The MAPPA panel") for t in forward)
    back = _texts(idx.search('"multi-agency public protection arrangements"', mode="keyword"))
    assert any(t.startswith("The MAPPA panel") for t in back)


def test_phrase_and_field_queries(data_dir: Path) -> None:
    idx = _index(data_dir)
    assert _texts(idx.search('"private fostering"', mode="keyword"))[0].startswith("Private")
    assert not idx.search('"fostering private"', mode="keyword").hits
    res = idx.search("borough:westminster neglect OR interpreters", mode="keyword")
    assert all(h.boroughs == ("Westminster",) for h in res.hits)


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_filters_work_in_every_mode(data_dir: Path, mode: str) -> None:
    idx = _index(data_dir)
    query = "child protection"
    for borough in ("Westminster", "Kensington and Chelsea"):
        res = idx.search(query, Filters.of(borough=borough), mode=mode)
        assert res.hits and all(h.boroughs == (borough,) for h in res.hits)
    res = idx.search(query, Filters.of(period="2015/16"), mode=mode)
    assert res.hits and {h.period for h in res.hits} == {"2015/16"}
    assert not idx.search(query, Filters.of(period="1999/00"), mode=mode).hits
    rows = idx.search("police vacancies", Filters.of(kind="table_row"), mode=mode).hits
    assert [h.kind for h in rows] == ["table_row"]


def test_agency_from_stocktake_records_is_a_filter_and_facet(data_dir: Path) -> None:
    idx = _index(data_dir)
    res = idx.search("vacancies", Filters.of(agency="police"), mode="keyword")
    assert [h.agencies for h in res.hits] == [("Police",)]
    assert res.facets["agency"] == {"Police": 1}


def test_facets_count_the_matched_passages(data_dir: Path) -> None:
    res = _index(data_dir).search('"child protection"', mode="keyword")
    assert res.facets["borough"] == {"Westminster": 1, "Kensington and Chelsea": 1}
    assert res.facets["kind"] == {"paragraph": 2}
    assert res.total == 2


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_chosen_facet_counts_what_its_other_values_would_add(data_dir: Path, mode: str) -> None:
    res = _index(data_dir).search(
        '"child protection"', Filters.of(borough="Westminster"), mode=mode
    )
    assert res.hits and all(h.boroughs == ("Westminster",) for h in res.hits)
    assert set(res.facets["borough"]) == {"Westminster", "Kensington and Chelsea"}
    # facets without a selection count the filtered results only
    assert set(res.facets["period"]) == {"2011/12"}
    assert set(res.facets["doc_type"]) == {"annual_report"}


def test_disjunctive_counts_are_exact_for_keyword(data_dir: Path) -> None:
    idx = _index(data_dir)
    res = idx.search('"child protection"', Filters.of(borough="Westminster"), mode="keyword")
    assert res.facets["borough"] == {"Westminster": 1, "Kensington and Chelsea": 1}
    assert res.facets["kind"] == {"paragraph": 1} and res.total == 1
    # two selections: each chosen facet counts under the other filter only
    both = Filters.of(borough="Westminster", period="2015/16")
    res = idx.search('"child protection"', both, mode="keyword")
    assert not res.hits
    assert res.facets["borough"] == {"Kensington and Chelsea": 1}
    assert res.facets["period"] == {"2011/12": 1}
    assert res.facets["kind"] == {}


def test_empty_query_facets_are_disjunctive_too(data_dir: Path) -> None:
    idx = _index(data_dir)
    everything = idx.search("", mode="keyword").facets
    assert everything["borough"] == {"Westminster": 4, "Kensington and Chelsea": 3}
    chosen = idx.search("", Filters.of(borough="Westminster"), mode="keyword").facets
    assert chosen["borough"] == everything["borough"]
    assert chosen["kind"] == {"paragraph": 3, "table_row": 1}


def test_hybrid_fuses_both_rankings(data_dir: Path) -> None:
    res = _index(data_dir).search("child protection conference", mode="hybrid", limit=3)
    assert res.hits[0].keyword_rank == 1 and res.hits[0].semantic_rank is not None
    assert res.hits[0].score > res.hits[-1].score


def test_sync_is_incremental_and_forgets_removed_documents(data_dir: Path) -> None:
    again = sync(data_dir, SETTINGS)
    assert (again.docs_added, again.passages_embedded, again.docs_removed) == (0, 0, 0)
    with Store(data_dir) as store:
        store.delete(KENSINGTON.document.id)
        newer = _doc("westminster-2012.pdf", "Westminster", "2012/13", ["Gangs and knives."])
        store.save(newer)
    report = sync(data_dir, SETTINGS)
    assert (report.docs_added, report.docs_removed) == (1, 1)
    assert (report.passages_embedded, report.vectors_dropped) == (1, 3)
    idx = _index(data_dir)
    assert not idx.search("neglect", mode="keyword").hits
    assert not [h for h in idx.search("neglect", mode="semantic").hits if "Neglect" in h.text]
    assert idx.search("knives", mode="hybrid").hits[0].period == "2012/13"
    assert set(KeywordIndex(data_dir).fingerprints()) == {
        WESTMINSTER.document.id,
        newer.document.id,
    }


def test_changed_tags_reindex_keyword_but_do_not_reembed(data_dir: Path) -> None:
    doc_id = WESTMINSTER.document.id
    with Store(data_dir) as store:
        theme = Record(doc_id, 1, ThemeTag(theme="language barriers and interpreters"), None, 0)
        store.replace_records("theme", [theme], [doc_id])
    report = sync(data_dir, SETTINGS)
    assert (report.docs_added, report.passages_embedded) == (1, 0)
    res = _index(data_dir).search("theme:interpreters", mode="keyword")
    assert res.hits and res.hits[0].themes == ("language barriers and interpreters",)


def test_crash_between_indexes_is_repaired_by_sync(data_dir: Path) -> None:
    # A crash after the vectors were written but before Whoosh committed looks like an
    # index that lacks a document: sync must put it back and leave vectors alone.
    KeywordIndex(data_dir).update([WESTMINSTER.document.id], [])
    assert not _index(data_dir).search("interpreters", mode="keyword").hits
    report = sync(data_dir, SETTINGS)
    assert (report.docs_added, report.passages_embedded) == (1, 0)
    assert _index(data_dir).search("interpreters", mode="keyword").hits
    # A half-written vector file (no manifest update) is ignored.
    (data_dir / "vectors" / "vectors-99.npy.tmp").write_bytes(b"garbage")
    assert _index(data_dir).search("interpreters", mode="semantic").hits


def test_reindex_rebuilds_from_scratch(data_dir: Path) -> None:
    man = VectorStore(data_dir).manifest()
    report = reindex(data_dir, SETTINGS)
    assert report.docs_added == 2 and report.passages_embedded == man["count"]
    assert _index(data_dir).search("neglect", mode="keyword").hits


def test_missing_indexes_give_plain_messages(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.save(WESTMINSTER)
    res = _index(tmp_path).search("interpreters", mode="hybrid")
    assert not res.hits
    assert any("reindex" in m for m in res.messages)


def test_text_and_json_output(data_dir: Path) -> None:
    res = _index(data_dir).search("interpreters", Filters.of(borough="Westminster"))
    text = format_hits_text(res)
    assert "westminster-2011.pdf, p. 1" in text and "**Interpreters**" in text
    data = json.loads(json.dumps(result_to_json(res)))
    hit = data["hits"][0]
    assert set(hit) >= {
        "doc_id",
        "title",
        "path",
        "boroughs",
        "period",
        "doc_type",
        "page",
        "section",
        "kind",
        "text",
        "score",
    }
    assert hit["text"] == WESTMINSTER.passages[0].text
    assert data["mode"] == "hybrid" and "borough" in data["facets"]


def test_unknown_mode_and_filter_are_refused(data_dir: Path) -> None:
    with pytest.raises(ValueError, match="unknown search mode"):
        _index(data_dir).search("x", mode="fuzzy")
    with pytest.raises(ValueError, match="unknown filter"):
        Filters.of(colour="red")


KEYWORD_QUERIES = [
    "child protection",
    "interpreters booked parents",
    "neglect OR abuse",
    "MAPPA panel",
    "police vacancies",
    "children missing care return",
    "nothing matches this",
]


BM25F_PARAMS = {
    "shipped": bm25f.PARAMS,
    # every parameter away from Whoosh's defaults and a b of its own for the text field
    # (the one whose lengths vary here): a value one side ignored would change the scores
    "changed": bm25f.BM25FParams(k1=2.0, b=0.3, field_b={"text": 0.9, "section": 0.0}),
}


@pytest.mark.parametrize("params", BM25F_PARAMS.values(), ids=BM25F_PARAMS.keys())
@pytest.mark.parametrize("group", ["and", "or"])
def test_numpy_scoring_ranks_exactly_as_whoosh(
    data_dir: Path, group: str, params: bm25f.BM25FParams
) -> None:
    """index/bm25f.py reimplements Whoosh's BM25F: ranks and scores equal Whoosh's own
    searcher weighted with the same parameters."""
    kw = KeywordIndex(data_dir, params=params)
    weighting = scoring.BM25F(**params.weighting_kwargs())
    compared = 0
    with whoosh_index.open_dir(str(kw.dir)).searcher(weighting=weighting) as searcher:
        for text in KEYWORD_QUERIES:
            query = kw.parse(text, group)
            ref = [(h.docnum, h.score) for h in searcher.search(query, limit=10, terms=False)]
            mine, docs = kw._ranked(query, 10, None)
            assert docs is not None, text  # plain words: scored in numpy
            assert [n for n, _ in mine] == [n for n, _ in ref], text
            assert all(abs(a - b) < 1e-9 for (_, a), (_, b) in zip(mine, ref, strict=True)), text
            compared += len(ref)
    assert compared > 5


def test_changed_bm25f_parameters_change_the_scores(data_dir: Path) -> None:
    """The pin above is not vacuous: the changed parameters give other scores."""
    shipped, changed = (KeywordIndex(data_dir, params=p) for p in BM25F_PARAMS.values())
    query = shipped.parse("child protection", "or")
    docs = shipped.match_docs(query)
    assert len(docs) > 1
    assert not np.allclose(shipped.bm25f(query, docs), changed.bm25f(query, docs))


def test_match_sets_equal_whooshs_for_any_query(data_dir: Path) -> None:
    kw = KeywordIndex(data_dir)
    searcher = kw._get_searcher()
    structured = [
        '"child protection"',
        "borough:westminster neglect",
        "neglect NOT abuse",
        "kind:table_row police",
        '(MAPPA OR "multi agency public protection")',
    ]
    for text in KEYWORD_QUERIES + structured:
        for group in ("and", "or"):
            query = kw.parse(text, group)
            assert kw.match_docs(query).tolist() == sorted(searcher.docs_for_query(query)), text


def test_warm_reads_the_commonest_words_first_and_searches_need_no_more(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kw = KeywordIndex(data_dir)
    reader = kw._get_searcher().reader()
    fields = ("text", "section", "title")
    df = {(f, w): reader.doc_frequency(f, w) for f in fields for w in reader.field_terms(f)}
    first = min(df, key=lambda k: (-df[k], k))  # in the most passages
    assert kw.warm(budget=df[first], min_df=1) == df[first]  # the budget stops it there
    assert list(kw._common) == [first]
    before = {t: kw.search(t, 10).pids for t in ("child protection", "police neglect")}
    kw.close()
    kw = KeywordIndex(data_dir)
    assert kw.warm(min_df=1) == sum(df.values())

    cls = type(kw._get_searcher().reader())
    original, read = cls.postings, []

    def reading(self, field, word, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        read.append((field, word.decode() if isinstance(word, bytes) else word))
        return original(self, field, word, *args, **kwargs)

    monkeypatch.setattr(cls, "postings", reading)
    assert {t: kw.search(t, 10).pids for t in before} == before  # the same hits
    assert read and not set(read) & set(df)  # only words the index lacks were looked up


def test_warm_stops_when_the_index_changes_under_it(data_dir: Path) -> None:
    """Warm-up reads word by word, letting searches in between; a search that picked up a
    newer index (another searcher) ends it: the counts it was reading by are old."""
    kw = KeywordIndex(data_dir)
    real = kw._term_postings
    seen = []

    def reading(field, word):  # noqa: ANN001, ANN202
        seen.append((field, word))
        out = real(field, word)
        kw._searcher = kw._open().searcher()  # as a refresh between two words would
        return out

    kw._term_postings = reading
    assert kw.warm(min_df=1) > 0
    assert len(seen) == 1 and list(kw._common) == seen


def test_or_fallback_drops_only_common_plain_words(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.keyword as keyword

    monkeypatch.setattr(keyword, "RARE_FLOOR", 0)
    monkeypatch.setattr(keyword, "RARE_SHARE", 0.2)  # 1 of 7 passages is rare, 2 common
    kw = KeywordIndex(data_dir)
    kept = keyword.query_terms(kw.or_query("child protection interpreters"))
    assert kept == {"interpret"}  # 'child' and 'protect' are in two passages each
    assert keyword.query_terms(kw.or_query("child protection")) == {"child"}  # the rarest
    grouped = kw.or_query('child ("child protection" OR interpreters)')
    assert "interpret" in keyword.query_terms(grouped) and "protect" in keyword.query_terms(grouped)


# -- honest result lists, folded duplicates, query expansion (issue 15) ------------------

RARE = _doc(
    "minutes-2020.pdf",
    "Westminster",
    "2019/20",
    [
        "The zebrafinch pilot was noted by the board and closed.",
        "Multi-Agency Public Protection Arrangements are well established in the borough.",
    ],
)


@pytest.fixture()
def dup_dir(tmp_path: Path) -> Path:
    with Store(tmp_path) as store:
        for doc in (WESTMINSTER, KENSINGTON, RARE):
            store.save(doc)
    sync(tmp_path, SETTINGS)
    return tmp_path


def _idx(data_dir: Path, **settings) -> Index:  # noqa: ANN003
    return Index(data_dir, SETTINGS.replace(**settings), HashEmbedder(256), GLOSSARY)


def test_hits_say_whether_they_match_the_words(dup_dir: Path) -> None:
    res = _idx(dup_dir, related_floor=0.0).search("zebrafinch pilot", mode="hybrid")
    assert res.hits[0].match == "words" and "zebrafinch" in res.hits[0].text
    assert all(h.match == "meaning" for h in res.hits[1:]) and len(res.hits) > 1
    assert all(h.similarity is not None for h in res.hits)


def test_related_passages_under_the_floor_are_not_shown(dup_dir: Path) -> None:
    res = _idx(dup_dir, related_floor=0.99).search("zebrafinch pilot", mode="hybrid")
    assert [h.match for h in res.hits] == ["words"]
    assert res.hidden_related > 0
    assert "too weakly related" in format_hits_text(res)
    # semantic mode is asked for meaning: the floor does not hide its hits
    assert _idx(dup_dir, related_floor=0.99).search("zebrafinch", mode="semantic").hits


def test_same_text_in_two_papers_is_one_hit_with_both_citations(dup_dir: Path) -> None:
    res = _idx(dup_dir).search("public protection arrangements", mode="keyword")
    same = [h for h in res.hits if h.text.startswith("Multi-Agency Public Protection")]
    assert len(same) == 1
    assert len(same[0].also_in) == 1 and same[0].also_in[0].path != same[0].path
    assert same[0].also_in[0].page >= 1
    out = result_to_json(res)
    assert any(h["also_in"] for h in out["hits"]) and all("match" in h for h in out["hits"])
    assert "same text also in" in format_hits_text(res)
    apart = _idx(dup_dir, collapse_duplicates=False).search(
        "public protection arrangements", mode="keyword"
    )
    assert len([h for h in apart.hits if h.text.startswith("Multi-Agency Public")]) == 2


def test_expansions_are_reported_and_can_be_turned_off(dup_dir: Path) -> None:
    idx = _idx(dup_dir)
    res = idx.search("MAPPA", mode="keyword")
    assert any("Multi-Agency Public Protection Arrangements" in e for e in res.expansions)
    assert "Also searched for" in format_hits_text(res)
    assert result_to_json(res)["also_searched_for"] == list(res.expansions)
    off = idx.search("MAPPA", mode="keyword", expand=False)
    assert off.expansions == () and off.expanded_query == ""
    assert {h.text[:20] for h in off.hits} < {h.text[:20] for h in res.hits} or not off.hits


def test_a_query_close_to_a_theme_borrows_its_vocabulary(dup_dir: Path) -> None:
    idx = _idx(dup_dir, theme_threshold=0.3, theme_gate=1000, theme_share=0.0)
    res = idx.search("neglect neglected neglectful", mode="hybrid")
    assert any("theme: Neglect" in e for e in res.expansions), res.expansions
    assert not any("theme:" in e for e in idx.search("neglect", mode="keyword").expansions)
    off = idx.search("neglect neglected neglectful", mode="hybrid", expand=False)
    assert off.expansions == ()
    assert res.theme is not None and res.theme.chip_id == "theme:Neglect"  # the chip's id
    dropped = idx.search("neglect neglected neglectful", mode="hybrid", drop=("theme:Neglect",))
    assert dropped.theme is None and not any("theme:" in e for e in dropped.expansions)
    # by default only a query whose own words match nothing borrows a theme's vocabulary
    gated = _idx(dup_dir, theme_threshold=0.3, theme_share=0.0).search(
        "neglect neglected neglectful"
    )
    assert not any("theme:" in e for e in gated.expansions)


def test_a_theme_ranking_is_reused_until_the_library_changes(dup_dir: Path) -> None:
    idx = _idx(dup_dir, theme_threshold=0.3, theme_gate=1000, theme_share=0.0)
    first = idx.search("neglect neglected neglectful", mode="hybrid", facets=False)
    assert "theme" in first.timings_ms and len(idx._theme_rankings) == 1
    calls = []
    real = idx._keyword
    idx._keyword = lambda *a, **k: calls.append(a[0]) or real(*a, **k)  # noqa: ARG005
    again = idx.search("neglect neglected neglectful", mode="hybrid", facets=False)
    assert [h.passage_id for h in again.hits] == [h.passage_id for h in first.hits]
    assert len(calls) == 1  # the query's own words; the theme's ranking came from the cache
    filtered = idx.search(
        "neglect neglected neglectful", Filters.of(borough="Westminster"), facets=False
    )
    assert all(h.boroughs == ("Westminster",) for h in filtered.hits)
    assert len(calls) == 2  # its own words again; the filter took the kept theme ranking's rows
    assert len(idx._theme_rankings) == 1
    idx.refresh(force=True)  # the library changed (or may have): rankings forgotten
    assert idx._theme_rankings == {}


def test_when_no_passage_has_the_words_the_lower_floor_applies(dup_dir: Path) -> None:
    res = _idx(dup_dir, related_floor=0.99, related_floor_unmatched=0.0).search(
        "qqqzzz", mode="hybrid"
    )
    assert res.hits and all(h.match == "meaning" for h in res.hits)
    hidden = _idx(dup_dir, related_floor=0.0, related_floor_unmatched=0.99).search(
        "qqqzzz", mode="hybrid"
    )
    assert hidden.hits == () and hidden.hidden_related > 0


def test_a_query_repeated_with_other_filters_is_encoded_once(data_dir: Path) -> None:
    class Counting(HashEmbedder):
        calls = 0

        def encode(self, texts, *, progress=False):  # noqa: ANN001, ANN202
            Counting.calls += 1
            return super().encode(texts, progress=progress)

    idx = Index(data_dir, SETTINGS, Counting(256), GLOSSARY)
    first = idx.search("children missing from care", mode="semantic")
    calls = Counting.calls
    again = idx.search("children missing from care", mode="semantic")
    assert Counting.calls == calls and _texts(again) == _texts(first)
    idx.search("children missing from care", Filters.of(borough="Westminster"), "semantic")
    assert Counting.calls == calls
    idx.search("neglect plans", mode="semantic")
    assert Counting.calls == calls + 1


def test_warm_ranks_every_theme_before_the_first_search(data_dir: Path) -> None:
    from ingest.themes import load_themes

    idx = _index(data_dir)
    idx.warm()
    with_terms = [t for t in load_themes() if any(x.strip() for x in t["seed_terms"])]
    assert 0 < len(with_terms) == len(idx._theme_rankings)
    from index.expand import ThemeMatch

    assert set(idx._theme_rankings) == {
        ThemeMatch(t["name"], 0.0, tuple(x for x in t["seed_terms"] if x.strip())).keyword_query()
        for t in with_terms
    }


def test_warm_postings_reads_the_keyword_index_s_common_words(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.keyword as keyword

    monkeypatch.setattr(keyword, "WARM_MIN_DF", 2)  # the test library's common words
    idx = _index(data_dir)
    idx.refresh(force=True)
    assert idx.warm_postings() > 0 and ("text", "child") in idx.keyword._common
    assert Index(tmp_path / "empty", SETTINGS).warm_postings() == 0


def test_warm_on_an_empty_folder_loads_nothing(tmp_path: Path) -> None:
    idx = Index(tmp_path, SETTINGS)
    idx.warm()
    assert idx._embedder is None and not idx._theme_rankings


@pytest.mark.parametrize("keep", [5000, 2])
def test_a_themes_ranking_within_a_filter_is_its_own_ranking_there(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, keep: int
) -> None:
    """A theme's rows under a filter come from its whole-library ranking, kept once: they
    must be the rows a ranking within the filter gives, at every depth, also when the
    kept rows run out (keep=2)."""
    import importlib

    from index.expand import ThemeMatch

    monkeypatch.setattr(importlib.import_module("index.search"), "THEME_KEEP", keep)
    idx = _index(data_dir)
    idx.refresh(force=True)
    theme = ThemeMatch("test", 0.0, ("child protection", "police", "neglect", "interpreters"))
    query = theme.keyword_query()
    whole = idx._keyword(query, 50, None, False, False)[0]
    assert len(whole) >= 3
    masks = [None] + [
        idx.catalog.mask(f.as_dict())
        for f in (Filters.of(borough="Westminster"), Filters.of(borough="Kensington and Chelsea"))
    ]
    assert all(m is None or 0 < m.sum() < len(m) for m in masks)
    for mask in masks:
        for depth in (1, 2, 3, 10):
            want = idx._keyword(query, depth, mask, False, False)[0]
            assert idx._theme_ranking(theme, depth, mask) == want, (depth, mask)
    assert len(idx._theme_rankings[query][0]) == min(keep, len(whole))


def test_a_themes_kept_ranking_short_of_rows_the_catalog_lacks_is_not_taken_as_whole(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a library changes, the keyword index can hold passages the catalog lacks; the
    kept ranking then has fewer rows than the engine ranked, and a deeper or filtered
    ranking must be asked of the engine, not cut from the kept rows."""
    import importlib

    from index.expand import ThemeMatch

    monkeypatch.setattr(importlib.import_module("index.search"), "THEME_KEEP", 2)
    idx = _index(data_dir)
    idx.refresh(force=True)
    theme = ThemeMatch("test", 0.0, ("child protection", "police", "neglect", "interpreters"))
    query = theme.keyword_query()
    top = idx._keyword(query, 1, None, False, False)[0][0]
    del idx.catalog.index_of[idx.catalog.ids[top]]  # the catalog lacks the top passage
    want = idx._keyword(query, 3, None, False, False)[0]
    assert len(want) >= 2 and top not in want
    assert idx._theme_ranking(theme, 3, None) == want
    assert idx._theme_rankings[query][1] is False  # not the whole ranking
