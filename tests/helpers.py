"""Helpers shared by test modules: paths to real documents, small PDFs made at test time.

Test modules import these from here (not from conftest or from each other).
"""

from __future__ import annotations

import io
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from ingest.extract.glossary import Acronym
from ingest.extract.recommendations import Recommendation
from ingest.extract.stocktake import StocktakeRow
from ingest.extract.themes import ThemeTag
from ingest.model import Document, ParsedDocument, Passage, Record, sha256_bytes
from ingest.model import Page as ModelPage
from ingest.model import Table as ModelTable
from ingest.settings import Settings, subprocess_env

# The one home of the tests' paths: test modules in any folder import these, so moving a
# module never changes where it looks.
ROOT = Path(__file__).resolve().parents[1]  # the repository
SHARED = ROOT.parent / "shared"  # ../shared beside the repository
REALDOCS = SHARED / "realdocs"  # real papers, not shipped
TRI_BOROUGH = REALDOCS / "tri-borough"  # the nine published tri-borough Ofsted reports
LSCB_REVIEWS = REALDOCS / "lscb-reviews"  # Ofsted reviews of safeguarding boards
POOL = REALDOCS / "pool"  # the labelled pool (tests/eval/POOL.md); tests read dev-half files only
SEED_NAME = "westminster-lscb-annual-report-2011-12"
SEED_TEXT = SHARED / "seed" / f"{SEED_NAME}.txt"
CORPUS = ROOT / "corpus"
CORPUS_PAPERS = CORPUS / "papers"
CORPUS_TRUTH = CORPUS / "truth"
# The synthetic test papers and their truth (issue 24: out of the shipped library).
FIXTURE_PAPERS = CORPUS / "fixtures" / "papers"
FIXTURE_TRUTH = CORPUS / "fixtures" / "truth"
SEED_PDF = CORPUS_PAPERS / f"{SEED_NAME}.pdf"
SEED_TRUTH = CORPUS_TRUTH / f"{SEED_NAME}.pdf.truth.json"
MINUTES = FIXTURE_PAPERS / "triborough-lscb-board-minutes-2015-01-synthetic.pdf"


def corpus_paper(name: str) -> Path:
    """A paper corpus/build.py writes, by file name: a synthetic one among the fixtures."""
    return (FIXTURE_PAPERS if "synthetic" in name else CORPUS_PAPERS) / name


def corpus_truth(name: str) -> Path:
    """The truth file of a paper corpus/build.py writes, beside its paper's folder."""
    return (FIXTURE_TRUTH if "synthetic" in name else CORPUS_TRUTH) / f"{name}.truth.json"


def corpus_files(suffixes: tuple[str, ...] = (".pdf", ".docx")) -> list[Path]:
    """Every paper corpus/build.py writes, real and synthetic, sorted by file name."""
    found = [p for d in (CORPUS_PAPERS, FIXTURE_PAPERS) if d.is_dir() for p in d.iterdir()]
    return sorted((p for p in found if p.suffix.lower() in suffixes), key=lambda p: p.name)


THEMES_LABELLED = ROOT / "tests" / "themes_labelled.json"  # passages with their themes

# The test run's own options (--fuzz-scale, --layout-cases, --layout-start, --e2e-library,
# --require-tools), put here by tests/conftest.py before any test module is imported.
OPTIONS: dict[str, object] = {
    "fuzz_scale": 1,
    "layout_cases": 40,
    "layout_start": 1000,
    "e2e_library": "",
    "require_tools": False,
}

# corpus/build.py (the corpus generator: the seed's facts live there) as corpus/layouts.py
# and tests/corpus/test_layouts.py import it, by its folder on the path.
if str(CORPUS) not in sys.path:
    sys.path.insert(0, str(CORPUS))
import build as corpus_build  # noqa: E402


