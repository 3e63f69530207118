"""Real tier: the nine tri-borough Ofsted reports, the real MiniLM model, every mode."""

from __future__ import annotations

import pytest

from index import Filters, Index, sync
from ingest.pipeline import ingest_paths
from ingest.settings import Settings

from ..helpers import TRI_BOROUGH, need

BOROUGHS = ("Westminster", "Kensington and Chelsea", "Hammersmith and Fulham")
MODES = ("keyword", "semantic", "hybrid")

pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    data_dir = tmp_path_factory.mktemp("tri")
    results = ingest_paths([need(TRI_BOROUGH)], data_dir)
    assert [r.outcome for r in results] == ["ingested"] * 9
    settings = Settings.from_env(progress=False)
    report = sync(data_dir, settings)
    assert report.passages_embedded == report.total_passages > 500
    return Index(data_dir, settings)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("borough", BOROUGHS)
def test_borough_filter(index: Index, mode: str, borough: str) -> None:
    res = index.search("private fostering", Filters.of(borough=borough), mode=mode)
    assert len(res.hits) >= 2
    assert all(h.boroughs == (borough,) for h in res.hits)
    # the chosen facet still shows the other boroughs (counted without its own filter)
    assert set(res.facets["borough"]) == set(BOROUGHS)
    assert res.facets["borough"][borough] >= len(res.hits)
    assert set(res.facets["period"]) <= {h.period for h in res.hits} | _periods_of(index, borough)


def _periods_of(index: Index, borough: str) -> set[str]:
    return {r.document.period for r in index.catalog.rows if borough in r.document.boroughs}


@pytest.mark.parametrize("mode", MODES)
def test_period_filter_and_combination(index: Index, mode: str) -> None:
    res = index.search("care leavers housing", Filters.of(period="2019/20"), mode=mode)
    assert res.hits and {h.period for h in res.hits} == {"2019/20"}
    both = index.search(
        "care leavers housing", Filters.of(period="2019/20", borough="Westminster"), mode=mode
    )
    assert both.hits and {(h.period, h.boroughs) for h in both.hits} == {
        ("2019/20", ("Westminster",))
    }
    assert len({h.doc_id for h in both.hits}) == 1


def test_unfiltered_facets_cover_all_three_boroughs(index: Index) -> None:
    res = index.search("private fostering", mode="keyword")
    assert set(res.facets["borough"]) == set(BOROUGHS)
    assert set(res.facets["period"]) >= {"2015/16", "2019/20"}


def test_paraphrase_finds_interpreters(index: Index) -> None:
    """Meaning finds the interpreter passage that no typed word names. Hybrid search no
    longer lists it: its similarity (0.37) is under the floor for meaning-only hits that
    issue 24 chose on the judged real papers (0.40 when some passages hold typed words),
    a trade-off against padding that this test records rather than hides."""
    texts = [h.text for h in index.search("parents who don't speak English", mode="semantic").hits]
    assert any("interpreter" in t for t in texts)
    keyword = index.search("parents who don't speak English", mode="keyword").hits
    assert not any("interpreter" in h.text for h in keyword[:3])
