"""Real tier: a word typed that one passage holds (issue 24, item 2 and 4).

A small real library (two of the shipped Ofsted reports, the real MiniLM model): a word
that exactly one passage holds brings that passage first in hybrid search, alone or
among everyday words that no passage holds all of, and the list is not padded with
passages related by meaning only below the floor.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from index import Index, sync
from index.keyword import analysed_terms
from ingest.pipeline import ingest_paths
from ingest.settings import Settings

from ..helpers import CORPUS_PAPERS, need

pytestmark = pytest.mark.real

PAPERS = ("ofsted-hammersmith-fulham-2024-05.pdf", "ofsted-westminster-2016-03.pdf")
EVERYDAY = "how did {} affect the help families get"  # words most passages share some of


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    data_dir = tmp_path_factory.mktemp("rare")
    results = ingest_paths([need(CORPUS_PAPERS / name) for name in PAPERS], data_dir)
    assert [r.outcome for r in results] == ["ingested"] * len(PAPERS)
    settings = Settings.from_env(progress=False)
    sync(data_dir, settings)
    return Index(data_dir, settings)


def rare_words(index: Index, how_many: int = 3) -> list[str]:
    """Words of eight letters or more that one passage holds (by the index's own stems,
    checked with a keyword search, which also reads titles and headings)."""
    index.refresh(force=True)  # the catalog is read on the first search otherwise
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for row in index.catalog.rows:
        for word in set(re.findall(r"\b[a-z]+\b", row.passage.text.lower())):
            for stem in analysed_terms(word):
                counts[stem] += 1
                if len(word) >= 8:
                    first.setdefault(stem, word)
    found = []
    for stem, n in sorted(counts.items()):
        if n > 1 or stem not in first:
            continue
        if len(index.search(first[stem], mode="keyword", expand=False).hits) == 1:
            found.append(first[stem])
        if len(found) == how_many:
            break
    assert found, "no word of the library is held by one passage only"
    return found


def test_a_rare_word_brings_its_passage_first_with_no_padding(index: Index) -> None:
    floor = index.settings.search.related_floor
    for word in rare_words(index):
        alone = index.search(word, mode="hybrid")
        assert word in alone.hits[0].text.lower(), word
        for hit in alone.hits[1:]:
            assert hit.match == "words" or (hit.similarity or 0) >= floor, (word, hit.text)


def test_a_rare_word_among_everyday_words_stays_in_best_match(index: Index) -> None:
    for word in rare_words(index):
        res = index.search(EVERYDAY.format(word), mode="hybrid")
        texts = [h.text.lower() for h in res.hits]
        assert any(word in t for t in texts), (word, res.messages)