def make_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    title: str = "",
    keywords: str = "",
    encrypt: str | None = None,
) -> Path:
    """A simple text PDF: one list of lines per page (a line starting '# ' is a bold heading)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    c.setTitle(title)
    c.setKeywords(keywords)
    for lines in pages:
        y = A4[1] - 72
        for line in lines:
            if line.startswith("# "):
                c.setFont("Helvetica-Bold", 16)
                line = line[2:]
            else:
                c.setFont("Helvetica", 11)
            c.drawString(72, y, line)
            y -= 22
        c.showPage()
    c.save()
    return path


def make_image_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF whose pages are only pictures of text (a scan): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(img).text((20, 80), "Scanned minutes of the Board", fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        buf.seek(0)
        c.drawImage(ImageReader(buf), 72, 400, width=400, height=200)
        c.showPage()
    c.save()
    return path


def child_env(*, drop: tuple[str, ...] = (), **changes: str) -> dict[str, str]:
    """The environment of a program a test starts: this process's, with `changes` set and
    the variables named in `drop` removed. Tests never read or write the environment
    themselves: the settings module is its one reader (ingest.settings.subprocess_env), and
    a test that changes this process's environment does it with monkeypatch."""
    env = subprocess_env(**changes)
    for name in drop:
        env.pop(name, None)
    return env


def need(path: Path) -> Path:
    """The path of a file the tests need; fails (never skips) with a clear message when missing.

    The corpus ships with the repository and ../shared sits beside it, so a missing file
    means a broken checkout, not an optional extra.
    """
    if not path.exists():
        where = "../shared beside the repository" if SHARED in path.parents else "the repository"
        pytest.fail(f"{path} is missing; the tests need it from {where}", pytrace=False)
    return path


def need_tool(missing: str) -> None:
    """Skip the test when a system program it drives is missing (`missing` says which and
    how to install it; '' when it is there). Under --require-tools, as CI runs, fail instead:
    CI installs chromium and ocrmypdf, so a missing one means the tests did not run."""
    if not missing:
        return
    if OPTIONS["require_tools"]:
        pytest.fail(f"{missing}; --require-tools makes this a failure", pytrace=False)
    pytest.skip(missing)


STOCKTAKE_AGENCIES: tuple[str, ...] = corpus_build.SEED_AGENCIES  # the seed's nine, one list


@lru_cache(maxsize=1)
def seed_parsed() -> ParsedDocument:
    """The seed text as a ParsedDocument: paragraphs and stock-take rows.

    Lines become paragraph passages; tab-separated lines become table rows whose
    headers are the last header row seen ("Risk\t..." or "Strengths\t...") and whose
    text starts with the agency heading above the table ("Police — Risk: ...").
    """
    doc_id = "seed-westminster-2011-12"
    passages: list[Passage] = []
    agency, headers = "", ()
    for line in need(SEED_TEXT).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped in STOCKTAKE_AGENCIES:
            agency, headers = stripped, ()
            continue
        if "\t" in line:
            cells = tuple(c.strip() for c in line.split("\t"))
            if cells[0] in ("Risk", "Strengths"):
                headers = cells
                continue
            if not cells[0] and "annual plan" in cells[-1]:  # a wrapped header cell
                headers = (*headers[:-1], f"{headers[-1]}{cells[-1]}")
                continue
            body = " | ".join(
                f"{h}: {c}" if h else c
                for h, c in zip(headers or ("",) * len(cells), cells, strict=False)
                if c
            )
            text = f"{agency} — {body}" if agency else body
            kind = "table_row"
        else:
            cells, text, kind = (), stripped, "paragraph"
        passages.append(
            Passage(
                doc_id,
                len(passages),
                kind,
                text,
                page=1,
                headers=headers if cells else (),
                cells=cells,
            )
        )
    document = Document(
        id=doc_id, path=str(SEED_TEXT), title="Westminster LSCB Annual Report 2011/12"
    )
    return ParsedDocument(document, passages=tuple(passages))


# -- a small real data folder for the UI tests (AppTest and the browser) --------------------
SCRIPT = "<script>alert(1)</script>"
EMBEDDER = "hash-256"

STOCKTAKE_HEADER = [
    "Risk",
    "What is being done to reduce the risk?",
    "What support can the LSCB provide?",
    "Recommended actions",
]

