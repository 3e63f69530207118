"""Stitching rules for tables typeset the ways other councils do (issue 11).

Pure functions on fragments: no PDF needed. The register rules for the same
layouts are in tests/ingest/extract/test_stocktake.py; whole generated layouts in
tests/corpus/test_layouts.py.
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
    captioned = Fragment(
        2,
        header,
        (("R2", "d", "s", "a"),),
        box,
        (50, 150, 250, 350),
        caption="Kestwick Housing",
        at_top=True,
    )
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
    a = Fragment(
        1,
        (),
        (("Police", "Risk", "R1", "d"), ("", "", "R2", "d")),
        box,
        (50, 150, 250, 350),
        ruled=False,
    )
    b = Fragment(
        2,
        (),
        (("", "R3", "d"), ("Strength", "S1", "e")),
        box,
        (150, 250, 350),
        at_top=True,
        ruled=False,
    )
    (table,) = stitch("d", [a, b])
    assert table.rows[-2:] == (("", "", "R3", "d"), ("", "Strength", "S1", "e"))


def test_label_column_is_judged_after_a_narrower_page_is_widened() -> None:
    """A page whose agency column is blank throughout comes with one column fewer;
    once widened its rows are blank under a filled label, so its first row starts
    a new row (a Type value there says so), not the rest of the row above."""
    from ingest.tables import Fragment, stitch

    box = BBox(50, 60, 500, 700)
    a = Fragment(1, (), (("Police", "Risk", "R1 cut", "d"),), box, (50, 150, 250, 350), ruled=False)
    b = Fragment(
        2,
        (),
        (("Risk", "R2", "d"), ("Strength", "S1", "e"), ("Strength", "S2", "f")),
        box,
        (150, 250, 350),
        at_top=True,
        ruled=False,
    )
    (table,) = stitch("d", [a, b])
    assert table.rows == (
        ("Police", "Risk", "R1 cut", "d"),
        ("", "Risk", "R2", "d"),
        ("", "Strength", "S1", "e"),
        ("", "Strength", "S2", "f"),
    )


def test_orphan_header_keeps_the_title_line_over_its_rows_as_a_row() -> None:
    """A header alone at a page foot; on the next page a line naming the agency, then the
    rows. The line reads as the rows' caption, but under a header waiting for its rows it
    is the table's first (title) row: the table is one, and the name is kept in it."""
    from ingest.tables import Fragment, stitch

    box = BBox(50, 60, 500, 700)
    header = (("Risk", "What is being done?", "Support", "Recommended"),)
    a = Fragment(1, header, (), BBox(50, 740, 500, 770), (50, 150, 250, 350), ruled=False)
    b = Fragment(
        2,
        (),
        (("R1", "d", "s", "a"),),
        box,
        (50, 150, 250, 350),
        caption="Kestwick Housing",
        at_top=True,
        ruled=False,
    )
    (table,) = stitch("d", [a, b])
    assert table.header_rows == header
    assert table.rows == (("Kestwick Housing", "", "", ""), ("R1", "d", "s", "a"))
    # a table with rows of its own before the page break: the caption is another table's
    a_rows = Fragment(1, header, (("R0", "d", "s", "a"),), box, (50, 150, 250, 350), ruled=False)
    assert len(stitch("d", [a_rows, b])) == 2


def test_row_cut_at_a_page_break_is_told_by_a_later_cell_carrying_on() -> None:
    """The rest of a cut row may start with a capital (a name: "Services and Housing");
    a later cell going on in lower case from a cell that stopped mid-sentence tells it."""
    from ingest.tables import is_split_row

    above = (
        "Strong officer links between Children's",
        "Partnership",
        "",
        "Continued focus on response to",
    )
    assert is_split_row(above, ("Services and Housing", "", "", "front-line delivery"))
    # a new row: its lower-case cell sits under one that did not stop mid-phrase
    done = ("Neglect seen late", "Audit of cases", "", "Report yearly.")
    assert not is_split_row(done, ("Gangs", "panel meets monthly", "", "Map the risk"))
    # with a label column: the same, past the blank label cell
    assert is_split_row(
        ("Police", *above), ("", "Services and Housing", "", "", "front-line"), label_first=True
    )


