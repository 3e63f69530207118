"""Judgement grids (issue 22): headers told by what the cells hold, key-judgement grids found.

A header row names the columns: a row holding a grade ("Good"), stating one ("Children's
services in X are good") or made of figures is a body row, however bold and however
first; a grid whose first row is already data has no header. A key-judgement grid (a
section's title and its grade over a merged cell of summary prose) is a table of its
graded row, and its title stays the heading of the section.

Proved on generated pages (random grades, with and without a header row, bold data rows,
a full-width statement row) and on real pages of the pool's development half and
../shared/realdocs (skipped tiers fail loudly when ../shared is missing, as elsewhere).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ingest import pdf
from ingest.structure import build
from ingest.tables import header_row_count, is_data_row, is_grade

from ...helpers import REALDOCS, need

GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
AREAS = (
    "Children who need help and protection",
    "Children looked after and achieving permanence",
    "Adoption performance",
    "Experiences and progress of care leavers",
    "Leadership, management and governance",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children in care",
)


# ---------------------------------------------------------------- cells


def test_grades_and_stated_grades_are_data_not_headers() -> None:
    assert is_grade("Good") and is_grade("Requires improvement to be good")
    assert is_grade("Requires improvement") and not is_grade("Good practice")
    assert is_data_row(["Children’s services in Camden are good", "", ""])
    assert is_data_row(["Children’s services in Sutton require improvement to be good"])
    assert is_data_row(["1. Children who need help and protection", "", "Good"])
    assert is_data_row(["12", "45%", "3.2"])
    assert not is_data_row(["Judgement", "Grade"])
    assert not is_data_row(["Area", "2019", "2020"])  # years can name columns


def test_a_bold_first_data_row_is_not_promoted_to_a_header() -> None:
    grid = [
        ["Children’s services in Camden are good", "", ""],
        ["1. Children who need help and protection", "", "Good"],
        ["2. Children looked after and achieving permanence", "", "Good"],
        ["", "2.1 Adoption performance", "Outstanding"],
    ]
    assert header_row_count(grid, [True, True, True, False]) == 0
    named = [["Judgement", "Grade"], ["The impact of leaders", "Good"], ["Overall", "Good"]]
    assert header_row_count(named, [True, False, False]) == 1


# ---------------------------------------------------------------- generated pages


def _grid_page(path: Path, rng: random.Random) -> tuple[list[str] | None, list[list[str]]]:
    """A ruled judgement grid at a random place: a header row or none, a full-width
    statement row or none, data rows in bold or not, random grades."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    header = ["Judgement", "Grade"] if rng.random() < 0.5 else None
    rows: list[list[str]] = []
    if rng.random() < 0.5:
        rows.append([f"Children’s services in Testshire are {rng.choice(GRADES).lower()}", ""])
    for area in rng.sample(AREAS, rng.randint(3, 5)):
        rows.append([area, rng.choice(GRADES)])
    bold_data = rng.random() < 0.5
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 11)
    c.drawString(72, 780, "Inspection of Testshire local authority children’s services")
    top, x0, mid, x1, h = rng.randint(560, 700), 72, 340, 523, 26
    lines = ([header] if header else []) + rows
    for i, row in enumerate(lines):
        y = top - i * h
        c.rect(x0, y - h, x1 - x0, h)
        if row[1] or i == 0 and header:
            c.line(mid, y, mid, y - h)
        bold = (header is not None and i == 0) or bold_data
        c.setFont("Helvetica-Bold" if bold else "Helvetica", 10)
        c.drawString(x0 + 4, y - 17, row[0])
        if row[1]:
            c.drawString(mid + 4, y - 17, row[1])
    c.showPage()
    c.save()
    return header, rows


