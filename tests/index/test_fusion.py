"""The fusion policy (index/fusion.py) on its own: rankings, match counts and similarities
in, the fused order and the hits to show out. No model, no index, no data folder."""

from __future__ import annotations

import numpy as np
import pytest

from index.fusion import (
    MATCH_MEANING,
    MATCH_WORDS,
    FusionPolicy,
    Rankings,
    against,
    demote,
    keep_on_page,
    lead_with,
    repeated_rows,
    stands_alone,
    weighted_rrf,
)
from ingest.model import Passage
from ingest.settings import SearchSettings

POLICY = FusionPolicy(SearchSettings())  # the tuned defaults
TEXTS = {
    1: "Interpreters were booked for every child protection conference in Westminster.",
    2: "Private fostering notifications rose in the year.",
    3: "Interpreters were booked for every child protection conference in Westminster!",
    4: "The board audited neglect cases with the police and health partners.",
    5: "Housing pressure moved families out of the borough.",
}


def policy(**changes: object) -> FusionPolicy:
    return FusionPolicy(SearchSettings(**changes))  # type: ignore[arg-type]


def select(
    p: FusionPolicy,
    ranked: list[int],
    mode: str = "hybrid",
    words: set[int] = frozenset(),  # type: ignore[assignment]
    sims: dict[int, float | None] | None = None,
    limit: int = 10,
    filtered: bool = False,
):
    sims = sims if sims is not None else {}
    return p.select(
        [(r, 1.0 / (i + 1)) for i, r in enumerate(ranked)],
        limit,
        mode,
        words,
        lambda r: sims.get(r),
        lambda r: TEXTS[r],
        filtered=filtered,
    )


# -- what to compute -----------------------------------------------------------------------
def test_hybrid_ranks_candidates_deep_and_one_engine_the_page_with_room_for_twins() -> None:
    assert POLICY.depths("hybrid", 10, facets=False).engines == 30
    assert POLICY.depths("hybrid", 50, facets=False).engines == 50
    assert POLICY.depths("keyword", 10, facets=False).engines == 30  # 10 + 2 x 10 for twins
    assert policy(collapse_duplicates=False).depths("semantic", 10, False).engines == 10
    assert POLICY.depths("hybrid", 10, facets=True).semantic == 200  # the facets count them
    assert POLICY.depths("hybrid", 10, facets=False).semantic == 30


def test_keyword_falls_back_to_any_word_in_keyword_mode_only() -> None:
    assert POLICY.keyword_fallback("keyword")
    assert not POLICY.keyword_fallback("hybrid")
    assert policy(or_fallback=True).keyword_fallback("hybrid")


@pytest.mark.parametrize(
    ("mode", "expand", "keyword_rows", "changes", "open_"),
    [
        ("hybrid", True, 0, {}, True),  # the words match nothing: the theme may help
        ("hybrid", True, 1, {}, False),  # they match: the gate (1) is shut
        ("hybrid", True, 4, {"theme_gate": 5}, True),
        ("hybrid", False, 0, {}, False),  # expansion switched off
        ("keyword", True, 0, {}, False),
        ("semantic", True, 0, {}, False),
        ("hybrid", True, 0, {"theme_weight": 0.0}, False),  # no theme list, no nudge
        ("hybrid", True, 0, {"theme_weight": 0.0, "theme_vector_weight": 0.2}, True),
    ],
)
def test_the_theme_gate(mode, expand, keyword_rows, changes, open_) -> None:  # noqa: ANN001
    assert policy(**changes).theme_gate(mode, expand, keyword_rows) is open_


def test_a_theme_lends_its_words_when_close_and_ahead_of_the_next() -> None:
    themes = [
        {"name": "Neglect", "seed_terms": ["neglect", "poor home conditions"]},
        {"name": "Housing", "seed_terms": ["housing", "homelessness"]},
    ]
    protos = np.eye(2, dtype=np.float32)
    close = np.array([0.9, 0.3], np.float32)
    found = POLICY.pick_theme(close, protos, themes, "children left alone at home")
    assert found is not None and found.name == "Neglect"
    assert found.terms == ("neglect", "poor home conditions")
    far = np.array([0.35, 0.1], np.float32)  # under the threshold (0.4)
    assert POLICY.pick_theme(far, protos, themes, "anything") is None
    torn = np.array([0.6, 0.55], np.float32)
    assert POLICY.pick_theme(torn, protos, themes, "anything") is not None
    assert policy(theme_margin=0.1).pick_theme(torn, protos, themes, "anything") is None
    typed = POLICY.pick_theme(close, protos, themes, "neglect at home")
    assert typed is not None and typed.terms == ("poor home conditions",)  # typed already


