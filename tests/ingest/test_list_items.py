"""List items and judgements in passages (issue 22), on real report pages and on generated
list layouts: each item is a passage of its own, and a grade stays with its heading."""

from __future__ import annotations

import json
import re

import pytest

from ingest import listitems
from ingest.extract import recommendations
from ingest.pipeline import parse_file

from ..helpers import POOL, ROOT, need
from .pdf.listpages import generate, layout_of

GRADE_ONLY = re.compile(
    r"\W*(outstanding|good|inadequate|adequate|requires improvement( to be good)?)\W*", re.I
)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@pytest.mark.real
def test_square_bullets_are_items_of_their_own(parse_once) -> None:
    """Middlesbrough 2020, page 2: 'What needs to improve' is a list of 13 items drawn with
    '◼'. Each is one passage, and each is found as a recommendation."""
    path = need(POOL / "ofsted-middlesbrough-2020-01.pdf")
    labels = json.loads((ROOT / "tests/eval/pool/ofsted-middlesbrough-2020-01.json").read_text())
    wanted = [_squash(r["text"]) for r in labels["recommendations"] if r["page"] == 2]
    assert len(wanted) >= 10
    parsed = parse_once(path)
    on_page = [p for p in parsed.passages if p.page == 2 and p.kind == "paragraph"]
    bodies = [_squash(p.text) for p in on_page]
    assert all(bodies.count(w) == 1 for w in wanted)
    for p in on_page:
        starts = [ln for ln in p.text.split("\n") if listitems.marker(ln)]
        assert p.text.count("\u25fc") <= 1 and len(starts) <= 1
    found = [
        _squash(r.fields.text)
        for r in recommendations.extract(parsed)
        if r.kind == "recommendation" and r.page == 2
    ]
    assert sorted(found) == sorted(wanted)


@pytest.mark.real
def test_a_grade_stays_with_its_heading(parse_once) -> None:
    """Camden 2017, page 27: the judgement 'Outstanding' is set on its own under the
    heading it grades; its passage names the heading, and no passage is a bare grade.
    The table reader now reads the heading and its grade as a one-row key-judgement grid
    (tests/ingest/pdf/test_judgement_tables.py), so the passage is that grid's row; either
    way the grade is quoted with what it grades."""
    parsed = parse_once(need(POOL / "ofsted-camden-2017-11.pdf"))
    texts = [p.text for p in parsed.passages if p.page == 27]
    assert {
        "Leadership, management and governance: Outstanding",
        "Leadership, management and governance | Outstanding",
    } & set(texts), texts
    assert [p.text for p in parsed.passages if GRADE_ONLY.fullmatch(p.text)] == []


def _seed(want) -> int:
    return next(s for s in range(2000) if want(layout_of(s)))


@pytest.mark.parametrize(
    "want",
    [
        lambda lay: lay.marker == "■" and not lay.spaces,
        lambda lay: lay.marker == "(a)" and lay.columns == 2 and not lay.hanging,
        lambda lay: lay.marker == "2.1" and lay.item_gap == 0.0,
        lambda lay: lay.marker == "–" and lay.tracking < 0,
        lambda lay: lay.marker == "23." and lay.tail == "paras",
    ],
    ids=["dingbat-no-spaces", "letters-two-columns-flush", "decimal-tight", "dash", "paras"],
)
def test_generated_list_items_are_passages_and_recommendations(tmp_path, want) -> None:
    """A generated report (tests/ingest/pdf/listpages.py): every item comes back as one
    passage of its own and as one recommendation, whatever its marker and layout."""
    g = generate(_seed(want), tmp_path)
    parsed = parse_file(g.path, enrich=False)
    paras = [p for p in parsed.passages if p.kind == "paragraph"]
    bodies = [_squash(p.text) for p in paras]
    for item in g.items:
        key = _squash(item.text)
        assert sum(key in b for b in bodies) == 1, item.text
        assert any(b.endswith(key) and len(b) - len(key) < 8 for b in bodies), item.text
    found = sorted(
        _squash(r.fields.text)
        for r in recommendations.extract(parsed)
        if r.kind == "recommendation"
    )
    assert found == sorted(_squash(i.text) for i in g.items)
