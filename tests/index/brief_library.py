"""A tiny library for the brief tests, made in code: three papers in three periods with
their pages' text, a stock-take table, recommendations and theme tags, indexed with the
hash embedder (no model loads). Shared by tests/index/test_brief.py and
tests/ui/test_brief_export.py; `printed` is the tests' own reading of a page, written
apart from index/brief.py so that the verbatim check does not trust the code it checks."""

from __future__ import annotations

from pathlib import Path

from ingest.extract.recommendations import Recommendation
from ingest.extract.stocktake import StocktakeRow
from ingest.extract.themes import ThemeTag
from ingest.model import Document, Page, ParsedDocument, Passage, Record, Table, sha256_bytes
from ingest.store import Store

from ..helpers import SETTINGS

HOUSING = "Housing pressure and homelessness"
NOT_PRINTED = "This sentence is in the store but printed on no page."
HEADERS = ("Risk", "What is being done?", "Recommended actions")


def _paper(name: str, boroughs: tuple[str, ...], period: str, pages: list[dict]) -> ParsedDocument:
    """A paper from page specs: {"text": str, "paragraphs": [str], "rows": [(cells)]}."""
    doc_id = sha256_bytes(name.encode())
    passages, tables, records, page_objs = [], [], [], []
    for number, spec in enumerate(pages, start=1):
        page_objs.append(Page(doc_id, number, 595, 842, spec["text"], spec["text"]))
        for text in spec.get("paragraphs", []):
            section = ("1. Introduction",)
            passages.append(Passage(doc_id, len(passages), "paragraph", text, number, section))
        rows = spec.get("rows", [])
        if rows:
            tables.append(
                Table(
                    doc_id,
                    len(tables),
                    number,
                    number,
                    (HEADERS,),
                    tuple(rows),
                    (number,) * len(rows),
                )
            )
        for row_index, cells in enumerate(rows):
            ordinal = len(passages)
            text = "Police — " + " | ".join(
                f"{h}: {c}" for h, c in zip(HEADERS, cells, strict=True)
            )
            passages.append(
                Passage(
                    doc_id,
                    ordinal,
                    "table_row",
                    text,
                    number,
                    ("Appendix 1: Police",),
                    table_index=len(tables) - 1,
                    row_index=row_index,
                    headers=HEADERS,
                    cells=cells,
                )
            )
            risk = StocktakeRow(
                agency="Police",
                kind="risk",
                statement=cells[0],
                response=cells[1],
                recommended_action=cells[2],
                period=period,
            )
            rec = Recommendation(text=cells[2], source="table", section="Appendix 1: Police")
            records += [
                Record(doc_id, number, risk, None, ordinal),
                Record(doc_id, number, rec, None, ordinal),
            ]
    doc = Document(
        doc_id,
        f"/papers/{name}",
        name,
        boroughs=boroughs,
        period=period,
        doc_type="annual_report",
        pages=len(pages),
    )
    return ParsedDocument(doc, tuple(page_objs), (), tuple(tables), tuple(passages), tuple(records))


WESTMINSTER = _paper(
    "westminster-2011-12.pdf",
    ("Westminster",),
    "2011/12",
    [
        {
            "text": "1. Introduction\n\nThe Board met six times.\n\nHousing benefit changes moved\n"
            "families into temporary accommodation outside the borough.",
            "paragraphs": [
                "The Board met six times.",
                "Housing benefit changes moved families into temporary accommodation outside "
                "the borough.",
            ],
        },
        {
            "text": "Appendix 1: Police",
            "rows": [
                (
                    "Housing benefit changes moving families out of borough",
                    "Tracking families who move",
                    "Agree a protocol for families placed out of borough",
                ),
            ],
        },
    ],
)
TRIBOROUGH = _paper(
    "triborough-2012-13.pdf",
    ("Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"),
    "2012/13",
    [
        {
            "text": "Temporary accommodation out of borough remained a pressure for families "
            "with children. The Board asked\nhousing to report each quarter.",
            "paragraphs": [
                "Temporary accommodation out of borough remained a pressure for families with "
                "children. The Board asked housing to report each quarter. " + NOT_PRINTED,
                NOT_PRINTED,
            ],
        },
        {
            "text": "Appendix 1: Police",
            "rows": [
                (
                    "Housing benefit changes moving families out of the borough",
                    "Health visitors follow families",
                    "Review transfers of records between boroughs for families in temporary housing",
                ),
            ],
        },
    ],
)
KENSINGTON = _paper(
    "kensington-2013-14.pdf",
    ("Kensington and Chelsea",),
    "2013/14",
    [{"text": "Training reached 900 staff.", "paragraphs": ["Training reached 900 staff."]}],
)
PAPERS = (WESTMINSTER, TRIBOROUGH, KENSINGTON)


def build(folder: Path) -> Path:
    """The three papers stored and indexed in `folder`; every passage that speaks of
    housing or temporary accommodation tagged with the housing theme."""
    import index

    with Store(folder) as store:
        for paper in PAPERS:
            store.save(paper)
    index.sync(folder, SETTINGS)
    tags = [
        Record(
            p.doc_id,
            p.page,
            ThemeTag(theme=HOUSING, group="", score=0.9, source="auto", target="passage"),
            None,
            p.ordinal,
        )
        for paper in PAPERS
        for p in paper.passages
        if "housing" in p.text.lower() or "accommodation" in p.text.lower() or p.text == NOT_PRINTED
    ]
    with Store(folder) as store:
        store.replace_records("theme", tags)
    return folder


def printed(store: Store, doc_id: str, page: int) -> str:
    """What a reader sees on a page: its text and the cells of its tables' rows there,
    every run of spaces and line breaks read as one space."""
    found = store.pages(doc_id, [page])
    text = [found[0].text] if found else []
    for table in store.tables(doc_id):
        row_pages = table.row_pages or (table.page_start,) * len(table.rows)
        for row_page, row in zip(row_pages, table.rows, strict=False):
            if row_page == page:
                text += list(row)
    return " ".join(" ".join(text).split())