def test_page_repeating_the_inner_header_in_force_continues_the_table() -> None:
    """A Risk table and a Strengths table set one under the other read as one table; the
    next page repeats the Strengths header (the one in force), not the table's first: it
    carries on, and the repeat is dropped."""
    from ingest.tables import Fragment, stitch

    box = BBox(50, 60, 500, 780)
    risk = ("Risk", "What is being done?", "Support", "Recommended")
    strength = ("Strengths", "How is this evidenced?", "Promote how?", "Recommended")
    a = Fragment(
        1,
        (risk,),
        (("R1", "Done", "Data", "Act"), strength, ("S1", "Seen", "Share", "Keep")),
        box,
        (50, 150, 250, 350),
    )
    b = Fragment(
        2, (strength,), (("S2", "Seen", "Share", "Keep"),), box, (50, 150, 250, 350), at_top=True
    )
    (table,) = stitch("d", [a, b])
    assert table.rows == (
        ("R1", "Done", "Data", "Act"),
        strength,
        ("S1", "Seen", "Share", "Keep"),
        ("S2", "Seen", "Share", "Keep"),
    )
    other = ("Issue", "Action", "Owner", "Due")  # a header of its own: another table
    c = Fragment(2, (other,), (("I1", "x", "y", "z"),), box, (50, 150, 250, 350), at_top=True)
    assert len(stitch("d", [a, c])) == 2


def test_header_over_a_new_label_at_a_page_top_opens_its_block() -> None:
    """In a table labelled by agency (printed once per block), a page-top header followed
    by a filled label is that block's own header and says its kind; followed by a blank
    label it is the header repeated over the block it interrupted, and is dropped."""
    from ingest.tables import Fragment, stitch

    box = BBox(50, 60, 500, 780)
    cols = (50, 150, 250, 350)
    risk = ("Partner", "Risks identified", "Mitigating actions", "Recommended")
    strength = ("Partner", "Strengths identified", "How is it evidenced?", "Recommended")
    a_rows = (("Police", "R1", "Done", "Act"), ("", "R2", "Done", "Act"), ("", "R3", "Done", "Act"))
    a = Fragment(1, (strength,), (("Health", "S1", "Seen", "Keep"), risk, *a_rows), box, cols)
    # the next page: the Strengths header, then Police's strengths (label filled)
    police_strengths = (("Police", "S2", "Seen", "Keep"), ("", "S3", "Seen", "Keep"))
    b = Fragment(2, (strength,), police_strengths, box, cols, at_top=True)
    (table,) = stitch("d", [a, b])
    assert table.rows[len(a.rows) :] == (strength, *police_strengths)
    # the same header over more of the Police risks (label blank): a repeat, dropped
    more_risks = (("", "R4", "Done", "Act"), ("", "R5", "Done", "Act"))
    c = Fragment(2, (strength,), more_risks, box, cols, at_top=True)
    (table,) = stitch("d", [a, c])
    assert table.rows[len(a.rows) :] == more_risks


def test_cut_cell_rest_alone_joins_its_row_whatever_its_case() -> None:
    """A row's remaining words at the next page's top ("Housing Services") finish the
    cell above when that cell stops mid-phrase ("... Services and", "... links
    between"), even starting with a capital, and even beside a cell that starts a new
    sentence of its own; a title row or a new row under a finished row is no rest."""
    from ingest.tables import is_split_row

    above = ("2. Strong officer links between Children's Services and", "Partnership", "", "Done.")
    assert is_split_row(above, ("Housing Services", "", "", ""))
    assert is_split_row(above, ("Housing Services", "", "", "New action"))
    cut = ("Strong officer links between", "Partnership working", "", "Continued focus")
    assert is_split_row(cut, ("Children's Services and Housing", "", "", ""))
    done = ("1. Neglect seen late", "Audit of cases", "", "Report yearly.")
    assert not is_split_row(done, ("Kestwick Police", "", "", ""))
    assert not is_split_row(done, ("Gangs", "Panel", "", "Map the risk"))


