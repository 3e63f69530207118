"""Fuzzing the table stitcher with hypothesis (bounded examples): tables never raise,
never lose a non-empty cell's text, keep row shapes consistent.

The query parser's fuzzing is in tests/index/test_query_fuzz.py.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import tables as tablekit
from ingest.model import BBox

from ..helpers import OPTIONS

# Bounded by default; pytest --fuzz-scale 20 explores twenty times as many examples.
SCALE = max(1, int(OPTIONS["fuzz_scale"]))
FAST = settings(
    max_examples=200 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# -- strategies ---------------------------------------------------------------------------------
CELL_CHARS = st.characters(
    whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Pd", "Po", "Ps", "Pe", "Sc"),
    whitelist_characters="\n\t-%£",
)
cells = st.one_of(st.just(""), st.text(CELL_CHARS, max_size=14))


@st.composite
def fragments(draw: st.DrawFn) -> list[tablekit.Fragment]:
    """Fragments on following pages; shapes drawn from small sets so many of them continue."""
    out = []
    page = 1
    for _ in range(draw(st.integers(0, 6))):
        page += draw(st.sampled_from([0, 1, 1]))
        n_cols = draw(st.sampled_from([1, 2, 3, 3, 3]))
        row = st.lists(cells, min_size=n_cols, max_size=n_cols).map(tuple)
        common = ("Risk", "Action", "Owner")[:n_cols]
        header = draw(st.one_of(st.just(()), st.just((common,)), st.lists(row, max_size=2)))
        body = draw(st.lists(st.one_of(row, st.just(common)), max_size=5))
        top = draw(st.sampled_from([40.0, 60.0, 300.0, 500.0]))
        x0 = draw(st.sampled_from([50.0, 56.0, 90.0]))
        edges = draw(st.sampled_from([(), tuple(x0 + 100.0 * k for k in range(n_cols))]))
        out.append(
            tablekit.Fragment(
                page=page,
                header_rows=tuple(header),
                rows=tuple(body),
                bbox=BBox(x0, top, x0 + 400.0, top + 200.0),
                col_edges=edges,
                caption=draw(st.sampled_from(["", "Table 1: Police risks"])),
                at_top=draw(st.sampled_from([True, True, False])),
                at_bottom=draw(st.booleans()),
                ruled=draw(st.sampled_from([True, True, False])),
            )
        )
    return out


def squash(text: str) -> str:
    """Text with case, spacing and punctuation removed: what must survive stitching."""
    return re.sub(r"\W+", "", text.casefold())


# -- tables -----------------------------------------------------------------------------------
@pytest.mark.slow
@FAST
@given(fragments())
def test_stitch_never_raises_loses_no_cell_text_and_keeps_shapes(frags):
    tables = tablekit.stitch("d" * 64, frags)

    assert [t.index for t in tables] == list(range(len(tables)))
    assert len(tables) <= len(frags)
    out_cells = [squash(c) for t in tables for r in (*t.header_rows, *t.rows) for c in r]
    for frag in frags:
        for r in (*frag.header_rows, *frag.rows):
            for cell in r:
                if squash(cell):
                    assert any(squash(cell) in c for c in out_cells), f"lost {cell!r}"
    for t in tables:
        assert t.page_start <= t.page_end
        assert len(t.row_pages) == len(t.rows)
        assert all(t.page_start <= p <= t.page_end for p in t.row_pages)
        widths = {len(r) for r in (*t.header_rows, *t.rows)}
        assert len(widths) <= 1, f"rows of different widths in one table: {widths}"
    # a continuation page's caption under a header left alone becomes a title row
    in_rows = sum(len(f.header_rows) + len(f.rows) + bool(f.caption) for f in frags)
    assert sum(len(t.header_rows) + len(t.rows) for t in tables) <= in_rows


def test_row_pages_match_rows_when_the_first_row_turns_out_to_be_a_header():
    """Found by the fuzzer: row_pages kept the header row's page after it left the rows."""
    head = ("Risk", "Action", "Owner")
    box = BBox(50, 40, 450, 240)
    frags = [
        tablekit.Fragment(1, (), (head, ("Late plans", "Audit", "CSC")), box, at_top=True),
        tablekit.Fragment(2, (head,), (("Staff gaps", "Recruit", "HR"),), box, at_top=True),
    ]
    (table,) = tablekit.stitch("d" * 64, frags)
    assert table.header_rows == (head,)
    assert table.rows == (("Late plans", "Audit", "CSC"), ("Staff gaps", "Recruit", "HR"))
    assert table.row_pages == (1, 2)


@pytest.mark.slow
@FAST
@given(st.lists(st.lists(st.one_of(st.none(), st.text(CELL_CHARS, max_size=12)), max_size=5)))
def test_clean_rows_pads_drops_empty_rows_and_keeps_words(rows):
    out = tablekit.clean_rows(rows)

    assert len({len(r) for r in out}) <= 1
    assert all(any(r) for r in out)
    kept = [" ".join(c.split()) for r in out for c in r if c]
    given_cells = [" ".join(c.split()) for r in rows for c in r if c and c.split()]
    assert kept == given_cells


@FAST
@given(st.lists(cells, max_size=4).map(tuple), st.lists(cells, max_size=4).map(tuple))
def test_merge_rows_joins_cell_by_cell(a, b):
    merged = tablekit.merge_rows(a, b)

    assert len(merged) == max(len(a), len(b))
    for k, cell in enumerate(merged):
        x = a[k] if k < len(a) else ""
        y = b[k] if k < len(b) else ""
        assert squash(cell) == squash(x) + squash(y)


@FAST
@given(st.lists(st.text(CELL_CHARS, max_size=20), max_size=5))
def test_join_lines_keeps_every_word(lines):
    joined = tablekit.join_lines(lines)
    assert squash(joined) == "".join(squash(line) for line in lines)
    assert joined == joined.strip() and "  " not in joined
