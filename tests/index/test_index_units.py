"""Pure pieces of index/: glossary expansion, rank fusion, snippets, exact vector search."""

from __future__ import annotations

import numpy as np

from index.format import snippet
from index.fusion import rrf
from index.glossary import Glossary, expand_query, expansion_text
from index.keyword import is_structured
from index.vectors import ExactIndex

GLOSSARY = Glossary.from_entries(
    [
        {"acronym": "MAPPA", "expansion": "Multi-Agency Public Protection Arrangements"},
        {"acronym": "CP", "expansion": "Child Protection"},
        {"acronym": "PF", "expansion": "private fostering"},
    ]
)


def test_acronym_expands_to_its_words() -> None:
    out = expand_query("MAPPA meetings", GLOSSARY)
    assert out == '(MAPPA OR "multi agency public protection arrangements") meetings'


def test_lower_case_long_acronym_expands_but_short_ordinary_word_does_not() -> None:
    assert "multi agency" in expand_query("mappa", GLOSSARY)
    assert expand_query("cp plans", GLOSSARY) == "cp plans"
    assert '"child protection"' in expand_query("CP plans", GLOSSARY)


def test_words_expand_back_to_the_acronym() -> None:
    assert expand_query('"Multi-Agency Public Protection Arrangements"', GLOSSARY).endswith(
        "OR MAPPA)"
    )
    assert expand_query("private fostering checks", GLOSSARY) == (
        "(private fostering checks) OR PF"
    )


def test_field_queries_and_empty_glossary_are_left_alone() -> None:
    assert expand_query("title:MAPPA", GLOSSARY) == "title:MAPPA"
    assert expand_query("MAPPA", Glossary.from_entries([])) == "MAPPA"


def test_embedder_text_carries_expansions() -> None:
    assert expansion_text("MAPPA reviews", GLOSSARY) == (
        "MAPPA reviews (Multi-Agency Public Protection Arrangements)"
    )


def test_structured_queries_are_recognised() -> None:
    assert is_structured("borough:westminster neglect")
    assert is_structured("neglect OR abuse")
    assert not is_structured('(MAPPA OR "multi agency") meetings')


def test_rrf_rewards_agreement() -> None:
    fused = rrf([["a", "b", "c"], ["c", "a", "d"]], k=60)
    assert [key for key, _ in fused] == ["a", "c", "b", "d"]
    assert abs(fused[0][1] - (1 / 61 + 1 / 62)) < 1e-12


def test_rrf_with_one_empty_list_keeps_the_other_order() -> None:
    assert [k for k, _ in rrf([[], ["x", "y"]])] == ["x", "y"]


def test_exact_index_respects_mask_and_order() -> None:
    m = np.eye(4, dtype=np.float32)
    q = np.array([0.9, 0.5, 0.1, 0.0], dtype=np.float32)
    rows, scores = ExactIndex(m).search(q, 3)
    assert rows.tolist() == [0, 1, 2] and scores[0] > scores[1]
    rows, _ = ExactIndex(m).search(q, 3, mask=np.array([False, True, False, True]))
    assert rows.tolist() == [1, 3]


def test_snippet_windows_around_matches_and_marks_them() -> None:
    text = "word " * 100 + "interpreters were booked " + "filler " * 100
    start = text.index("interpreters")
    out = snippet(text, [(start, start + 12)], width=80)
    assert out.startswith("... ") and out.endswith(" ...")
    assert "**interpreters** were booked" in out
    assert snippet("short text", []) == "short text"


def test_highlight_spans_are_the_analyzers_own_on_a_real_report() -> None:
    """highlight_spans tokenises and stems by ANALYZER's parts, with a stem cache: the
    spans must be the ones ANALYZER gives, for every line of the seed report, with
    unicode, stop words, one-letter words, dotted words and an unstemmed word mixed in."""
    import random

    from index import keyword
    from index.keyword import ANALYZER, highlight_spans

    from ..helpers import SEED_TEXT, need

    lines = need(SEED_TEXT).read_text(encoding="utf-8").splitlines()
    lines += ["Café naïve A.B.C. e.g. the children's ÉCOLE Ætna a I 2011/12 £1,234.56 U.K."]
    stems = sorted({t.text for line in lines for t in ANALYZER(line)})
    rng = random.Random(7)
    compared = 0
    for line in lines:
        terms = frozenset(rng.sample(stems, 40)) | {t.text for t in list(ANALYZER(line))[::3]}
        want = [
            (t.startchar, t.endchar)
            for t in ANALYZER(line, chars=True, positions=True)
            if t.text in terms
        ]
        assert highlight_spans(line, terms) == want, line
        compared += len(want)
    assert compared > 300
    assert keyword._stem.cache_info().hits > 0  # the cache is used
