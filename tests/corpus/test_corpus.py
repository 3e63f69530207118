"""The shipped corpus: regenerable, labelled, and its truth files agree with the papers.

corpus/build.py writes the seed report into corpus/papers and the synthetic papers into
corpus/fixtures/papers
(PDF, DOCX) and their truth into corpus/truth (JSON). These tests rebuild into a
temporary folder and compare bytes, read every built PDF with pdfplumber to check
that each truth page number is where the text really is, and count the seed's
stock-take rows again from the seed text with rules of their own (not build.py's),
so a wrong merge in either place shows up.

The nine real Ofsted inspection reports (ofsted-*.pdf) are copied, not built:
they must be byte-for-byte the published files in ../shared/realdocs/tri-borough/,
and their hand-written truth (metadata, pages, inspection dates) must agree with
what pdfplumber reads on their pages.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from ..helpers import (
    CORPUS,
    CORPUS_TRUTH,
    FIXTURE_TRUTH,
    ROOT,
    SEED_NAME,
    SEED_PDF,
    SEED_TEXT,
    TRI_BOROUGH,
    corpus_files,
    corpus_truth,
    need,
)

SOURCE_TEXT = CORPUS / "source" / f"{SEED_NAME}.txt"  # the generator's copy of the seed

# Rows per agency in Appendix 1 of the original report, read off the original by eye:
# (risks, strengths).
SEED_AGENCY_ROWS = {
    "Children's Services": (3, 3),
    "INWL": (3, 3),
    "CLCH": (3, 3),
    "Housing": (3, 2),
    "CNWL": (3, 3),
    "Imperial": (2, 3),
    "Police": (3, 3),
    "Probation": (3, 3),
    "Education": (3, 2),
}


COPIED_PREFIX = "ofsted-"  # the real inspection reports, copied as published
BOROUGHS = {"Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"}


def papers() -> list[Path]:
    return corpus_files()


def copied_papers() -> list[Path]:
    return [p for p in papers() if p.name.startswith(COPIED_PREFIX)]


def built_papers() -> list[Path]:
    return [p for p in papers() if not p.name.startswith(COPIED_PREFIX)]


def pdf_papers() -> list[Path]:
    """The PDFs build.py makes (the copied reports have tests of their own)."""
    return [p for p in built_papers() if p.suffix == ".pdf"]


def synthetic_pdfs() -> list[Path]:
    return [p for p in pdf_papers() if p.name != SEED_PDF.name]


@cache
def truth_of(name: str) -> dict[str, Any]:
    return json.loads(corpus_truth(name).read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def page_texts(path: Path) -> tuple[str, ...]:
    """Each page's text, whitespace removed: full width, then each half (two-column pages)."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            w, h = page.width, page.height
            parts = [page.extract_text() or ""]
            parts += [page.crop((0, 0, w / 2, h)).extract_text() or ""]
            parts += [page.crop((w / 2, 0, w, h)).extract_text() or ""]
            out.append("\n".join(squash(p) for p in parts))
            page.close()
    return tuple(out)


@cache
def pdf_info(path: Path) -> dict[str, str]:
    with pdfplumber.open(path) as pdf:
        return {k: str(v) for k, v in pdf.metadata.items()}


def on_page(path: Path, page: int, text: str) -> bool:
    """All words of ``text`` appear on ``page`` (1-based)."""
    squashed = page_texts(path)[page - 1]
    return all(squash(word) in squashed for word in text.split())


def lead(text: str, words: int = 2) -> str:
    return " ".join(text.split()[:words])


