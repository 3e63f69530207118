"""Large-library engines, unit tier: the bm25s keyword engine and the approximate vector index.

Thresholds are lowered so a few hundred passages take the large-library paths; the
answers are checked against the ordinary engines (Whoosh, exact cosine) on the same data.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from index import Filters, Index, sync
from index import vectors as vecmod
from index.bm25 import LargeKeywordIndex, analyse
from index.keyword import KeywordIndex, analysed_terms
from ingest.extract.entities import Entity
from ingest.extract.themes import ThemeTag
from ingest.model import Document, ParsedDocument, Passage, sha256_bytes
from ingest.settings import SearchSettings, Settings
from ingest.store import Store

WORDS = (
    "child protection conference interpreter fostering neglect police health school "
    "board review plan referral missing exploitation training audit family parent "
    "housing language domestic abuse violence court social worker visit"
).split()
BOROUGHS = ("Westminster", "Kensington and Chelsea", "Hammersmith and Fulham")
SEARCH = SearchSettings()  # the default thresholds
NEAREST = {"ann_min": SEARCH.ann_min, "probe_share": SEARCH.ivf_probe_share}


def _library(root: Path, docs: int = 30, per_doc: int = 12, seed: int = 3) -> None:
    rng = random.Random(seed)
    with Store(root) as store:
        for d in range(docs):
            texts = [" ".join(rng.choices(WORDS, k=rng.randint(6, 30))) for _ in range(per_doc)]
            doc_id = sha256_bytes(f"doc{d}".encode())
            doc = Document(
                id=doc_id,
                path=f"/papers/doc{d}.pdf",
                title=f"Annual report {d}",
                boroughs=(BOROUGHS[d % 3],),
                period=f"20{10 + d % 5}/{11 + d % 5}",
                doc_type="annual_report",
                pages=per_doc,
            )
            passages = tuple(
                Passage(doc_id, i, "paragraph", t, page=i + 1, section_path=("Part",))
                for i, t in enumerate(texts)
            )
            store.save(ParsedDocument(document=doc, passages=passages))


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Index, Index]:
    """The same library indexed by Whoosh and by the large-library engine."""
    out = []
    for engine in ("whoosh", "bm25s"):
        root = tmp_path_factory.mktemp(engine)
        _library(root)
        settings = Settings.of(model="hash-256", progress=False, keyword_engine=engine)
        sync(root, settings)
        out.append(Index(root, settings))
    return out[0], out[1]


def test_analyser_matches_whoosh_stems() -> None:
    text = "Interpreters were booked for the children's conferences; fostering arrangements"
    assert set(analyse(text)) == set(analysed_terms(text))


def test_engines_built_as_asked(twin: tuple[Index, Index]) -> None:
    whoosh, large = twin
    assert isinstance(whoosh.keyword, KeywordIndex)
    assert isinstance(large.keyword, LargeKeywordIndex)
    assert not (large.data_dir / "whoosh").exists()
    assert large.keyword.doc_count() == 360


@pytest.mark.parametrize(
    "query", ["interpreter conference", "neglect police school", "missing exploitation court"]
)
@pytest.mark.parametrize("borough", [None, "Westminster"])
def test_and_matches_equal_whoosh(twin: tuple[Index, Index], query: str, borough: str) -> None:
    """Same AND semantics: the same passages match, with and without a filter."""
    filters = Filters.of(borough=borough) if borough else None
    a, b = (ix.search(query, filters, mode="keyword", limit=1000) for ix in twin)
    assert b.hits, query
    assert {h.passage_id for h in b.hits} == {h.passage_id for h in a.hits}
    assert b.total == a.total and b.facets == a.facets
    if borough:
        assert all(h.boroughs == (borough,) for h in b.hits)
    scores = [h.score for h in b.hits]
    assert scores == sorted(scores, reverse=True)
    assert b.hits[0].highlights  # query stems are highlighted as with Whoosh


@pytest.mark.parametrize(
    "query",
    [
        "interpreter OR zebra",
        "(police AND school) OR fostering",
        "neglect NOT abuse",
        "(training OR audit) court",
        "(housing OR (domestic AND violence)) family",  # a glossary expansion's shape
        "(court OR (social AND worker)) visit NOT parent",
        "police OR health school",  # side by side binds loosest: (police OR health) school
        "police AND school OR health",  # AND tighter than OR
        "police school OR health",
        "neglect NOT abuse OR court",  # NOT inside an OR: every other passage
    ],
)
def test_and_or_not_match_as_whoosh(twin: tuple[Index, Index], query: str) -> None:
    """AND, OR, NOT and parentheses mean what they mean to Whoosh: an expanded acronym,
    (CSE OR (child AND sexual AND exploitation)), is not the AND of all its words."""
    a, b = (_matched(ix, query) for ix in twin)
    assert a, query
    assert a == b, query


def _matched(ix: Index, query: str) -> set[str]:
    """The passages a query matches, without the OR fallback (which a phrase can trigger
    on one engine and not the other)."""
    ix.refresh(force=True)
    return {ix.catalog.ids[r] for r in ix._keyword(query, 5000, None, False, False)[0]}


def test_a_phrase_matches_its_words_anywhere(twin: tuple[Index, Index]) -> None:
    """No positions here: a phrase matches wherever its words all are, which includes
    every passage Whoosh finds with them side by side."""
    a, b = (_matched(ix, '"child protection" plan') for ix in twin)
    assert a and a < b
    _, large = twin
    texts = {large.catalog.ids[i]: r.passage.text for i, r in enumerate(large.catalog.rows)}
    assert all({"child", "protection", "plan"} <= set(texts[p].split()) for p in b)


def test_or_fallback_and_hybrid(twin: tuple[Index, Index]) -> None:
    _, large = twin
    res = large.search("interpreter zebra", mode="keyword", limit=5)  # no passage has both
    assert res.hits and all("interpreter" in h.text for h in res.hits)
    hybrid = large.search("fostering neglect", Filters.of(borough="Westminster"), mode="hybrid")
    assert hybrid.hits and all(h.boroughs == ("Westminster",) for h in hybrid.hits)
    assert set(hybrid.facets["borough"]) == set(BOROUGHS)  # counted without its own filter


def test_auto_switches_engine_by_size(tmp_path: Path) -> None:
    _library(tmp_path, docs=4, per_doc=5)
    settings = Settings.of(model="hash-256", progress=False)
    sync(tmp_path, settings, semantic=False)
    assert (tmp_path / "whoosh").is_dir() and not (tmp_path / "bm25").exists()
    settings = settings.replace(large_min=10)
    from index import reindex

    reindex(tmp_path, settings, semantic=False)
    assert (tmp_path / "bm25").is_dir() and not (tmp_path / "whoosh").exists()
    ix = Index(tmp_path, settings)
    assert isinstance(ix.keyword, LargeKeywordIndex)
    res = ix.search("police", Filters.of(borough="Westminster"), mode="keyword")
    assert res.hits and all("police" in h.text and h.boroughs == ("Westminster",) for h in res.hits)
    from index.catalog import LazyRows

    assert isinstance(ix.catalog.rows, LazyRows)  # a large library's rows are read when shown


def _clustered(n: int, dim: int = 32, centres: int = 40, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centres, dim))
    m = c[rng.integers(0, centres, n)] + 0.35 * rng.normal(size=(n, dim))
    return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)


def test_approximate_index_recall_and_filters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import faiss  # noqa: F401 - a dependency (pyproject); a missing one must fail, not skip

    monkeypatch.setattr(vecmod, "EXACT_BELOW", 300)
    monkeypatch.setattr(vecmod, "GATHER_BELOW", 100)
    m = _clustered(4000)
    ids = [f"p{i}" for i in range(len(m))]
    store = vecmod.VectorStore(tmp_path)
    store.save(vecmod.VectorSet("test", ids, m), ann_min=1000)
    assert store.manifest()["ann"] and list(store.dir.glob("ann-*.faiss"))
    index_of = {pid: len(ids) - 1 - i for i, pid in enumerate(ids)}  # catalog order reversed
    nearest, has, model = vecmod.open_nearest(
        store, store.load(mmap=True), index_of, len(ids), ann_min=1000, probe_share=0.05
    )
    assert isinstance(nearest, vecmod.MappedIndex) and has.all() and model == "test"
    catalog_m = m[::-1]
    exact = vecmod.ExactIndex(catalog_m)
    rng = np.random.default_rng(9)
    queries = _clustered(50, seed=11)
    recall = []
    for q in queries:
        got, _ = nearest.search(q, 10)
        want, _ = exact.search(q, 10)
        recall.append(len(set(got) & set(want)) / 10)
    assert np.mean(recall) >= 0.95
    # a wide filter (IVF with a selector), a narrow one (every list), a very narrow one (gather)
    for keep in (0.5, 0.05, 0.01):
        mask = rng.random(len(ids)) < keep
        for q in queries[:10]:
            got, scores = nearest.search(q, 10, mask)
            want, _ = exact.search(q, 10, mask)
            assert mask[got].all() and len(got) == 10
            assert np.all(np.diff(scores) <= 1e-6)  # best first
            if keep < 0.1:  # exact: the same rows as brute force
                assert set(got) == set(want)


def test_small_sets_stay_exact(tmp_path: Path) -> None:
    m = _clustered(50)
    store = vecmod.VectorStore(tmp_path)
    store.save(vecmod.VectorSet("test", [f"p{i}" for i in range(50)], m), ann_min=SEARCH.ann_min)
    assert not store.manifest()["ann"] and not list(store.dir.glob("ann-*"))
    index_of = {f"p{i}": i for i in range(50)}
    nearest, _, _ = vecmod.open_nearest(store, store.load(), index_of, 50, **NEAREST)
    assert isinstance(nearest, vecmod.ExactIndex)


def test_columnar_catalog_equals_rows(tmp_path: Path) -> None:
    """The large-library catalog (columns, lazy rows) counts and filters as the row one."""
    from index.catalog import CACHE_DIR, Catalog, columnar_catalog, rows_for
    from ingest.model import Record

    _library(tmp_path, docs=9, per_doc=6)
    with Store(tmp_path) as store:  # agency and theme tags on some passages
        doc_ids = sorted(store.doc_ids())
        store.add_records(
            [
                Record(d, 1, Entity(type="agency", canonical=a), passage_ordinal=o)
                for d in doc_ids[:5]
                for o, a in ((0, "Police"), (2, "NHS"), (2, "Police"))
            ]
            + [Record(d, 1, ThemeTag(theme="Neglect"), passage_ordinal=3) for d in doc_ids[3:]]
        )
    with Store(tmp_path, readonly=True) as store:
        rows = list(rows_for(store, store.documents()))
        want = Catalog(rows)
        assert len(rows) == 54
        built = columnar_catalog(tmp_path, store)  # from the store; its columns are kept
        cached = list((tmp_path / CACHE_DIR).glob("columns-*.npz"))
        assert [c.name for c in cached] == [f"columns-{store.generation()}.npz"]
        again = columnar_catalog(tmp_path, store)  # read back from the kept columns
    for got in (built, again):
        _assert_same_catalog(got, want, rows)
        got.rows.close()
    with Store(tmp_path) as store:  # a write: the kept columns are stale, a new tag counts
        store.add_records([Record(doc_ids[0], 1, ThemeTag(theme="Housing"), passage_ordinal=1)])
    with Store(tmp_path, readonly=True) as store:
        rows = list(rows_for(store, store.documents()))
        got = columnar_catalog(tmp_path, store)
    assert "Housing" in got.values["theme"]
    _assert_same_catalog(got, Catalog(rows), rows)
    got.rows.close()
    assert len(list((tmp_path / CACHE_DIR).glob("columns-*"))) == 1  # the stale one removed


def _assert_same_catalog(got, want, rows) -> None:  # noqa: ANN001
    assert len(got) == len(want) == len(rows)
    assert got.index_of == want.index_of
    assert [got.rows[i] for i in range(len(rows))] == rows
    for name in ("borough", "period", "doc_type", "agency", "theme", "kind"):
        assert got.values[name] == want.values[name], name
    everything = np.arange(len(rows))
    assert got.counts(everything) == want.counts(everything)
    assert got.counts(everything[::3]) == want.counts(everything[::3])
    for filters in (
        {"borough": ("Westminster",)},
        {"agency": ("police",), "period": ("2012/13",)},
        {"theme": ("Neglect",), "kind": ("paragraph",)},
    ):
        assert np.array_equal(got.mask(filters), want.mask(filters)), filters


def test_vector_rows_map_is_kept_and_a_wrong_one_is_ignored(tmp_path: Path) -> None:
    """The vector row -> catalog row map is read back from its file on the next open, and
    a file that does not fit this vector set is mapped afresh, not trusted."""
    m = _clustered(60)
    ids = [f"p{i}" for i in range(60)]
    store = vecmod.VectorStore(tmp_path)
    store.save(vecmod.VectorSet("test", ids, m))
    index_of = {pid: 59 - i for i, pid in enumerate(ids)}  # catalog order reversed
    cache = tmp_path / "catalog" / "vector-rows-g1-1.npy"
    first, _, _ = vecmod.open_nearest(store, store.load(), index_of, 60, cache, **NEAREST)
    assert np.array_equal(np.load(cache), np.arange(59, -1, -1))
    q = m[7]
    assert first.search(q, 1)[0][0] == 52  # vector row 7 is catalog row 52
    again, _, _ = vecmod.open_nearest(store, store.load(), {}, 60, cache, **NEAREST)  # the file
    assert again.search(q, 1)[0][0] == 52
    np.save(cache, np.arange(10, dtype=np.int64))  # a map of another vector set
    mapped, _, _ = vecmod.open_nearest(store, store.load(), index_of, 60, cache, **NEAREST)
    assert mapped.search(q, 1)[0][0] == 52 and len(np.load(cache)) == 60


def test_sync_of_a_large_library_prepares_its_open(tmp_path: Path) -> None:
    """After a sync, a large library's catalog columns and vector row map are on disk, and
    searching with them gives exactly what searching without them gives."""
    import shutil

    from index.catalog import CACHE_DIR

    _library(tmp_path, docs=4, per_doc=5)
    settings = Settings.of(model="hash-256", progress=False, large_min=10)
    sync(tmp_path, settings)
    kept = sorted(p.name.split("-")[0] for p in (tmp_path / CACHE_DIR).iterdir())
    assert kept == ["columns", "vector"]

    def answers() -> list:
        ix = Index(tmp_path, settings)
        out = []
        for mode in ("keyword", "semantic", "hybrid"):
            res = ix.search("police neglect", Filters.of(borough="Westminster"), mode=mode)
            out.append([(h.passage_id, round(h.score, 6), h.agencies, h.themes) for h in res.hits])
        ix.catalog.rows.close()
        return out

    with_caches = answers()
    shutil.rmtree(tmp_path / CACHE_DIR)
    assert answers() == with_caches and all(with_caches)


def test_any_string_parses_without_error_and_matches_within_the_library(
    twin: tuple[Index, Index],
) -> None:
    import random

    from index.bm25 import parse_boolean

    rng = random.Random(11)
    pieces = ["(", ")", "AND", "OR", "NOT", '"', "police", "court", "zebra", "the", "a:"]
    _, large = twin
    large.refresh(force=True)
    for _ in range(300):
        text = " ".join(rng.choices(pieces, k=rng.randint(1, 12)))
        rows = large._keyword(text, 50, None, False, False)[0]
        assert all(0 <= r < len(large.catalog) for r in rows), text
    # groups deeper than MAX_NESTING read flat, without a RecursionError
    assert parse_boolean("(" * 5000 + "police" + ")" * 5000) == ("term", "polic")
    assert parse_boolean("((police)) court") == ("and", [("term", "polic"), ("term", "court")])


def test_ties_at_the_cut_keep_the_lowest_docs() -> None:
    """Of passages tied at the k-th score, the first (lowest) ones are kept, every time."""
    from index.bm25 import _best

    scores = np.array([1, 3, 2, 3, 2, 2, 1, 2], dtype=np.float32)
    assert sorted(_best(scores, 4).tolist()) == [1, 2, 3, 4]  # the 3s, then the first 2s
    assert sorted(_best(scores, 2).tolist()) == [1, 3]
    assert sorted(_best(scores, 20).tolist()) == list(range(8))
    rng = np.random.default_rng(5)
    many = rng.integers(0, 4, 5000).astype(np.float32)
    want = sorted(range(5000), key=lambda i: (-many[i], i))[:300]
    assert sorted(_best(many, 300).tolist()) == sorted(want)
