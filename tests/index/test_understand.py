"""Query understanding (index/understand.py): boroughs, years and periods, document types
and comparison cues named in the words become removable chips, and the engine applies them.

The phrasings are made up here (and shuffled with a fixed seed) from a small invented
library, never the judged queries' words: what is checked is the reading, not a score.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from index import Filters, Index, result_to_json
from index.embed import HashEmbedder
from index.glossary import Glossary
from index.understand import (
    DocFacts,
    LibraryFacts,
    chip,
    periods_for_years,
    round_robin,
    searched_words,
    understand,
)
from ingest.store import Store

from ..helpers import SETTINGS
from ..helpers import index_doc as _doc

LIB = LibraryFacts(
    (
        DocFacts(("Camden",), "2014/15", "annual_report"),
        DocFacts(("Camden",), "2017/18", "inspection_report", "2017-06-12"),
        DocFacts(("Camden",), "2021/22", "annual_report"),
        DocFacts(("Hackney",), "2017/18", "annual_report"),
        DocFacts(("Hackney",), "2020/21", "minutes"),
        DocFacts(("Westminster",), "2015/16", "inspection_report", "2016-02-03"),
        DocFacts(("Westminster",), "2016/17", "annual_report"),
        DocFacts(("Kensington and Chelsea",), "2016/17", "annual_report"),
        DocFacts(("Sutton",), "2022/23", "stocktake"),
    )
)
TOPICS = ("missing children", "early help offer", "private fostering", "domestic abuse")


def _ids(u) -> list[str]:  # noqa: ANN001
    return [c.id for c in u.chips]


@pytest.mark.parametrize("seed", range(6))
def test_a_borough_named_any_way_becomes_a_chip_and_leaves_the_topic(seed: int) -> None:
    rng = random.Random(seed)
    topic = rng.choice(TOPICS)
    name, canonical = rng.choice(
        [
            ("Camden", "Camden"),
            ("the London Borough of Hackney", "Hackney"),
            ("RBKC", "Kensington and Chelsea"),
            ("K&C", "Kensington and Chelsea"),
            ("City of Westminster", "Westminster"),
            ("Westminster City Council", "Westminster"),
        ]
    )
    query = rng.choice(
        [f"{topic} in {name}", f"{name}'s {topic}", f"{topic} {name}", f"{name} and {topic}"]
    )
    u = understand(query, LIB)
    assert _ids(u) == [f"borough:{canonical}"], query
    assert u.words == topic, query
    assert u.chips[0].label == f"Borough: {canonical}"
    assert name.split()[-1] in u.chips[0].words
    assert u.group_by == ""


def test_a_group_of_boroughs_names_each_member() -> None:
    u = understand("bi-borough private fostering", LIB)
    assert _ids(u) == ["borough:Kensington and Chelsea", "borough:Westminster"]
    assert u.words == "private fostering" and u.group_by == ""


def test_a_name_that_is_also_a_word_counts_only_with_a_capital() -> None:
    assert _ids(understand("Sutton stock-take actions", LIB))[0] == "borough:Sutton"
    lower = understand("a sutton hoo talk on missing children", LIB)
    assert lower.chips == () and lower.words == "a sutton hoo talk on missing children"


def test_a_borough_the_library_lacks_is_left_as_words_with_a_note() -> None:
    u = understand("Islington missing children", LIB)
    assert u.chips == () and u.words == "Islington missing children"
    assert any("Islington" in n and "every borough" in n for n in u.notes)


@pytest.mark.parametrize(
    ("phrase", "periods"),
    [
        ("2017/18", ["2017/18"]),
        ("2017-18", ["2017/18"]),
        ("in 2021", ["2020/21", "2021/22"]),
        ("during 2015", ["2014/15", "2015/16"]),
    ],
)
def test_a_year_or_financial_year_becomes_the_periods_of_its_papers(
    phrase: str, periods: list[str]
) -> None:
    u = understand(f"early help offer {phrase}", LIB)
    assert _ids(u) == [f"period:{p}" for p in periods]
    assert u.words == "early help offer"


def test_a_dated_paper_decides_which_financial_year_a_year_means() -> None:
    # an inspection of February 2016 is the paper "of 2016", not one dated May 2017 (2016/17)
    dated = (
        DocFacts(("Westminster",), "2015/16", "inspection_report", "2016-02-03"),
        DocFacts(("Westminster",), "2016/17", "inspection_report", "2017-05-09"),
    )
    assert periods_for_years([2016], dated) == ("2015/16",)
    # a paper without a date is placed by its period alone
    docs = LIB.matching({"borough": ("Westminster",)})
    assert periods_for_years([2016], docs) == ("2015/16", "2016/17")
    assert periods_for_years([2017], LIB.matching({"borough": ("Hackney",)})) == ("2017/18",)


def test_a_year_no_paper_is_from_is_searched_as_words_with_a_note() -> None:
    u = understand("Hackney domestic abuse 2009", LIB)
    assert _ids(u) == ["borough:Hackney"]
    assert "2009" in u.words
    assert any("2009" in n and "Hackney" in n for n in u.notes)


def test_a_period_chip_says_which_undated_papers_it_leaves_out() -> None:
    undated = LibraryFacts(
        (
            *LIB.docs,
            DocFacts(("Hackney",), "", "minutes"),
            DocFacts(("Hackney",), "", "annual_report"),
            DocFacts(("Camden",), "", "minutes"),
        )
    )
    u = understand("Hackney domestic abuse 2017", undated)
    assert _ids(u) == ["borough:Hackney", "period:2017/18"]
    assert any(n.startswith("2 papers about Hackney have no date or period") for n in u.notes)
    u = understand("domestic abuse 2017", undated)
    assert any(n.startswith("3 papers have no date or period") for n in u.notes)
    assert not understand("Hackney domestic abuse", undated).notes  # no period chip
    assert not understand("Hackney domestic abuse 2017", LIB).notes  # every paper dated


def test_spans_of_years_group_the_answers_by_period() -> None:
    for query in (
        "missing children between 2014 and 2018",
        "missing children from 2014 to 2018",
        "how did missing children change 2014 to 2018",
    ):
        u = understand(query, LIB)
        assert u.group_by == "period", query
        assert u.group_values == ("2014/15", "2015/16", "2016/17", "2017/18"), query
        assert "missing children" in u.words


def test_since_latest_and_last_year_are_read_against_the_library() -> None:
    assert _ids(understand("Camden since 2020", LIB))[1:] == ["period:2021/22"]
    assert _ids(understand("Camden's latest annual report", LIB)) == [
        "borough:Camden",
        "period:2021/22",
        "doc_type:annual_report",
    ]
    # the library's latest period is 2022/23, so last year's is 2021/22
    assert "period:2021/22" in _ids(understand("last year's early help offer", LIB))


def test_document_types_filter_but_their_words_are_still_searched() -> None:
    for words, doc_type in (
        ("Ofsted report", "inspection_report"),
        ("inspection", "inspection_report"),
        ("stocktake", "stocktake"),
        ("minutes", "minutes"),
    ):
        u = understand(f"what the {words} said on early help", LIB)
        assert _ids(u) == [f"doc_type:{doc_type}"], words
        assert words in u.words
    label = chip("doc_type", "inspection_report").label
    assert label == "Document type: Inspection report"


def test_which_borough_and_two_boroughs_group_by_borough() -> None:
    which = understand("which council had the fewest missing children", LIB)
    assert which.group_by == "borough" and which.group_values == ()
    assert which.words == "had the fewest missing children"
    both = understand("compare Hackney and Camden on early help", LIB)
    assert both.group_by == "borough"
    assert both.group_values == ("Hackney", "Camden")  # in the order named


def test_the_users_own_filter_wins_over_the_words() -> None:
    u = understand("Camden missing children", LIB, {"borough": ("Hackney",)})
    assert u.chips == () and u.words == "Camden missing children"
    assert u.filters({"borough": ("Hackney",)}) == {"borough": ("Hackney",)}


def test_a_dropped_chip_is_reported_and_its_words_searched_again() -> None:
    u = understand("Camden missing children 2017/18", LIB, drop=("borough:Camden",))
    assert _ids(u) == ["period:2017/18"]
    assert [c.id for c in u.dropped] == ["borough:Camden"]
    assert u.words == "Camden missing children"
    assert u.filters({}) == {"period": ("2017/18",)}


@pytest.mark.parametrize(
    "query",
    ['"Camden" missing children', "borough:Camden neglect", "Camden OR Hackney", "NOT Camden"],
)
def test_nothing_is_read_from_quotes_fields_or_operators(query: str) -> None:
    u = understand(query, LIB)
    assert u.chips == () and u.words == query and u.group_by == ""


def test_the_query_stays_whole_when_only_filters_were_named() -> None:
    assert understand("Camden 2017/18", LIB).words == "Camden 2017/18"
    assert searched_words("in Camden", [(3, 9)]) == "in Camden"


def test_round_robin_takes_the_first_of_each_group_in_turn() -> None:
    assert round_robin([[1, 2, 3], [4], [5, 6]]) == [1, 4, 5, 2, 6, 3]
    assert round_robin([]) == []


# -- the engine ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import index

    folder = tmp_path_factory.mktemp("understand")
    papers = [
        _doc("camden-2015.pdf", "Camden", "2014/15", ["Early help reached 300 families."]),
        _doc("camden-2018.pdf", "Camden", "2017/18", ["Early help reached 500 families."]),
        _doc("hackney-2018.pdf", "Hackney", "2017/18", ["Early help waits were long."]),
        _doc(
            "hackney-2021.pdf",
            "Hackney",
            "2020/21",
            ["Early help moved to the family hubs."],
            doc_type="inspection_report",
        ),
    ]
    with Store(folder) as store:
        for paper in papers:
            store.save(paper)
    index.sync(folder, SETTINGS)
    return folder


def _index(folder: Path) -> Index:
    return Index(folder, SETTINGS, HashEmbedder(256), Glossary.from_entries([]))


def test_search_applies_a_named_borough_as_a_filter_chip(library: Path) -> None:
    res = _index(library).search("early help in Camden", mode="keyword")
    assert [c.id for c in res.understood] == ["borough:Camden"]
    assert res.searched == "early help"
    assert res.hits and all(h.boroughs == ("Camden",) for h in res.hits)
    data = result_to_json(res)
    assert data["understood"][0] == {
        "id": "borough:Camden",
        "kind": "borough",
        "value": "Camden",
        "label": "Borough: Camden",
        "words": "Camden",
    }


def test_dropping_the_chip_searches_every_borough_again(library: Path) -> None:
    idx = _index(library)
    res = idx.search("early help in Camden", mode="keyword", drop=("borough:Camden",))
    assert res.understood == () and [c.id for c in res.dropped] == ["borough:Camden"]
    assert {b for h in res.hits for b in h.boroughs} >= {"Hackney"}
    off = idx.search("early help in Camden", mode="keyword", understand=False)
    assert off.understood == () and off.dropped == () and off.searched == ""


def test_a_user_filter_on_the_same_facet_wins(library: Path) -> None:
    res = _index(library).search(
        "early help in Camden", Filters.of(borough="Hackney"), mode="keyword"
    )
    assert res.understood == ()
    assert res.hits and all(h.boroughs == ("Hackney",) for h in res.hits)


@pytest.mark.parametrize("mode", ["keyword", "hybrid"])
def test_a_span_of_years_groups_the_hits_by_period(library: Path, mode: str) -> None:
    res = _index(library).search("early help between 2014 and 2021", mode=mode)
    assert [g.value for g in res.groups] == ["2014/15", "2017/18", "2020/21"]
    assert [g.label for g in res.groups][0] == "Period 2014/15"
    assert all(h.period == g.value for g in res.groups for h in g.hits)
    # one ranking for --json and the scorer: the first of each group in turn
    firsts = [g.hits[0].passage_id for g in res.groups]
    assert [h.passage_id for h in res.hits[: len(firsts)]] == firsts
    assert result_to_json(res)["groups"][0]["by"] == "period"


def test_which_borough_groups_by_the_boroughs_of_the_hits(library: Path) -> None:
    res = _index(library).search("which borough had early help waits", mode="keyword")
    assert res.groups and res.groups[0].by == "borough"
    assert res.groups[0].value == "Hackney"  # the group of the best hit comes first


def test_the_theme_added_is_a_chip_and_a_dropped_one_is_reported(library: Path) -> None:
    from index.expand import ThemeMatch
    from index.search import _theme_chips

    theme = ThemeMatch("Neglect", 0.6, ("neglect",), words=("left", "alone"))
    (c,) = _theme_chips(theme)
    assert (c.id, c.kind, c.label, c.words) == (
        "theme:Neglect",
        "theme",
        "Theme: Neglect",
        "left alone",
    )
    assert _theme_chips(None) == ()
    res = _index(library).search("early help in Camden", mode="hybrid", drop=("theme:Neglect",))
    assert res.theme is None
    assert [c.id for c in res.dropped] == ["theme:Neglect"]
    assert [c.id for c in res.understood] == ["borough:Camden"]