def test_the_query_vector_moves_toward_the_theme_only_with_a_weight() -> None:
    q = np.array([1.0, 0.0], np.float32)
    proto = np.array([0.0, 1.0], np.float32)
    assert POLICY.theme_vector(q, proto) is q  # weight 0: the very same vector
    moved = policy(theme_vector_weight=1.0).theme_vector(q, proto)
    assert np.allclose(moved, [2**-0.5, 2**-0.5]) and moved.dtype == np.float32


def test_the_second_model_ranks_in_hybrid_when_the_words_match_nothing_or_always() -> None:
    assert POLICY.second_model_ranks("hybrid", 0)
    assert not POLICY.second_model_ranks("hybrid", 3)  # beside words matched: MiniLM's
    assert policy(second_always=True).second_model_ranks("hybrid", 3)
    assert not POLICY.second_model_ranks("semantic", 0)
    assert not POLICY.second_model_ranks("keyword", 0)


# -- fusing --------------------------------------------------------------------------------
def test_one_engine_keeps_its_own_order_and_scores() -> None:
    found = Rankings(
        keyword=[4, 2], keyword_scores={4: 7.5, 2: 3.0}, semantic=[5], semantic_scores={5: 0.8}
    )
    assert POLICY.fuse("keyword", found) == [(4, 7.5), (2, 3.0)]
    assert POLICY.fuse("semantic", found) == [(5, 0.8)]


def test_hybrid_fuses_by_weighted_rrf_with_the_settings_weights_and_k() -> None:
    found = Rankings(keyword=[1, 2], semantic=[2, 5], theme=[4])
    fused = POLICY.fuse("hybrid", found)
    assert fused == weighted_rrf([[1, 2], [2, 5], [4]], [1.0, 1.5, 0.5], k=60)
    assert [r for r, _ in fused] == [2, 5, 1, 4]  # in both lists first; meaning outweighs
    alone = policy(theme_weight=0.0, semantic_weight=0.0).fuse("hybrid", found)
    assert [r for r, _ in alone] == [1, 2]  # a list of weight 0 adds nothing, not even rows
    flat = policy(rrf_k=1).fuse("hybrid", Rankings(keyword=[1, 2]))
    assert flat[0][1] == pytest.approx(1.0 / 2)


# -- what to show --------------------------------------------------------------------------
def test_hits_are_labelled_and_weak_meaning_only_ones_hidden_beside_word_matches() -> None:
    chosen = select(POLICY, [1, 4, 5, 2], words={1}, sims={1: 0.1, 4: 0.5, 5: 0.29, 2: None})
    assert [(s.row, s.match) for s in chosen.shown] == [(1, MATCH_WORDS), (4, MATCH_MEANING)]
    assert chosen.hidden == 2  # 5 under the floor (0.40); 2 without a vector
    assert chosen.shown[1].similarity == 0.5


def test_when_nothing_matches_the_words_the_lower_floor_applies() -> None:
    chosen = select(POLICY, [4, 5, 2], words=set(), sims={4: 0.5, 5: 0.31, 2: 0.29})
    assert [s.row for s in chosen.shown] == [4, 5] and chosen.hidden == 1  # floor 0.30


def test_within_a_filter_the_papers_asked_about_need_only_the_filtered_floor() -> None:
    sims = {1: 0.9, 4: 0.25, 5: 0.1}
    assert [s.row for s in select(POLICY, [1, 4, 5], words={1}, sims=sims).shown] == [1]
    chosen = select(POLICY, [1, 4, 5], words={1}, sims=sims, filtered=True)
    assert [s.row for s in chosen.shown] == [1, 4] and chosen.hidden == 1  # floor 0.2
    unmatched = select(POLICY, [4, 5], sims=sims, filtered=True)  # words matched nothing
    assert [s.row for s in unmatched.shown] == [4]


def test_one_engine_alone_hides_nothing_and_semantic_labels_nothing_as_words() -> None:
    sims = {1: 0.01, 4: 0.02}
    assert [s.row for s in select(POLICY, [1, 4], "keyword", {1, 4}, sims).shown] == [1, 4]
    semantic = select(POLICY, [1, 4], "semantic", {1}, sims)
    assert [(s.row, s.match) for s in semantic.shown] == [(1, MATCH_MEANING), (4, MATCH_MEANING)]
    assert semantic.hidden == 0
    assert select(policy(related_floor=0.0), [4], "hybrid", {1}, sims).hidden == 0


def test_near_duplicates_fold_into_the_first_copy() -> None:
    chosen = select(POLICY, [1, 2, 3], words={1, 2, 3})
    assert [(s.row, s.twins) for s in chosen.shown] == [(1, (3,)), (2, ())]
    apart = select(policy(collapse_duplicates=False), [1, 2, 3], words={1, 2, 3})
    assert [s.row for s in apart.shown] == [1, 2, 3]


def test_the_page_stops_at_the_limit_and_counts_hidden_rows_before_it_only() -> None:
    chosen = select(POLICY, [1, 5, 2, 4], words={1, 2}, sims={5: 0.0, 4: 0.0}, limit=2)
    assert [s.row for s in chosen.shown] == [1, 2] and chosen.hidden == 1