@pytest.mark.parametrize("seed", range(12))
def test_generated_judgement_grids_get_their_true_header(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = tmp_path / f"grid-{seed}.pdf"
    header, rows = _grid_page(path, rng)
    tables = pdf.read(path, "g").tables
    assert len(tables) == 1, seed
    table = tables[0]
    assert [list(r) for r in table.header_rows] == ([header] if header else []), seed
    assert [c for c in table.rows[0] if c] == [c for c in rows[0] if c], seed


KEY_HEADER = ("Key judgement", "Judgement grade")


def _key_judgement_page(path: Path, rng: random.Random) -> tuple[str, str, bool]:
    """A section opening with a ruled box: its title and grade over a merged summary cell,
    under a header naming the two columns or none (2014-15 reports print one)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    title, grade, header = rng.choice(AREAS)[:38], rng.choice(GRADES)[:20], rng.random() < 0.5
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    top, x0, mid, x1 = 760, 72, 370, 522
    first = top - 24 if header else top  # the graded row's top
    bottom = first - 44 - 16 * (n := rng.randint(18, 30)) - 32
    for y in (top, first, first - 44, bottom):  # drawn as rules, the way the reports do
        c.line(x0, y, x1, y)
    for x in (x0, x1):
        c.line(x, top, x, bottom)
    c.line(mid, top, mid, first - 44)
    if header:
        c.setFont("Helvetica-Bold", 11)
        c.drawString(x0 + 4, top - 16, KEY_HEADER[0])
        c.drawString(mid + 4, top - 16, KEY_HEADER[1])
    c.setFont("Helvetica-Bold", 14)
    c.drawString(x0 + 4, first - 26, title)
    c.drawString(mid + 4, first - 26, grade)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(x0 + 4, first - 62, "Summary")
    c.setFont("Helvetica", 11)
    for i in range(n):
        words = rng.choices(("children", "social", "workers", "plans", "visits", "are"), k=11)
        c.drawString(x0 + 4, first - 80 - 16 * i, " ".join(words).capitalize() + ".")
    c.showPage()
    c.save()
    return title, grade, header


@pytest.mark.parametrize("seed", range(8))
def test_generated_key_judgement_grids_are_tables_of_their_graded_row(
    tmp_path: Path, seed: int
) -> None:
    path = tmp_path / f"kj-{seed}.pdf"
    title, grade, header = _key_judgement_page(path, random.Random(seed))
    extracted = pdf.read(path, "k")
    assert [t.rows for t in extracted.tables] == [((title, grade),)], seed
    assert extracted.tables[0].header_rows == ((KEY_HEADER,) if header else ()), seed
    assert "Summary" in extracted.pages[0].text  # the prose stays running text
    assert "Key judgement" not in extracted.pages[0].text  # the header is the table's


# ---------------------------------------------------------------- real pages


POOL = REALDOCS / "pool"


@pytest.fixture(scope="module")
def camden() -> tuple:
    """A 2017 SIF report (dev half): a cover grid whose first row states the overall
    judgement, and key-judgement grids opening pages 9, 16 and 27."""
    extracted = pdf.read(need(POOL / "ofsted-camden-2017-11.pdf"), "camden")
    return extracted, build("camden", extracted)


@pytest.mark.real
def test_real_cover_grid_has_no_header_and_keeps_its_first_row(camden: tuple) -> None:
    extracted, _ = camden
    (cover,) = [t for t in extracted.tables if t.page_start == 1]
    assert cover.header_rows == ()
    assert cover.caption == ""  # not the cover's "Report published: 24 November 2017"
    assert cover.rows[0][0] == "Children’s services in Camden are good"
    assert [c for c in cover.rows[1] if c] == ["1. Children who need help and protection", "Good"]


@pytest.mark.real
def test_real_key_judgement_grids_are_found_and_still_head_their_sections(
    camden: tuple,
) -> None:
    extracted, (sections, passages, tables) = camden
    grids = {t.page_start: t.rows for t in extracted.tables if t.page_start > 1}
    assert grids == {
        9: (("The experiences and progress of children who need help and protection", "Good"),),
        16: (
            (
                "The experiences and progress of children looked after and achieving permanence",
                "Good",
            ),
        ),
        27: (("Leadership, management and governance", "Outstanding"),),
    }
    titles = {s.title for s in sections}
    assert "Leadership, management and governance" in titles
    (row,) = [p for p in passages if p.kind == "table_row" and p.page == 27]
    assert row.section_path[-1] == "Leadership, management and governance"
    assert row.text.endswith("| Outstanding")


@pytest.mark.real
def test_real_ilacs_cover_grid_keeps_its_named_header() -> None:
    extracted = pdf.read(need(POOL / "ofsted-birmingham-2019-01.pdf"), "b")
    (cover,) = [t for t in extracted.tables if t.page_start == 1]
    assert cover.header_rows == (("Judgement", "Grade"),)
    assert cover.rows[0][1] == "Requires improvement to be good"


@pytest.mark.real
def test_real_bulleted_list_with_a_subheading_is_not_a_table() -> None:
    """Liverpool 2014 p12 (dev half): "Other Ofsted inspections", bullets, then the
    subheading "Other information about this area" and another bullet."""
    extracted = pdf.read(need(POOL / "ofsted-liverpool-2014-07.pdf"), "l")
    assert not [t for t in extracted.tables if t.page_start == 12]


@pytest.mark.real
def test_real_key_judgement_grid_with_its_2015_header_row() -> None:
    """Peterborough 2015 p18: "Key judgement | Judgement grade" over the graded row."""
    path = need(REALDOCS / "lscb-reviews" / "ofsted-peterborough-2015-09.pdf")
    extracted = pdf.read(path, "p")
    (grid,) = [t for t in extracted.tables if t.page_start == 18]
    assert grid.header_rows == (("Key judgement", "Judgement grade"),)
    assert grid.rows[0][1] == "Requires improvement"
    assert "Key judgement" not in extracted.pages[17].text