def test_later_cell_going_on_with_a_little_word_is_a_rest() -> None:
    """Across a page break, a later cell starting on "in" or "of" under a cell that
    stops short of a sentence's end carries it on, though the first cell starts with a
    capital (a statement cut between words: "HV Implementation Plan Call for Action."
    over "Increase of HV workforce"); "as above" starts a cell of its own, and so does
    any cell under one that ends a sentence."""
    from ingest.tables import is_split_row

    above = ("HV Implementation Plan Call for Action.", "Involvement of officers in roles", "", "")
    assert is_split_row(above, ("Increase of HV workforce", "of HVs. Programme of work", "", ""))
    label = ("", "Westminster Safeguarding", "Attendance and participation", "", "")
    rest = ("", "Lead Officer collaboration with LSCB", "in relevant sub-groups", "", "")
    assert is_split_row(label, rest, label_first=True)
    assert not is_split_row(above, ("Gangs", "as above", "", ""))
    done = ("Gangs", "Panel meets.", "", "")
    assert not is_split_row(done, ("Neglect", "in every borough", "", ""))


def test_inner_header_at_a_page_top_is_dropped_only_while_in_force() -> None:
    """A table of one agency's risks then strengths then the next agency's risks, run
    over pages under one header: a "Key strengths" header at the next page's top
    repeats the inner header only while it is in force; after the table's own "Key
    risks" header came back, it starts strengths again and is kept (it says the kind)."""
    from ingest.tables import Fragment, stitch

    risks = ("Key risks", "Actions being taken", "Support", "Recommended")
    strengths = ("Key strengths", "Evidence", "Promote", "Recommended")
    box, edges = BBox(50, 60, 500, 700), (50, 150, 250, 350)
    body = (("Police", "", "", ""), ("R1", "d", "s", "act"), strengths, ("S1", "e", "p", "act"))
    a = Fragment(
        1, (risks,), (*body, risks, ("Health", "", "", ""), ("R2", "d", "s", "act")), box, edges
    )
    b = Fragment(2, (strengths,), (("S2", "e", "p", "act"),), box, edges, at_top=True)
    (table,) = stitch("d", [a, b])
    assert table.rows[-2:] == (strengths, ("S2", "e", "p", "act"))
    # while the strengths header is in force, its repeat at the page top is dropped
    a_in = Fragment(1, (risks,), body, box, edges)
    (table,) = stitch("d", [a_in, b])
    assert table.rows[-2:] == (("S1", "e", "p", "act"), ("S2", "e", "p", "act"))


def test_two_later_cells_going_on_in_lower_case_make_a_rest() -> None:
    """A statement ending a sentence over one starting with a capital tells nothing; two
    later cells going on in lower case under unfinished cells do, and so does a cell
    above stopping on "will" or on a bullet. One such cell is not enough (a new row's
    cell may start in lower case)."""
    from ingest.tables import is_split_row

    above = (
        "Capacity of Designated Doctor for Unexpected Deaths.",
        "Review of arrangements. A report",
        "Support and challenge to identify",
        "For the officer to monitor and review",
    )
    rest = ("Rapid response is needed.", "presented in May", "gaps in provision.", "effectiveness")
    assert is_split_row(above, rest)
    assert not is_split_row(above, ("Rapid response is needed.", "presented in May", "", ""))
    will = ("Capacity.", "A report will", "", "")
    assert is_split_row(will, ("Rapid response is needed.", "Be presented in May", "", ""))
    bullet = ("Capacity of Designated", "• Review •", "", "")
    assert is_split_row(bullet, ("Doctor for Deaths.", "A report", "", ""))
