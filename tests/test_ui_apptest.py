"""The web app driven page by page with Streamlit's AppTest, over a small real data folder.

The data folder is built at test time: three small PDFs made with reportlab
(one with a <script> tag in its text, one marked SYNTHETIC, stock-take tables)
are ingested with the real pipeline and indexed with the deterministic hash
embedder, so nothing downloads and the model is not loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "ui" / "app.py")
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
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=title, keywords=keywords,
                            invariant=1)  # fmt: skip
    doc.build(story)
    return path


def build_ui_data(folder: Path, papers_dir: Path, embedder: str = EMBEDDER) -> Path:
    """Ingest the test papers into `folder`, index them, and add theme tags."""
    import index
    from index.embed import get_embedder
    from index.settings import Settings as IndexSettings
    from ingest.pipeline import Settings, ingest_paths

    papers_dir.mkdir(parents=True, exist_ok=True)
    paths = [make_paper(papers_dir / name, **spec) for name, spec in PAPERS.items()]
    results = ingest_paths(paths, folder, settings=Settings(workers=1, enrich=True))
    assert all(r.outcome == "ingested" for r in results), results
    settings = IndexSettings(model=embedder, progress=False)
    index.sync(folder, settings, get_embedder(settings), progress=False)
    add_fallback_records(folder)
    return folder


THEMES = {"housing": "Housing pressure and homelessness", "neglect": "Neglect",
          "fostering": "Private fostering", "gang": "Criminal exploitation and gangs"}  # fmt: skip


def add_fallback_records(folder: Path) -> None:
    """Theme tags by keyword (the theme tagger may not exist yet); stock-take rows and
    acronyms only when this build's enrichers did not find them."""
    from ingest.model import Record
    from ingest.store import Store

    with Store(folder) as store:
        docs = store.documents()
        passages = list(store.passages())
        tags = [
            Record(p.doc_id, "theme", p.page, {"theme": theme, "group": "", "score": 0.9,
                                               "evidence": p.text[:200]}, p.bbox, p.ordinal)
            for p in passages
            for word, theme in THEMES.items()
            if word in p.text.lower()
        ]  # fmt: skip
        store.replace_records("theme", tags)
        if not store.records("stocktake_row"):
            rows = []
            for p in passages:
                if p.kind == "table_row" and p.cells and p.cells[0] != "Risk":
                    agency = "Police" if "Police" in " ".join(p.section_path) else "Health"
                    data = {"agency": agency, "kind": "risk", "statement": p.cells[0],
                            "response": p.cells[1], "support": p.cells[2],
                            "recommended_action": p.cells[3]}  # fmt: skip
                    rows.append(Record(p.doc_id, "stocktake_row", p.page, data, p.bbox, p.ordinal))
            store.replace_records("stocktake_row", rows)
        if not store.records("acronym"):
            mappa = next(p for p in passages if "(MAPPA)" in p.text)
            rec = Record(mappa.doc_id, "acronym", mappa.page,
                         {"acronym": "MAPPA",
                          "expansion": "Multi-Agency Public Protection Arrangements"},
                         mappa.bbox, mappa.ordinal)  # fmt: skip
            store.replace_records("acronym", [rec])
    assert docs


@pytest.fixture(scope="session")
def ui_data(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("ui")
    return build_ui_data(base / "data", base / "papers")


@pytest.fixture
def app_env(ui_data, monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_DATA", str(ui_data))
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)
    return ui_data


def start(page: str | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_text(at) -> str:
    """Everything the page shows as text (markdown, captions, code, alerts, headers)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "code", "text", "info",
                 "warning", "error", "success"):  # fmt: skip
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def unescape(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md)


def search(at, query: str):
    at.text_input(key="q").input(query)
    at.button[0].click()  # the form's Search button
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --------------------------------------------------------------------------- search


def test_search_shows_hits_with_citation_and_facets(app_env):
    at = search(start(), "housing benefit changes")
    text = shown_text(at)
    assert "result" in text and "housing benefit changes" in text.lower()
    citations = [c.value for c in at.code]
    assert any(c.startswith("Westminster LSCB Annual Report 2011/12, p. ") for c in citations)
    assert any("Appendix 1: Police" in c for c in citations), citations
    # matched words are bold in the snippet
    assert any("**" in m.value and "ousing" in m.value for m in at.markdown)
    # facets in the sidebar carry counts
    borough = at.sidebar.multiselect(key="facet-borough")
    labels = [borough.format_func(o) if hasattr(borough, "format_func") else o
              for o in borough.options]  # fmt: skip
    assert any(re.search(r"Westminster \(\d+\)", label) for label in labels), labels


def test_search_with_a_filter_keeps_only_that_borough(app_env):
    at = search(start(), "housing benefit changes")
    at.sidebar.multiselect(key="facet-borough").select("Kensington and Chelsea").run()
    assert not at.exception
    cites = [c.value for c in at.code]
    assert cites and all("Kensington and Chelsea" in c for c in cites), cites
    assert "SYNTHETIC" in shown_text(at)


def test_table_row_hit_shows_its_headers(app_env):
    at = search(start(), "gang related violence")
    frames = [df.value for df in at.dataframe]
    assert any("Recommended actions" in list(f.columns) for f in frames), frames
    assert any(f.iloc[0, 0].startswith("Gang related violence") for f in frames)


def test_open_a_hit_shows_the_page_image_and_download(app_env):
    at = search(start(), "neglect babies")
    first = at.toggle[0]
    assert first.label.startswith("Show page")
    first.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    images = at.get("image")
    assert len(images) == 1, "no page image shown"
    assert "passage is marked" in images[0].proto.imgs[0].caption
    assert any(b.label.startswith("Download the original") for b in at.get("download_button"))


def test_script_in_a_passage_is_shown_as_text(app_env):
    at = search(start(), "test passage quotes a web page")
    marks = [m.value for m in at.markdown if "script" in m.value]
    assert marks, "the passage was not found"
    for m in marks:
        assert "<script>" not in m  # escaped for markdown ...
        assert SCRIPT in unescape(m)  # ... and reads as the text itself
    assert all(not m.allow_html for m in at.markdown)


def test_no_results_and_empty_library_are_explained(app_env, tmp_path, monkeypatch):
    at = search(start(), "zzzzqqq")
    assert "closest in meaning" in shown_text(at)
    at.radio(key="mode").set_value("keyword").run()
    assert "No passages found" in shown_text(at)
    assert not at.code  # no hits, no citations
    monkeypatch.setenv("BOARDSEARCH_DATA", str(tmp_path / "empty"))
    at = start()
    assert "boardsearch start" in shown_text(at)
