"""Fuzzing the query parser with hypothesis (bounded examples): any string a person can
type (quotes, colons, brackets, AND/OR/NOT, unicode) gives a SearchResult in every mode,
never an exception.

The table stitcher's fuzzing is in tests/ingest/test_tables_fuzz.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index import Index, SearchResult
from index.glossary import expand_query, load_glossary

from ..helpers import OPTIONS, make_pdf

# Bounded by default; pytest --fuzz-scale 20 explores twenty times as many examples.
SCALE = max(1, int(OPTIONS["fuzz_scale"]))

# -- queries ----------------------------------------------------------------------------------
SYNTAX = [
    '"',
    "'",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "AND",
    "OR",
    "NOT",
    "TO",
    "title:",
    "borough:",
    "period:2011/12",
    "doc_type:",
    "*",
    "?",
    "~",
    "~2",
    "^",
    "^3",
    "-",
    "+",
    "\\",
    "/",
    "MAPPA",
    "LADO",
    "fostering",
    "private fostering",
    "CSE",
    "é",
    "Ümlaut",
    "数据",
    "🙂",
    "\u200b",
    "\x00",
    "",
]
queries = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(SYNTAX), max_size=8).flatmap(
        lambda parts: st.sampled_from([" ", ""]).map(lambda sep: sep.join(parts))
    ),
)


@pytest.mark.slow
@settings(max_examples=300 * SCALE, deadline=None)
@given(queries)
def test_expand_query_never_raises(query):
    glossary = _glossary()
    out = expand_query(query, glossary)
    assert isinstance(out, str)


_GLOSSARY = []


def _glossary():
    if not _GLOSSARY:
        _GLOSSARY.append(load_glossary())
    return _GLOSSARY[0]


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory) -> Index:
    """A real Whoosh index and hash vectors over two small papers."""
    import index
    from ingest.pipeline import ingest_paths
    from ingest.settings import IngestSettings, Settings

    root = tmp_path_factory.mktemp("fuzz")
    make_pdf(root / "a.pdf", [["# Private fostering", "MAPPA and the LADO met in Westminster."]])
    make_pdf(root / "b.pdf", [["# Neglect", "Child sexual exploitation (CSE) audit, 2011/12."]])
    data = root / "data"
    ingest_paths([root], data, settings=IngestSettings(workers=1, enrich=False))
    hash_settings = Settings.of(model="hash-256", progress=False)
    index.sync(data, hash_settings, progress=False)
    return Index(data, hash_settings)


@settings(
    max_examples=150 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@pytest.mark.slow
@given(query=queries, mode=st.sampled_from(["keyword", "hybrid", "semantic"]))
@example(query="NOT AND 0", mode="keyword")  # whoosh's parser raised IndexError on it
@example(query="0(^0)", mode="keyword")  # a fieldless term reached the numpy BM25F scorer
def test_search_never_raises_on_any_query(tiny_index, query, mode):
    result = tiny_index.search(query, mode=mode, limit=5)
    assert isinstance(result, SearchResult)
    assert all(h.page >= 1 and h.doc_id for h in result.hits)


def test_tiny_index_finds_what_it_holds(tiny_index):
    """The fuzzed index is real: plain queries find their passages."""
    hits = tiny_index.search("exploitation audit", mode="keyword").hits
    assert hits and "exploitation" in hits[0].text.lower()