# -- issue 24: word evidence kept, short passages not ranked alone, themes only when sure ---
def test_the_passages_holding_every_word_lead_when_there_are_few() -> None:
    fused = [(5, 0.9), (2, 0.5), (4, 0.1)]
    assert lead_with(fused, [4]) == [(4, pytest.approx(0.9 + 1e-6)), (5, 0.9), (2, 0.5)]
    assert lead_with(fused, []) == fused


def test_a_rare_words_passage_is_kept_on_the_first_page() -> None:
    fused = [(r, 1.0 - r / 10) for r in range(1, 8)]
    kept = keep_on_page(fused, [7], 3)
    assert [r for r, _ in kept][:3] == [1, 2, 7] and len(kept) == len(fused)
    assert keep_on_page(fused, [2], 3) == fused  # already there: nothing moves


def test_hybrid_fusion_always_holds_keyword_evidence() -> None:
    found = Rankings(
        keyword=[],
        keyword_scores={},
        semantic=[1, 2, 3, 4],
        semantic_scores={},
        partial=[9],
        rare=[8],
        keyword_total=0,
    )
    order = [r for r, _ in POLICY.fuse("hybrid", found, limit=3)]
    assert 9 in order and order.index(8) < 3  # some of the words; a rare word's passage


def _passage(text: str, **kw: object) -> Passage:
    return Passage("d", 0, "table_row" if kw.get("cells") else "paragraph", text, 1, **kw)  # type: ignore[arg-type]


def test_a_bare_grade_or_a_heading_row_is_never_ranked_alone() -> None:
    assert not stands_alone(_passage("Good"))
    assert not stands_alone(_passage("Requires improvement to be good"))
    assert not stands_alone(
        _passage("Judgement | Grade", headers=("Judgement", "Grade"), cells=("Judgement", "Grade"))
    )
    assert not stands_alone(_passage("Care leavers", section_path=("Care leavers",)))
    assert stands_alone(_passage("Gangs and knives."))
    assert stands_alone(_passage("Care leavers are supported by staff who know them well."))


def test_a_word_of_another_theme_speaks_against_a_theme() -> None:
    vocabulary = [
        frozenset({"carer", "young"}),
        frozenset({"leaver", "care"}),
        frozenset({"child"}),
    ]
    assert against({"leaver": "leavers"}, vocabulary, 0)  # care leavers are not young carers
    assert not against({"carer": "carers"}, vocabulary, 0)
    many = [frozenset({"child", "x"}), frozenset({"child"}), frozenset({"child"})]
    assert not against({"child": "children"}, many, 0)  # a word of many themes points nowhere


LICENCE = (
    "You may reuse this information (not including logos) free of charge in any format or "
    "medium, under the terms of the Open Government Licence, version {n}."
)


def test_text_many_documents_repeat_is_boilerplate_but_a_short_grade_row_is_not() -> None:
    texts = [LICENCE.format(n=n) for n in (1, 2, 3, 3)]  # numbers aside, the same words
    texts += ["Overall effectiveness | Good"] * 4  # a grade row says something of each
    texts += ["Interpreters were booked for every child protection conference this year."]
    docs = ["a", "b", "c", "c", "a", "b", "c", "d", "a"]
    assert repeated_rows(texts, docs, 3) == {0, 1, 2, 3}
    assert repeated_rows(texts, docs, 4) == set()  # in three documents only
    assert repeated_rows(texts, docs, 0) == set()  # off


def test_boilerplate_ranks_lower_in_hybrid_search() -> None:
    found = Rankings(semantic=[1, 2, 3, 4], semantic_scores={}, boilerplate={1})
    assert [r for r, _ in POLICY.fuse("hybrid", found)] == [2, 3, 4, 1]  # RRF halved: last
    off = policy(boilerplate_weight=1.0)
    assert [r for r, _ in off.fuse("hybrid", found)][:2] == [1, 2]
    assert demote([(1, 1.0), (2, 0.8)], {1}, 0.5) == [(2, 0.8), (1, 0.5)]


def test_feedback_moves_the_query_toward_the_closest_passages() -> None:
    qvec = np.array([1.0, 0.0, 0.0], np.float32)
    closest = np.array([[0.0, 1.0, 0.0], [0.0, 0.6, 0.8]], np.float32)
    moved = POLICY.feedback(qvec, closest)  # weight 0.5 toward their mean (0, 0.8, 0.4)
    assert np.allclose(moved, np.array([1.0, 0.4, 0.2]) / np.linalg.norm([1.0, 0.4, 0.2]))
    assert policy(feedback_weight=0.0).feedback(qvec, closest) is qvec
    assert POLICY.feedback(qvec, closest[:0]) is qvec  # nothing found: unchanged
