"""The cover wins (issue 22): where a PDF's own Title or Subject disagrees with the first
pages, or is a template never filled in, the title and the subject come from the page."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from ingest import metadata
from ingest.metadata.titles import agrees_with_page

from ...helpers import REALDOCS, need

POOL = REALDOCS / "pool"
COVER = (
    "Inspection of Milton Keynes local authority children’s services\n"
    "Inspection dates: 14 to 18 October 2024\n"
    "Lead inspector: A Person, His Majesty’s Inspector\n"
    "Judgement Grade\n"
)


def test_a_template_title_loses_to_the_cover() -> None:
    template = "LA NAME - standard-short inspection report - INSPECTION DATE"
    assert not agrees_with_page(template, COVER)
    meta = metadata.detect(Path("report.pdf"), COVER, template, {"Title": template})
    assert meta.title == "Inspection of Milton Keynes local authority children’s services"
    assert meta.boroughs == ("Milton Keynes",)


def test_a_title_naming_another_authority_loses_to_the_cover() -> None:
    other = "Wakefield standard inspection report"
    meta = metadata.detect(Path("report.pdf"), COVER, other, {"Title": other})
    assert meta.boroughs == ("Milton Keynes",)
    assert "Wakefield" not in meta.title


def test_a_cover_title_with_stray_words_loses_and_an_authority_alone_is_no_title() -> None:
    cover = (
        "London Borough of Camden\nInspection of services for children in need of help\n"
        "Inspection dates: 11 September 2017 to 5 October 2017\n"
    )
    assert not agrees_with_page("London Borough of Camden amw", cover)
    assert not agrees_with_page("London Borough of Camden", cover)
    title = metadata.detect(Path("r.pdf"), cover, "London Borough of Camden amw").title
    assert title.startswith("London Borough of Camden: Inspection of services")


def test_a_title_that_agrees_or_that_the_page_says_nothing_about_is_kept() -> None:
    hint = "Westminster LSCB Annual Report 2011/12"
    page = "Westminster Local Safeguarding Children Board\nAnnual Report 2011/12\nLSCB\n"
    assert agrees_with_page(hint, page)
    assert agrees_with_page(hint, "Some heading\n")  # nothing on the page to contradict it
    assert agrees_with_page("WESTMINSTER LSCB ANNUAL REPORT", "Westminster annual report LSCB")


@lru_cache(maxsize=4)
def _first_pages(name: str) -> tuple[Path, str, str, dict[str, str]]:
    from ingest import pdf

    path = need(POOL / name)
    extracted = pdf.read(path, path.stem)
    head = "\n".join(p.raw_text for p in extracted.pages[:3])
    return path, head, extracted.title_hint, extracted.info


@pytest.mark.real
@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("ofsted-milton-keynes-2024-12.pdf", "Inspection of Milton Keynes local authority"),
        ("ofsted-camden-2017-11.pdf", "London Borough of Camden: Inspection of services"),
    ],
)
def test_real_reports_take_the_cover_title(name: str, title: str) -> None:
    """Milton Keynes' PDF Title is the template "LA NAME - ... - INSPECTION DATE";
    Camden's is its council's name with an editor's initials ("... Camden amw")."""
    path, head, hint, info = _first_pages(name)
    assert hint  # the PDF does carry a Title of its own
    meta = metadata.detect(path, head, hint, info)
    assert meta.title.startswith(title), meta.title
    assert "LA NAME" not in meta.title and "amw" not in meta.title
