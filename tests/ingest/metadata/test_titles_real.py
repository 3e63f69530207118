"""Titles on real reports: banners, draft marks and pre-publication notes never become a title
(issue 12). Each real report's first pages are read as ingest reads them; the marks are added
the way they appear on pre-publication and draft copies (a line at the top, the PDF Title)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import metadata
from ingest.metadata.front import is_banner
from ingest.metadata.titles import meaningful_hint

from ...helpers import REALDOCS

REPORTS = (
    "lscb-reviews/ofsted-bexley-2014-05.pdf",
    "tri-borough/ofsted-westminster-2019-10.pdf",
    "tri-borough/ofsted-kensington-chelsea-2025-01.pdf",
    "tables/kent-cc-quarterly-performance-report-q3-2024-25.pdf",
)
MARKS = (
    "Report for pre publication",
    "REPORT FOR PRE-PUBLICATION",
    "DRAFT",
    "Draft v0.3",
    "DRAFT – not for publication",
    "OFFICIAL-SENSITIVE",
    "Embargoed until 00:01 Tuesday 3 May 2016",
)


def _head(parse_once, relative: str) -> tuple[Path, str, str]:
    """A real report's first two pages and its PDF title, read once in the session."""
    path = REALDOCS / relative
    extracted = parse_once.read(path)
    head = "\n".join(p.raw_text for p in extracted.pages[:2])
    return path, head, extracted.title_hint


def test_marks_are_banners_but_titles_are_not() -> None:
    for mark in MARKS:
        assert is_banner(mark), mark
        assert meaningful_hint(mark) == "", mark
    titles = (
        "Draft Children and Young People's Plan 2024",
        "Westminster LSCB Annual Report 2011/12",
        "Inspection of Westminster local authority children's services",
    )
    for title in titles:
        assert not is_banner(title), title


@pytest.mark.real
@pytest.mark.parametrize("relative", REPORTS)
def test_banner_lines_never_become_the_title(parse_once, relative: str) -> None:
    path, head, hint = _head(parse_once, relative)
    plain = metadata.detect(path, head, hint).title
    assert plain and "publication" not in plain.lower()
    for mark in MARKS:
        on_top = metadata.detect(path, f"{mark}\n{head}", hint).title
        assert on_top == plain, (mark, on_top)
        as_hint = metadata.detect(path, head, mark).title  # the PDF's Title says it
        assert mark.lower() not in as_hint.lower(), (mark, as_hint)
        assert "pre publication" not in as_hint.lower() and "pre-publication" not in as_hint.lower()


@pytest.mark.real
def test_a_mark_printed_on_the_title_line_is_dropped(parse_once) -> None:
    path, head, hint = _head(parse_once, "tri-borough/ofsted-westminster-2025-01.pdf")
    plain = metadata.detect(path, head, hint).title
    first, _, rest = head.partition("\n")
    marked = metadata.detect(path, f"Report for pre publication {first}\n{rest}", hint).title
    assert marked == plain