PAPERS = {
    "westminster-lscb-annual-report-2011-12.pdf": {
        "title": "Westminster LSCB Annual Report 2011/12",
        "keywords": "",
        "blocks": [
            ("h1", "Westminster LSCB Annual Report 2011/12"),
            (
                "p",
                "Westminster Local Safeguarding Children Board. Annual report for April 2011 "
                "to March 2012, covering the City of Westminster.",
            ),
            ("h2", "1. Introduction"),
            (
                "p",
                "The Board met six times during the year. Housing benefit changes and the move "
                "of families into temporary accommodation outside Westminster were a concern "
                "for every partner agency.",
            ),
            (
                "p",
                "Multi-Agency Public Protection Arrangements (MAPPA) manage the risk posed by "
                "violent and sexual offenders; the MAPPA panel met monthly.",
            ),
            (
                "p",
                f"A test passage quotes a web page that contained {SCRIPT} and "
                "*stars* and $5 and [a link](http://example.org) as plain text.",
            ),
            ("h2", "2. Neglect"),
            (
                "p",
                "Neglect remained the most common reason for a child protection plan in "
                "Westminster; neglect of babies was reviewed by the Board.",
            ),
            ("pagebreak", ""),
            ("h2", "Appendix 1: Police"),
            ("p", "Police"),
            (
                "table",
                [
                    STOCKTAKE_HEADER,
                    [
                        "Housing benefit changes moving families out of borough",
                        "Tracking families who move",
                        "Share information across boroughs",
                        "Agree a protocol for families placed out of borough",
                    ],
                    [
                        "Gang related violence among young people",
                        "Gangs unit in place",
                        "Promote the gangs strategy",
                        "Report on gangs to the Board",
                    ],
                ],
            ),
        ],
    },
    "kensington-chelsea-stocktake-2012-13.pdf": {
        "title": "Kensington and Chelsea LSCB Agency Stock-take 2012/13",
        "keywords": "synthetic",
        "blocks": [
            ("h1", "Kensington and Chelsea LSCB Agency Stock-take 2012/13"),
            (
                "p",
                "SYNTHETIC. Stock-take of agencies for the Royal Borough of Kensington and "
                "Chelsea Local Safeguarding Children Board, 2012/13. Kensington and Chelsea.",
            ),
            ("h2", "Health stock-take"),
            ("p", "Health"),
            (
                "table",
                [
                    STOCKTAKE_HEADER,
                    [
                        "Housing benefit changes moving families out of the borough",
                        "Health visitors follow families",
                        "Help with transfer of records",
                        "Review transfers between areas",
                    ],
                    [
                        "Private fostering arrangements not notified",
                        "Awareness campaign",
                        "Publicise private fostering",
                        "Audit notifications",
                    ],
                ],
            ),
            ("h2", "Education stock-take"),
            ("p", "Education"),
            (
                "table",
                [
                    STOCKTAKE_HEADER,
                    [
                        "Housing benefit changes moving families out of borough mid year",
                        "Schools track pupils who leave",
                        "Share data with other boroughs",
                        "Monitor children missing education",
                    ],
                ],
            ),
        ],
    },
}


