"""Every tolerance the PDF reader uses, in one place, with why it has its value.

Distances are in PDF points (1/72 inch) unless the name ends in ``_em`` (a multiple of
the font size of the text concerned) or is a fraction of the page. The values were
chosen on the shipped corpus, the 24 real papers in ../shared/realdocs and the random
stock-take layouts of corpus/layouts.py; tests/corpus/test_tables_truth.py,
tests/corpus/test_sections_truth.py and tests/corpus/test_layouts.py guard them. Change
one only with those tests and ``tests/eval/run_layouts_eval.py`` run before and after.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerances:
    # ---- words and lines
    word_tolerance: float = 3.0
    """pdfplumber's own default for grouping characters into words and lines: kept so
    words split exactly where pdfplumber would split them."""
    space_gap_em: float = 0.12
    """A gap between two words wider than this many ems is printed as a space; narrower
    gaps are kerning inside one word (fonts kern by up to about a tenth of an em)."""
    unspaced_gap_em: float = 0.15
    """Inside a word as pdfplumber groups it (no space character), a gap this many ems
    wider than the word's steady letter gap is a word space: word spaces are 0.2-0.33 em
    in text fonts, kerning moves letters by under a tenth of an em (mostly closer)."""
    unspaced_min_gaps: int = 4
    """Letter gaps a word needs before the median of its gaps is its steady spacing;
    with two or three, the narrowest is (one gap alone says nothing)."""
    marker_size_ratio: float = 0.8
    """Digits set smaller than this fraction of the word before them, and raised, are a
    footnote marker (superscripts are set at 58-80% of the body size)."""
    line_overlap: float = 0.5
    """Two words are on one visual line when their heights overlap by this fraction of
    the shorter one: subscripts and mixed sizes still join, stacked lines do not."""
    turned_gap_em: float = 0.8
    """Sideways lines read on from one another (a block, kept in its own order) when
    the gap between them, across the lines, is at most this many ems: line spacing
    leaves about 0.2 em, a paragraph break or the next cell of a table more."""
    segment_gap_em: float = 1.6
    """A horizontal gap wider than this many ems splits a line into segments (cells of
    a table without rules, or two text columns); justified prose never gaps this wide."""

    # ---- page furniture and columns
    band: float = 0.09
    """The top and bottom fraction of the page where running headers, footers and page
    numbers live (about 2.5 cm on A4)."""
    gutter_min_segments: int = 12
    """A page needs this many line segments before two text columns are looked for:
    fewer is a cover or a figure page, where a gutter would be a guess."""
    gutter_min_width: float = 8.0
    """The blank strip between two text columns is at least this wide (a word space is
    about 3 points at body size)."""
    block_gap_em: float = 0.5
    """Lines this many ems apart or more are separate blocks (paragraphs, table rows);
    a paragraph's or a cell's wrapped lines sit closer."""

    # ---- ruled tables
    min_rulings: int = 4
    """Drawn lines or boxes a page needs before pdfplumber's table finder is run: the
    fewest that can enclose one cell."""
    shading_min_pt: float = 3.0
    """A filled box without an outline taller and wider than this is a background
    (shading), not a rule drawn as a thin box: its sides bound no column."""
    backdrops: int = 400
    """Filled boxes looked through (latest first) to find what colour lies under a
    shape: enough for a page of shaded cells, bounded so a chart of thousands of shapes
    stays fast."""
    drawn_column_width: float = 40.0
    """A ruled cell at least this wide is a real column, not a hairline slack column
    that a neighbour's span should absorb."""

    # ---- captions and tables without rules
    caption_gap_em: float = 1.8
    """A caption sits at most this many of its own line heights above its table; a
    line further up is body text."""
    caption_max_words: int = 25
    """A caption is a title, not a paragraph: longer lines above a table are prose."""
    chart_span: float = 60.0
    """A chart's data line runs at least this far; shorter strokes are underlines or
    table rules."""
    prose_words: int = 12
    """A column whose cells run to this many words (median) holds prose: with a label
    column beside it, it is a numbered or bulleted paragraph, not a table."""
    stop_gap_em: float = 0.5
    """A gap this wide before a word that starts at a column stop splits the line there
    (table cells set close together)."""
    wrap_gap_em: float = 0.45
    """A line this close under another (less than this many ems between them) is set
    at line spacing: the rest of a wrapped line, not the start of other text."""
    stop_gap_spaces: float = 1.5
    """Where a page's word spaces are wide (a text layer made by OCR), a column stop's
    gap is at least this many of its median word spaces: typeset text's spaces (0.25 to
    0.35 em) leave ``stop_gap_em`` as it is."""
    stop_gap_sample: int = 30
    """Word spaces a page needs before their median says how wide its spaces are."""
    stop_lines: int = 4
    """A column stop needs words starting at the same x, after a gap, on this many
    lines: fewer is coincidence in ragged prose."""
    cell_start_lines: int = 2
    """Inside a table, a word that starts (after a gap of ``stop_gap_em``) where cells of
    this many other lines start is a cell of that column, not the end of its neighbour:
    in a run already found to be a table, two lines are evidence enough."""
    orphan_header_cells: int = 5
    """A bold line of this many cells or more ending a page's text is a table's header
    however high it stands (a first row too tall for the page moved on, a long
    intro above): no heading or label row falls into so many aligned pieces."""
    orphan_header_low: float = 0.5
    """A header left alone at a page's end (its rows on the next page) ends below this
    fraction of the page height: a first row too tall for the space left moves to the
    next page from as high as the middle (two-column text above), leaving the header."""
    overlap_pt: float = 1.0
    """A line of a table without rules overlapping the line above or below by more than
    this many points is set off the rows' line grid (a merged cell centred vertically)."""
    row_gap_em: float = 1.2
    """Lines closer than this many line heights belong to one table row or one run of
    table lines; a wider gap starts a new row or ends the run."""
    run_break_em: float = 2.5
    """A vertical gap of this many line heights ends a run of table lines."""

    # ---- headings and covers
    cover_prose_words: int = 60
    """A first page with less running text than this is a cover: its large lines are a
    title block, not headings."""


TOL = Tolerances()
