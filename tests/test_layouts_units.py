"""Stitching rules for tables typeset the ways other councils do (issue 11).

Pure functions on fragments: no PDF needed. The register rules for the same
layouts are in tests/test_stocktake.py; whole generated layouts in tests/test_layouts.py.
"""

from __future__ import annotations

from ingest.model import BBox


def test_identical_headers_are_not_stitched_across_text_between_them() -> None:
    from ingest.tables import Fragment, stitch

    header = (("Risk", "What is being done?", "Support", "Recommended"),)
    box = BBox(50, 60, 500, 700)
    a = Fragment(1, header, (("R1", "d", "s", "a"),), box, (50, 150, 250, 350), at_end=False)
    b = Fragment(2, header, (("R2", "d", "s", "a"),), box, (50, 150, 250, 350), at_top=True)
    assert len(stitch("d", [a, b])) == 2  # an agency heading under table a ends it
    a_end = Fragment(1, header, (("R1", "d", "s", "a"),), box, (50, 150, 250, 350))
    assert len(stitch("d", [a_end, b])) == 1
    captioned = Fragment(2, header, (("R2", "d", "s", "a"),), box, (50, 150, 250, 350),
                         caption="Kestwick Housing", at_top=True)  # fmt: skip
    assert len(stitch("d", [a_end, captioned])) == 2


def test_blank_label_cell_after_a_page_break_starts_a_new_row() -> None:
    from ingest.tables import is_split_row, label_first_column

    rows = [("Police", "R1", "d", "s"), ("", "R2", "d", "s"), ("", "R3", "d", "s")]
    assert label_first_column(rows)
    assert not is_split_row(rows[-1], ("", "R4 new statement", "d", "s"), label_first=True)
    assert is_split_row(rows[-1], ("", "carried on", "", ""), label_first=True)
    assert is_split_row(rows[-1], ("", "R4", "d", "s"))  # without a label column: as before


def test_unruled_page_with_a_blank_first_column_joins_its_table() -> None:
    from ingest.tables import Fragment, stitch

    box = BBox(50, 60, 500, 700)
    a = Fragment(1, (), (("Police", "Risk", "R1", "d"), ("", "", "R2", "d")), box,
                 (50, 150, 250, 350), ruled=False)  # fmt: skip
    b = Fragment(2, (), (("", "R3", "d"), ("Strength", "S1", "e")), box, (150, 250, 350),
                 at_top=True, ruled=False)  # fmt: skip
    (table,) = stitch("d", [a, b])
    assert table.rows[-2:] == (("", "", "R3", "d"), ("", "Strength", "S1", "e"))


def test_label_column_is_judged_after_a_narrower_page_is_widened() -> None:
    """A page whose agency column is blank throughout comes with one column fewer;
    once widened its rows are blank under a filled label, so its first row starts
    a new row (a Type value there says so), not the rest of the row above."""
    from ingest.tables import Fragment, stitch

    box = BBox(50, 60, 500, 700)
    a = Fragment(1, (), (("Police", "Risk", "R1 cut", "d"),), box, (50, 150, 250, 350),
                 ruled=False)  # fmt: skip
    b = Fragment(2, (), (("Risk", "R2", "d"), ("Strength", "S1", "e"), ("Strength", "S2", "f")),
                 box, (150, 250, 350), at_top=True, ruled=False)  # fmt: skip
    (table,) = stitch("d", [a, b])
    assert table.rows == (
        ("Police", "Risk", "R1 cut", "d"),
        ("", "Risk", "R2", "d"),
        ("", "Strength", "S1", "e"),
        ("", "Strength", "S2", "f"),
    )