# ---------------------------------------------------------------------------
# Regeneration
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run(
        [sys.executable, str(CORPUS / "build.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return out


@pytest.mark.slow
def test_build_regenerates_every_paper_and_truth_byte_for_byte(rebuilt: Path) -> None:
    copied = {p.name for p in copied_papers()} | {f"{p.name}.truth.json" for p in copied_papers()}
    for sub in ("papers", "truth", "fixtures/papers", "fixtures/truth"):
        committed = sorted(p.name for p in (CORPUS / sub).iterdir() if p.name not in copied)
        made = sorted(p.name for p in (rebuilt / sub).iterdir())
        assert made == committed, f"corpus/{sub} differs from what build.py makes"
        for name in committed:
            same = (rebuilt / sub / name).read_bytes() == (CORPUS / sub / name).read_bytes()
            assert same, f"corpus/{sub}/{name} is not what build.py makes; rerun it"


@pytest.mark.slow
def test_build_leaves_the_copied_real_reports_alone(tmp_path: Path) -> None:
    """Rebuilding one paper in place (corpus/papers as --out) writes only that paper."""
    out = tmp_path / "c"
    (out / "papers").mkdir(parents=True)
    (out / "truth").mkdir()
    real = copied_papers()[0]
    shutil.copy(real, out / "papers")
    shutil.copy(CORPUS_TRUTH / f"{real.name}.truth.json", out / "truth")
    subprocess.run(
        [
            sys.executable,
            str(CORPUS / "build.py"),
            "--out",
            str(out),
            "--only",
            "triborough-lscb-board-minutes-2015-01-synthetic.pdf",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    assert (out / "papers" / real.name).read_bytes() == real.read_bytes()
    assert [p.name for p in (out / "papers").iterdir()] == [real.name]
    fixtures = [p.name for p in (out / "fixtures" / "papers").iterdir()]
    assert fixtures == ["triborough-lscb-board-minutes-2015-01-synthetic.pdf"]


def test_seed_text_is_the_product_owners_copy() -> None:
    assert SOURCE_TEXT.read_bytes() == need(SEED_TEXT).read_bytes()


# ---------------------------------------------------------------------------
# Truth files and labels
# ---------------------------------------------------------------------------


def test_every_paper_has_a_truth_file_and_no_truth_is_orphaned() -> None:
    names = {p.name for p in papers()}
    truths = {
        p.name.removesuffix(".truth.json")
        for d in (CORPUS_TRUTH, FIXTURE_TRUTH)
        for p in d.glob("*.truth.json")
    }
    assert names == truths
    assert len(names) >= 9
    for name in names:
        t = truth_of(name)
        assert t["file"] == name
        assert t["synthetic"] == ("synthetic" in name)
        assert t["metadata"]["synthetic"] == t["synthetic"]


@pytest.mark.real
@pytest.mark.parametrize("path", synthetic_pdfs(), ids=lambda p: p.name)
def test_synthetic_pdf_says_synthetic_on_every_page(path: Path) -> None:
    t = truth_of(path.name)
    info = pdf_info(path)
    assert "synthetic" in (info.get("Subject", "") + info.get("Keywords", "")).lower()
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == t["pages"]
        for page in pdf.pages:
            text = page.extract_text() or ""
            if page.page_number in t["image_only_pages"]:
                assert not page.chars, f"{path.name} page {page.page_number} has a text layer"
                assert page.images, f"{path.name} page {page.page_number} has no image"
            else:
                assert "SYNTHETIC" in text, f"{path.name} page {page.page_number}"
            page.close()


@pytest.mark.real
def test_seed_pdf_is_real_and_titled() -> None:
    t = truth_of(SEED_PDF.name)
    info = pdf_info(SEED_PDF)
    assert info["Title"] == "Westminster LSCB Annual Report 2011/12"
    assert "synthetic" not in json.dumps(info).lower()
    assert t["synthetic"] is False and t["metadata"]["board"] == "Westminster LSCB"
    for number, text in enumerate(page_texts(SEED_PDF), start=1):
        assert "synthetic" not in text.lower()
        assert squash(f"Westminster LSCB Annual Report 2011/12 \u2014 page {number}") in text


def test_exactly_one_paper_has_an_image_only_page() -> None:
    with_images = [p.name for p in papers() if truth_of(p.name)["image_only_pages"]]
    assert len(with_images) == 1
    assert len(truth_of(with_images[0])["image_only_pages"]) == 1


def test_synthetic_papers_cover_boards_periods_and_layouts() -> None:
    synthetic = [truth_of(p.name) for p in papers() if "synthetic" in p.name]
    assert len(synthetic) >= 8
    boroughs = {b for t in synthetic for b in t["metadata"]["boroughs"]}
    assert boroughs == {"Westminster", "Kensington and Chelsea", "Hammersmith and Fulham"}
    assert "Tri-borough LSCB" in {t["metadata"]["board"] for t in synthetic}
    assert len({t["metadata"]["period"] for t in synthetic}) >= 4
    kinds = {t["metadata"]["doc_type"] for t in synthetic}
    assert {"annual_report", "stocktake", "case_review"} <= kinds
    layouts = {item for t in synthetic for table in t["tables"] for item in table["layout"]}
    wanted = {"ruled", "unruled", "cross-page", "repeated-header", "no-repeated-header"}
    assert wanted | {"split-row", "landscape"} <= layouts


def test_pdfs_are_small() -> None:
    for path in papers():
        assert path.stat().st_size < 1_000_000, path.name


# ---------------------------------------------------------------------------
# The real Ofsted reports, copied as published
# ---------------------------------------------------------------------------


def test_the_library_is_twenty_papers_nine_of_them_real_inspections() -> None:
    assert len(papers()) == 20
    real = [truth_of(p.name) for p in papers() if not truth_of(p.name)["synthetic"]]
    assert len(real) == 10  # the seed report and the nine inspections
    inspections = [t for t in real if t["metadata"]["doc_type"] == "inspection_report"]
    assert len(inspections) == len(copied_papers()) == 9
    by_borough: dict[str, set[str]] = {}
    for t in inspections:
        (borough,) = t["metadata"]["boroughs"]
        by_borough.setdefault(borough, set()).add(t["inspection"]["last_day"][:4])
    # each borough inspected in 2016, 2019 and 2024 (H&F in March, the others in November)
    assert by_borough == {b: {"2016", "2019", "2024"} for b in BOROUGHS}
    assert sum(t["pages"] for t in inspections) == 208


@pytest.mark.parametrize("path", copied_papers(), ids=lambda p: p.name)
def test_copied_report_is_the_published_file(path: Path) -> None:
    assert path.read_bytes() == need(TRI_BOROUGH / path.name).read_bytes()


def _long_date(iso: str) -> str:
    from datetime import date

    d = date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


@pytest.mark.real
@pytest.mark.parametrize("path", copied_papers(), ids=lambda p: p.name)
def test_copied_report_truth_agrees_with_its_pages(path: Path) -> None:
    """Page count, text on every page, and the cover's borough and inspection dates."""
    t = truth_of(path.name)
    meta, insp = t["metadata"], t["inspection"]
    assert t["synthetic"] is False and meta["synthetic"] is False
    assert "synthetic" not in json.dumps(pdf_info(path)).lower()
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == t["pages"]
        assert all(page.chars for page in pdf.pages) == (t["image_only_pages"] == [])
        cover = squash(pdf.pages[0].extract_text() or "")
        tail = squash("".join(page.extract_text() or "" for page in pdf.pages[-3:]))
    (borough,) = meta["boroughs"]
    assert squash(borough.split(" and ")[0]) in cover
    # "11 to 15 November 2024" or "9 September 2019 to 13 September 2019"
    assert squash(_long_date(insp["last_day"])) in cover
    assert squash(str(int(insp["first_day"][8:]))) in cover
    if insp["published"]:
        assert squash(f"Report published: {_long_date(insp['published'])}") in cover
    assert squash(insp["overall_effectiveness"]).lower() in cover.lower()
    if insp["lead_inspector"]:
        assert squash(insp["lead_inspector"]) in cover + tail
    assert meta["period"] == _financial_year(insp["last_day"])
    # the 2016 reports also review the LSCB, so they are the board's papers too
    assert bool(meta["board"]) == bool(insp["lscb_review"])
    if insp["lscb_review"]:
        assert meta["board"] == f"{borough} LSCB"


def _financial_year(iso: str) -> str:
    year, month = int(iso[:4]), int(iso[5:7])
    start = year if month >= 4 else year - 1
    return f"{start}/{(start + 1) % 100:02d}"


# ---------------------------------------------------------------------------
# Truth page numbers are where the text is
# ---------------------------------------------------------------------------


@pytest.mark.real
@pytest.mark.parametrize("path", pdf_papers(), ids=lambda p: p.name)
def test_truth_pages_are_where_pdfplumber_finds_the_text(path: Path) -> None:
    t = truth_of(path.name)
    assert len(page_texts(path)) == t["pages"]
    for section in t["sections"]:
        title = section["path"][-1]
        assert on_page(path, section["page"], lead(title, 4)), (title, section["page"])
    for table in t["tables"]:
        first = table["header"][0][0] if table["header"] else table["rows"][0][0]
        assert on_page(path, table["page_start"], lead(first)), (table["caption"], first)
        assert len(table["row_pages"]) == len(table["rows"])
        assert table["page_start"] <= min(table["row_pages"])
        assert max(table["row_pages"]) <= table["page_end"]
        for row, page in zip(table["rows"], table["row_pages"], strict=True):
            cell = next(c for c in row if c)
            assert on_page(path, page, lead(cell)), (table["caption"], cell[:40], page)
    for figure in t["figures"]:
        assert on_page(path, figure["page"], figure["text"]), figure


@pytest.mark.real
def test_a_split_row_continues_on_the_next_page() -> None:
    """The row marked split starts on one page and its last words are on the next."""
    found = 0
    for path in synthetic_pdfs():
        for table in truth_of(path.name)["tables"]:
            if "split-row" not in table["layout"]:
                continue
            for row, page in zip(table["rows"], table["row_pages"], strict=True):
                longest = max(row, key=len)
                if page < table["page_end"] and not on_page(path, page, longest):
                    tail = " ".join(longest.split()[-3:])
                    assert on_page(path, page + 1, tail)
                    found += 1
    assert found >= 1


# ---------------------------------------------------------------------------
# The seed's stock-take, counted again from the seed text
# ---------------------------------------------------------------------------


def seed_logical_rows() -> dict[str, list[list[list[str]]]]:
    """Agency -> [risk rows, strength rows], merging page-break fragments.

    A tab line is a fragment of the row above when it follows a blank line inside a
    table and either its first cell is empty, starts in lower case, or the row above
    leaves a double quote open.
    """
    lines = SOURCE_TEXT.read_text(encoding="utf-8").split("\n")
    result: dict[str, list[list[list[str]]]] = {}
    agency, current, after_blank, header_open = "", None, False, False
    for raw in lines:
        stripped = raw.strip()
        if "\t" not in raw:
            if stripped in SEED_AGENCY_ROWS:
                agency = stripped
                result[agency] = []
            if stripped:
                current = None
            after_blank = not stripped
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if cells[0] in ("Risk", "Strengths"):
            current = []
            result[agency].append(current)
            header_open = cells[3].endswith("-")
        elif current is None:
            continue  # the accounts tables
        elif after_blank and header_open and not current:
            header_open = False  # the rest of a header cut by a page break
        elif after_blank and current and _is_fragment(cells, current[-1]):
            current[-1] = [_join(a, b) for a, b in zip(current[-1], cells, strict=True)]
        else:
            current.append(cells)
        after_blank = False
    return result


def _is_fragment(cells: list[str], previous: list[str]) -> bool:
    first = cells[0]
    return not first or first[0].islower() or previous[0].count('"') % 2 == 1


def _join(head: str, tail: str) -> str:
    return (head + " " + tail).strip() if tail else head


def test_seed_stocktake_rows_equal_the_logical_rows_of_the_seed_text() -> None:
    expected = seed_logical_rows()
    assert {a: tuple(len(t) for t in ts) for a, ts in expected.items()} == SEED_AGENCY_ROWS
    tables = [t for t in truth_of(SEED_PDF.name)["tables"] if t["kind"].startswith("stocktake")]
    assert len(tables) == 2 * len(SEED_AGENCY_ROWS)
    for table in tables:
        index = 0 if table["kind"] == "stocktake-risk" else 1
        want = [[re.sub(r"</?i>", "", c) for c in row] for row in expected[table["agency"]][index]]
        assert table["rows"] == want, table["agency"]
        assert len(table["header"]) == 1 and len(table["header"][0]) == 4
        assert table["header"][0][3] == "Recommended actions for tri-borough LSCB annual plan"


def test_seed_truth_has_the_accounts_and_performance_figures() -> None:
    t = truth_of(SEED_PDF.name)
    values = {f["label"]: f["value"] for f in t["figures"]}
    assert values["LSCB budget 2011/12"] == 88950
    assert values["child protection conferences"] == 271
    assert values["children discussed at child protection conferences"] == 514
    accounts = [x for x in t["tables"] if x["kind"] == "accounts"]
    assert [len(a["rows"]) for a in accounts] == [6, 5]
    assert accounts[0]["rows"][-1][:2] == ["(Transfer to reserves)", "(25,196)"]
    contributions = sum(int(r[1].replace(",", "")) for r in accounts[1]["rows"][:-1])
    assert contributions == int(accounts[1]["rows"][-1][1].replace(",", ""))  # Total 49,031
    paths = [s["path"][-1] for s in t["sections"]]
    assert paths[:3] == ["CONTENTS", "Foreword", "1. Introduction"]
    assert "Training Sub-Group" in paths and "Financial Contributions" in paths


# ---------------------------------------------------------------------------
# The DOCX paper
# ---------------------------------------------------------------------------


def test_docx_paper_matches_its_truth() -> None:
    import docx

    path = next(p for p in papers() if p.suffix == ".docx")
    t = truth_of(path.name)
    document = docx.Document(str(path))
    assert "synthetic" in document.core_properties.keywords.lower()
    assert "SYNTHETIC" in document.sections[0].header.paragraphs[0].text
    rows = [[c.text for c in r.cells] for table in document.tables for r in table.rows]
    truth_rows = [r for table in t["tables"] for r in (*table["header"], *table["rows"])]
    assert rows == truth_rows
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [s["path"][-1] for s in t["sections"]]
    breaks = sum(1 for p in document.paragraphs for r in p.runs if 'w:type="page"' in r._r.xml)
    assert t["pages"] == breaks + 1