def make_paper(path: Path, title: str, keywords: str, blocks: list) -> Path:
    """A small PDF with headings, paragraphs and ruled tables (reportlab platypus)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    story = []
    for kind, value in blocks:
        if kind == "h1":
            story.append(Paragraph(escape(value), styles["Title"]))
        elif kind == "h2":
            story.append(Paragraph(escape(value), styles["Heading2"]))
        elif kind == "p":
            story.append(Paragraph(escape(value), styles["BodyText"]))
        elif kind == "pagebreak":
            story.append(PageBreak())
        elif kind == "table":
            data = [[Paragraph(escape(c), cell) for c in row] for row in value]
            table = Table(data, colWidths=[120] * 4, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story += [table, Spacer(1, 12)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=title, keywords=keywords, invariant=1)
    doc.build(story)
    return path


def build_ui_data(folder: Path, papers_dir: Path, embedder: str = EMBEDDER) -> Path:
    """Ingest the test papers into `folder`, index them, and add theme tags."""
    import index
    from index.embed import get_embedder
    from ingest.pipeline import ingest_paths
    from ingest.settings import IngestSettings

    papers_dir.mkdir(parents=True, exist_ok=True)
    paths = [make_paper(papers_dir / name, **spec) for name, spec in PAPERS.items()]
    results = ingest_paths(paths, folder, settings=IngestSettings(workers=1, enrich=True))
    assert all(r.outcome == "ingested" for r in results), results
    settings = Settings.from_env(model=embedder, progress=False)  # second model: env
    index.sync(folder, settings, get_embedder(settings.models), progress=False)
    add_fallback_records(folder)
    return folder


THEMES = {
    "housing": "Housing pressure and homelessness",
    "neglect": "Neglect",
    "fostering": "Private fostering",
    "gang": "Criminal exploitation and gangs",
}


def add_fallback_records(folder: Path) -> None:
    """Theme tags by keyword (the theme tagger may not exist yet); stock-take rows and
    acronyms only when this build's enrichers did not find them."""
    from ingest.model import Record
    from ingest.store import Store

    with Store(folder) as store:
        docs = store.documents()
        passages = list(store.passages())
        tags = [
            Record(
                p.doc_id,
                p.page,
                ThemeTag(theme=theme, group="", score=0.9, evidence=p.text[:200]),
                p.bbox,
                p.ordinal,
            )
            for p in passages
            for word, theme in THEMES.items()
            if word in p.text.lower()
        ]
        store.replace_records("theme", tags)
        if not store.records("stocktake_row"):
            rows = []
            for p in passages:
                if p.kind == "table_row" and p.cells and p.cells[0] != "Risk":
                    agency = "Police" if "Police" in " ".join(p.section_path) else "Health"
                    data = {
                        "agency": agency,
                        "kind": "risk",
                        "statement": p.cells[0],
                        "response": p.cells[1],
                        "support": p.cells[2],
                        "recommended_action": p.cells[3],
                    }
                    rows.append(Record(p.doc_id, p.page, StocktakeRow(**data), p.bbox, p.ordinal))
            store.replace_records("stocktake_row", rows)
        if not store.records("acronym"):
            mappa = next(p for p in passages if "(MAPPA)" in p.text)
            rec = Record(
                mappa.doc_id,
                mappa.page,
                Acronym(acronym="MAPPA", expansion="Multi-Agency Public Protection Arrangements"),
                mappa.bbox,
                mappa.ordinal,
            )
            store.replace_records("acronym", [rec])
    assert docs


# -- two small documents for the index tests (hash embedder) ------------------------------
SETTINGS = Settings.of(model="hash-256", progress=False)


def index_doc(name: str, borough: str, period: str, paragraphs: list[str], **kw) -> ParsedDocument:
    doc_id = sha256_bytes(("|".join(paragraphs) + name).encode())
    doc = Document(
        id=doc_id,
        path=f"/papers/{name}",
        title=kw.pop("title", name),
        boroughs=(borough,),
        period=period,
        doc_type=kw.pop("doc_type", "annual_report"),
        pages=len(paragraphs),
    )
    passages = tuple(
        Passage(doc_id, i, "paragraph", text, page=i + 1, section_path=("1. Intro", f"Part {i}"))
        for i, text in enumerate(paragraphs)
    )
    rows = kw.pop("rows", [])
    passages += tuple(
        Passage(
            doc_id,
            len(paragraphs) + j,
            "table_row",
            text,
            page=len(paragraphs),
            headers=("Agency", "Risk"),
            cells=tuple(text.split(": ", 1)),
            table_index=0,
            row_index=j,
        )
        for j, text in enumerate(rows)
    )
    records = tuple(
        Record(
            doc_id,
            len(paragraphs),
            StocktakeRow(agency=text.split(":")[0]),
            passage_ordinal=len(paragraphs) + j,
        )
        for j, text in enumerate(rows)
    )
    return ParsedDocument(document=doc, passages=passages, records=records)


