"""Word spaces (issue 22): words are split where the page shows a space, however tight the
tracking, and only there."""

from __future__ import annotations

import re

import pytest

from ingest import pdf

from ...helpers import LSCB_REVIEWS, need
from .listpages import generate, layout_of

RUN_TOGETHER = re.compile(r"[A-Za-z]{24,}")


@pytest.mark.real
def test_tightly_tracked_heading_keeps_its_spaces(parse_once) -> None:
    """Hull's 2015 review sets its headings with negative character spacing: each letter's
    box overlaps the next, the space characters too, so the gap between words is negative.
    The space characters the PDF wrote still split the words (page 4)."""
    ex = parse_once.read(need(LSCB_REVIEWS / "ofsted-hull-2015-02.pdf"))
    texts = [ln.text for ln in ex.pages[3].lines]
    assert "Looked after children and care leavers" in texts
    for page in ex.pages[2:6]:
        assert RUN_TOGETHER.findall(page.text) == []


def _seed(**want: object) -> int:
    """The first generated layout (tests/ingest/pdf/listpages.py) with these choices."""
    return next(
        s for s in range(2000) if all(getattr(layout_of(s), k) == v for k, v in want.items())
    )


@pytest.mark.parametrize("tracking", [0.0, -0.8, 0.3])
def test_words_placed_without_space_characters_are_split(tmp_path, tracking) -> None:
    """A producer that places each word on its own writes no space characters: the gap is
    the only sign of a space, and it is found relative to the word's own letter spacing,
    whether the text is set tight, normal or letter-spaced. No real word is split."""
    g = generate(_seed(spaces=False, tracking=tracking, columns=1), tmp_path)
    ex = pdf.read(g.path, "gen")
    text = " ".join(" ".join(p.text.split()) for p in ex.pages)
    for item in g.items:
        assert item.text.split(" (")[0][:60] in text
    assert RUN_TOGETHER.findall(text) == []