WESTMINSTER = index_doc(
    "westminster-2011.pdf",
    "Westminster",
    "2011/12",
    [
        "Interpreters were booked for every child protection conference where parents "
        "spoke little English.",
        "The MAPPA panel reviewed the management of violent and sexual offenders.",
        "Private fostering arrangements were promoted through schools and faith groups.",
    ],
    rows=["Police: Vacancies in the child abuse investigation team"],
)
KENSINGTON = index_doc(
    "kensington-2016.pdf",
    "Kensington and Chelsea",
    "2015/16",
    [
        "Multi-Agency Public Protection Arrangements are well established in the borough.",
        "Neglect is the most common category of child protection plan.",
        "Children missing from care are interviewed on their return.",
    ],
    doc_type="inspection_report",
)


def two_borough_library(folder: Path, settings: Settings = SETTINGS) -> Path:
    """WESTMINSTER and KENSINGTON stored in `folder` and indexed with `settings`."""
    import index
    from ingest.store import Store

    with Store(folder) as store:
        store.save(WESTMINSTER)
        store.save(KENSINGTON)
    index.sync(folder, settings)
    return folder


# --------------------------------------------------------------------------- web app


def start_app_test(page: str | None = None):  # noqa: ANN201 - a streamlit AppTest
    """The web app (ui/app.py) run once in Streamlit's AppTest, on `page` when given."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_text(at) -> str:
    """Everything the page shows as text (markdown, captions, code, alerts, headers)."""
    parts = []
    kinds = ("title", "header", "subheader", "markdown", "caption", "code", "text", "info")
    for kind in (*kinds, "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def unescape(md: str) -> str:
    """Markdown text without its backslash escapes, as a reader sees it."""
    return re.sub(r"\\(.)", r"\1", md)


def ingest_cmd(folder: Path, data: Path) -> list[str]:
    """`boardsearch ingest FOLDER` as a child process: one worker, quiet."""
    cli = [sys.executable, "-m", "ui.cli", "ingest", str(folder)]
    return [*cli, "--data-dir", str(data), "--quiet", "--workers", "1"]


# -- a tiny library for the brief tests (tests/index/test_brief.py, tests/ui/test_brief_export.py)
# Three papers in three periods with their pages' text, a stock-take table,
# recommendations and theme tags, indexed with the hash embedder (no model loads).
# `printed` is the tests' own reading of a page, written apart from index/brief.py so
# that the verbatim check does not trust the code it checks.
HOUSING = "Housing pressure and homelessness"
NOT_PRINTED = "This sentence is in the store but printed on no page."
BRIEF_HEADERS = ("Risk", "What is being done?", "Recommended actions")


def _brief_paper(
    name: str, boroughs: tuple[str, ...], period: str, pages: list[dict]
) -> ParsedDocument:
    """A paper from page specs: {"text": str, "paragraphs": [str], "rows": [(cells)]}."""
    doc_id = sha256_bytes(name.encode())
    passages, tables, records, page_objs = [], [], [], []
    for number, spec in enumerate(pages, start=1):
        page_objs.append(ModelPage(doc_id, number, 595, 842, spec["text"], spec["text"]))
        for text in spec.get("paragraphs", []):
            section = ("1. Introduction",)
            passages.append(Passage(doc_id, len(passages), "paragraph", text, number, section))
        rows = spec.get("rows", [])
        if rows:
            tables.append(
                ModelTable(
                    doc_id,
                    len(tables),
                    number,
                    number,
                    (BRIEF_HEADERS,),
                    tuple(rows),
                    (number,) * len(rows),
                )
            )
        for row_index, cells in enumerate(rows):
            ordinal = len(passages)
            text = "Police — " + " | ".join(
                f"{h}: {c}" for h, c in zip(BRIEF_HEADERS, cells, strict=True)
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
                    headers=BRIEF_HEADERS,
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


BRIEF_WESTMINSTER = _brief_paper(
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
BRIEF_TRIBOROUGH = _brief_paper(
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
BRIEF_KENSINGTON = _brief_paper(
    "kensington-2013-14.pdf",
    ("Kensington and Chelsea",),
    "2013/14",
    [{"text": "Training reached 900 staff.", "paragraphs": ["Training reached 900 staff."]}],
)
BRIEF_PAPERS = (BRIEF_WESTMINSTER, BRIEF_TRIBOROUGH, BRIEF_KENSINGTON)


def build_brief_library(folder: Path) -> Path:
    """The three papers stored and indexed in `folder`; every passage that speaks of
    housing or temporary accommodation tagged with the housing theme."""
    import index
    from ingest.store import Store

    with Store(folder) as store:
        for paper in BRIEF_PAPERS:
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
        for paper in BRIEF_PAPERS
        for p in paper.passages
        if "housing" in p.text.lower() or "accommodation" in p.text.lower() or p.text == NOT_PRINTED
    ]
    with Store(folder) as store:
        store.replace_records("theme", tags)
    return folder


# Inspection reports that grade care leavers in three of four periods (tests/index/test_brief.py,
# tests/ui/test_brief_export.py): a judgement grid's rows and a grade set under its heading.
CARE = "Looked-after children"


def _inspection(
    name: str, period: str, grid: list[tuple[str, str]], heading: str = ""
) -> ParsedDocument:
    """An inspection report: a judgement grid on page 1 (label, grade rows) and, when
    `heading` is given, a grade set under that heading on page 2 ("<heading>: <grade>" as
    the text layer keeps it; the page prints the heading and the grade on two lines)."""
    doc_id = sha256_bytes(name.encode())
    pages = [ModelPage(doc_id, 1, 595, 842, "Judgements", "Judgements")]
    passages = [
        Passage(
            doc_id, i, "table_row", f"Judgement: {label} | Grade: {grade}", 1, (),
            table_index=0, row_index=i, headers=("Judgement", "Grade"), cells=(label, grade),
        )
        for i, (label, grade) in enumerate(grid)
    ]  # fmt: skip
    table = ModelTable(doc_id, 0, 1, 1, (("Judgement", "Grade"),), tuple(grid), (1,) * len(grid))
    if heading:
        head, grade = heading.split(": ")
        pages.append(ModelPage(doc_id, 2, 595, 842, f"{head}\n{grade}", f"{head}\n{grade}"))
        passages.append(Passage(doc_id, len(passages), "paragraph", heading, 2, (head,)))
    doc = Document(
        doc_id, f"/papers/{name}", name, boroughs=("Westminster",), period=period,
        doc_type="inspection_report", pages=len(pages),
    )  # fmt: skip
    return ParsedDocument(doc, tuple(pages), (), (table,), tuple(passages), ())


INSPECTIONS = (
    _inspection(
        "ofsted-2014.pdf",
        "2014/15",
        [
            ("2.2 Experiences and progress of care leavers", "Requires improvement to be good"),
            ("Overall effectiveness", "Good"),
        ],
    ),
    _inspection(
        "ofsted-2019.pdf",
        "2019/20",
        [
            ("The experiences and progress of care leavers", "Good"),
            ("Overall effectiveness", "Good"),
        ],
    ),
    _inspection("ofsted-2021.pdf", "2021/22", [("Leaders", "Good")]),  # nothing on care leavers
    _inspection(
        "ofsted-2024.pdf",
        "2024/25",
        [("Overall effectiveness", "Outstanding")],
        heading="Experiences and progress of care leavers: Good",
    ),
)


def build_inspection_library(folder: Path) -> Path:
    """Four inspection reports of one borough stored and indexed in `folder`; the
    passages on care leavers tagged with the looked-after children theme."""
    import index
    from ingest.store import Store

    with Store(folder) as store:
        for paper in INSPECTIONS:
            store.save(paper)
    index.sync(folder, SETTINGS)
    tags = [
        Record(p.doc_id, p.page, ThemeTag(theme=CARE, score=0.9, target="passage"), None, p.ordinal)
        for paper in INSPECTIONS
        for p in paper.passages
        if "care leavers" in p.text
    ]
    with Store(folder) as store:
        store.replace_records("theme", tags)
    return folder


def printed(store: Any, doc_id: str, page: int) -> str:
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
