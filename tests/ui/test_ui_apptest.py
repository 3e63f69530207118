"""The web app driven page by page with Streamlit's AppTest, over a small real data folder.

The data folder is built at test time: three small PDFs made with reportlab
(one with a <script> tag in its text, one marked SYNTHETIC, stock-take tables)
are ingested with the real pipeline and indexed with the deterministic hash
embedder, so nothing downloads and the model is not loaded.
"""

from __future__ import annotations

import re

import pytest

from ..helpers import EMBEDDER, ROOT, SCRIPT, make_paper, shown_text, start_app_test, unescape

# The app runs for real in AppTest, over a library ingested and indexed for the session:
# seconds per page (the slow tier).
pytestmark = pytest.mark.slow


@pytest.fixture
def app_env(ui_data, monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_DATA", str(ui_data))
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)
    return ui_data


def search(at, query: str):
    at.text_input(key="q").input(query)
    at.button[0].click()  # the form's Search button
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --------------------------------------------------------------------------- search


def test_search_shows_hits_with_citation_and_facets(app_env):
    at = search(start_app_test(), "housing benefit changes")
    text = shown_text(at)
    assert "result" in text and "housing benefit changes" in text.lower()
    citations = [c.value for c in at.code]
    assert any(c.startswith("Westminster LSCB Annual Report 2011/12, p. ") for c in citations)
    assert any("Appendix 1: Police" in c for c in citations), citations
    # matched words are bold in the snippet
    assert any("**" in m.value and "ousing" in m.value for m in at.markdown)
    # facets in the sidebar carry counts
    borough = at.sidebar.multiselect(key="facet-borough")
    labels = [
        borough.format_func(o) if hasattr(borough, "format_func") else o for o in borough.options
    ]
    assert any(re.search(r"Westminster \(\d+\)", label) for label in labels), labels


def test_search_with_a_filter_keeps_only_that_borough(app_env):
    at = search(start_app_test(), "housing benefit changes")
    at.sidebar.multiselect(key="facet-borough").select("Kensington and Chelsea").run()
    assert not at.exception
    cites = [c.value for c in at.code]
    assert cites and all("Kensington and Chelsea" in c for c in cites), cites
    assert "SYNTHETIC" in shown_text(at)


def test_a_borough_named_in_the_words_is_a_chip_removed_with_one_click(app_env):
    at = search(start_app_test(), "neglect in Westminster")
    chip = at.button(key="chip-borough:Westminster")
    assert chip.label == "Borough: Westminster ✕"
    assert "Understood from your words" in shown_text(at)
    cites = [c.value for c in at.code]
    assert cites and all(c.startswith("Westminster") for c in cites), cites
    chip.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [b for b in at.button if b.key == "chip-borough:Westminster"]
    assert "Removed: Borough: Westminster" in unescape(shown_text(at))
    at.button(key="chips-restore").click().run()
    assert at.button(key="chip-borough:Westminster").label == "Borough: Westminster ✕"


def test_table_row_hit_shows_its_headers(app_env):
    at = search(start_app_test(), "gang related violence")
    frames = [t.value for t in at.table]
    assert any("Recommended actions" in list(f.columns) for f in frames), frames
    assert any(f.iloc[0, 0].startswith("Gang related violence") for f in frames)


def test_open_a_hit_shows_the_page_image_and_download(app_env):
    at = search(start_app_test(), "neglect babies")
    pages = [t for t in at.toggle if t.label.startswith("Show page")]
    assert pages, [t.label for t in at.toggle]  # the search options' toggles come first
    first = pages[0]
    first.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    images = at.get("image")
    assert len(images) == 1, "no page image shown"
    assert "passage is marked" in images[0].proto.imgs[0].caption
    assert any(b.label.startswith("Download the original") for b in at.get("download_button"))


def test_script_in_a_passage_is_shown_as_text(app_env):
    at = search(start_app_test(), "test passage quotes a web page")
    marks = [m.value for m in at.markdown if "script" in m.value]
    assert marks, "the passage was not found"
    for m in marks:
        assert "<script>" not in m  # escaped for markdown ...
        assert SCRIPT in unescape(m)  # ... and reads as the text itself
    assert all(not m.allow_html for m in at.markdown)


def test_no_results_and_empty_library_are_explained(app_env, tmp_path, monkeypatch):
    at = search(start_app_test(), "zzzzqqq")
    assert "closest in meaning" in shown_text(at)
    at.radio(key="mode").set_value("keyword").run()
    assert "No passages found" in shown_text(at)
    assert not at.code  # no hits, no citations
    monkeypatch.setenv("BOARDSEARCH_DATA", str(tmp_path / "empty"))
    at = start_app_test()
    assert "boardsearch start" in shown_text(at)


# --------------------------------------------------------------------------- themes


def test_themes_heatmap_and_cell_drill_down(app_env):
    at = start_app_test("screens/themes.py")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # the heatmap and the line chart
    heat = charts[0].proto.spec
    assert "per 10,000 words" in heat and "rate" in heat
    assert "per 10,000 words of text" in shown_text(at)
    at.selectbox(key="cell-theme").select("Housing pressure and homelessness")
    at.selectbox(key="cell-period").select("2011/12").run()
    assert not at.exception, [e.value for e in at.exception]
    heads = [h.value for h in at.subheader]
    assert any("Housing pressure and homelessness" in h and "2 passages" in h for h in heads), heads
    cites = [c.value for c in at.code]
    assert "Westminster LSCB Annual Report 2011/12, p. 1, 1. Introduction" in cites
    assert all("Kensington" not in c for c in cites)  # that cell is Westminster's only


def test_themes_split_by_borough_keeps_boroughs_apart(app_env):
    at = start_app_test("screens/themes.py")
    at.radio(key="layout").set_value("Side by side, one chart per borough").run()
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert '"facet"' in spec and "borough" in spec
    at.selectbox(key="cell-theme").select("Housing pressure and homelessness")
    at.selectbox(key="cell-period").select("2012/13")
    at.selectbox(key="cell-borough").select("Kensington and Chelsea").run()
    heads = [h.value for h in at.subheader]
    assert any("in Kensington and Chelsea" in h and "2 passages" in h for h in heads), heads


def test_themes_without_tags_says_so(app_env, tmp_path, monkeypatch):
    import shutil

    from ingest.store import Store

    copy = tmp_path / "data"
    shutil.copytree(app_env, copy)
    with Store(copy) as store:
        store.replace_records("theme", [])
    monkeypatch.setenv("BOARDSEARCH_DATA", str(copy))
    at = start_app_test("screens/themes.py")
    assert "No theme tags yet" in shown_text(at)


# --------------------------------------------------------------------------- register


def test_register_filters_and_downloads_what_is_shown(app_env, monkeypatch):
    from ui import report

    exported: list[str] = []
    real = report.to_csv
    monkeypatch.setattr(report, "to_csv", lambda rows: exported.append(real(rows)) or exported[-1])
    at = start_app_test("screens/register.py")
    assert "5 rows of 5" in shown_text(at)
    at.sidebar.multiselect(key="reg-agency").select("Police").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "2 rows of 5" in shown_text(at)
    button = at.get("download_button")[0]
    assert button.proto.label == "Download these 2 rows as CSV"
    csv_text = exported[-1]
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Kind,Agency,Borough,Period,Statement")
    assert len(lines) == 3 and all(",Police," in line for line in lines[1:])
    assert "Westminster LSCB Annual Report 2011/12, p. 2" in csv_text
    labels = [e.label for e in at.expander]
    assert any("Gang related violence" in unescape(label) for label in labels)
    assert all(
        link.proto.page.endswith("documents.py") or link.proto.page for link in at.get("page_link")
    )


def test_register_groups_a_risk_raised_by_three_agencies(app_env):
    at = start_app_test("screens/register.py")
    heads = [unescape(e.label) for e in at.expander if "raised" in e.label]
    assert any("Housing benefit changes" in h and "by 3 agencies" in h for h in heads), heads
    assert "Education, Health, Police" in unescape(shown_text(at))


def test_register_words_filter_with_no_match(app_env):
    at = start_app_test("screens/register.py")
    at.sidebar.text_input(key="reg-words").input("zebra crossings").run()
    assert "No rows match these filters" in shown_text(at)


# --------------------------------------------------------------------------- documents


def test_documents_library_and_document_page(app_env):
    at = start_app_test("screens/documents.py")
    library = at.dataframe[0].value
    assert set(library["Title"]) >= {"Westminster LSCB Annual Report 2011/12"}
    synthetic = library[library["Synthetic"] == "SYNTHETIC"]["Title"].tolist()
    assert synthetic == ["Kensington and Chelsea LSCB Agency Stock-take 2012/13"]
    pick = at.selectbox(key="doc-pick")
    wanted = next(o for o in pick.options if o.startswith("Kensington"))
    assert "[SYNTHETIC]" in wanted
    pick.select(wanted).run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown_text(at)
    assert "SYNTHETIC" in text and "not a real board paper" in text
    tabs = [t.label for t in at.tabs]
    assert any(t.startswith("Tables (2)") for t in tabs), tabs
    assert any(t.startswith("Sections (") for t in tabs)
    columns = [list(df.value.columns) for df in at.dataframe]
    assert [
        "Risk",
        "What is being done to reduce the risk?",
        "What support can the LSCB provide?",
        "Recommended actions",
    ] in columns
    assert len(at.get("image")) == 1  # page 1 drawn
    assert any("Download the original" in b.proto.label for b in at.get("download_button"))
    at.button[0].click().run()  # Back to the library
    assert at.selectbox(key="doc-pick").value is None
    assert "Title" in at.dataframe[0].value.columns


def test_document_read_in_full_shows_its_reading_note(app_env, tmp_path, monkeypatch):
    """A note on a document read in full (status ok), such as characters whose font
    gives no text, is shown on its page, not only in the library's Status column."""
    import shutil
    import sqlite3

    from ingest.store import DB_NAME

    data = tmp_path / "data"
    shutil.copytree(app_env, data)
    note = "3 unreadable characters left out (the font gives no text for them), page 2"
    with sqlite3.connect(data / DB_NAME) as db:
        (doc_id,) = db.execute(
            "SELECT id FROM documents WHERE status = 'ok' AND title LIKE 'Westminster%'"
        ).fetchone()
        db.execute("UPDATE documents SET message = ? WHERE id = ?", (note, doc_id))
    monkeypatch.setenv("BOARDSEARCH_DATA", str(data))
    at = start_app_test("screens/documents.py")
    pick = at.selectbox(key="doc-pick")
    pick.select(doc_id).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [unescape(str(e.value)) for e in at.info]
    assert any(note in s for s in shown), shown
    assert not [w for w in at.warning if "could not be read" in str(w.value)]


def test_document_link_opens_the_page(app_env):
    from ingest.store import Store

    with Store(app_env, readonly=True) as store:
        doc = next(d for d in store.documents() if d.title.startswith("Westminster"))
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=60)
    at.query_params["doc"] = doc.id
    at.query_params["page"] = "2"
    at.run()
    at.switch_page("screens/documents.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="doc-page").value == 2
    assert "Page 2 of 2" in at.get("image")[0].proto.imgs[0].caption


# --------------------------------------------------------------------------- upload


def test_upload_a_good_and_a_bad_file(app_env, tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(app_env, copy)
    monkeypatch.setenv("BOARDSEARCH_DATA", str(copy))
    good = make_paper(
        tmp_path / "good.pdf",
        "Hammersmith and Fulham LSCB Annual Report 2013/14",
        "",
        [
            ("h1", "Hammersmith and Fulham LSCB Annual Report 2013/14"),
            (
                "p",
                "Hammersmith and Fulham Local Safeguarding Children Board reviewed "
                "female genital mutilation training for school nurses.",
            ),
        ],
    )
    at = start_app_test("screens/upload.py")
    assert at.button(key="upload-go").disabled
    at.file_uploader(key="upload-files").set_value(
        [
            ("../../etc/Annual report (final).PDF", good.read_bytes(), "application/pdf"),
            ("notes.pdf", b"<html><body>not a pdf</body></html>", "application/pdf"),
            ("big.docx", b"", "application/octet-stream"),
        ]
    )
    at.run()
    at.button(key="upload-go").click().run(timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    success = [s.value for s in at.success]
    errors = [unescape(e.value) for e in at.error]
    assert len(success) == 1 and "Annual report (final).PDF" in unescape(success[0])
    assert "Hammersmith and Fulham LSCB Annual Report 2013/14" in unescape(success[0])
    assert any("notes.pdf" in e and "not really a PDF" in e for e in errors), errors
    assert any("big.docx" in e and "empty" in e for e in errors), errors
    saved = sorted(p.name for p in (copy / "uploads").iterdir())
    assert saved == ["Annual report final.pdf"]  # no folders, safe characters, one file
    # the new document is searchable at once
    at.switch_page("screens/search.py").run()
    at = search(at, "female genital mutilation")
    assert any("Hammersmith and Fulham" in c.value for c in at.code)


# --------------------------------------------------------------------------- glossary


def test_glossary_lists_acronyms_and_where_they_are_defined(app_env):
    at = start_app_test("screens/glossary.py")
    table = at.dataframe[0].value
    assert "MAPPA" in set(table["Acronym"])
    row = table[table["Acronym"] == "MAPPA"].iloc[0]
    assert "Multi-Agency Public Protection Arrangements" in row["Stands for"]
    assert row["Defined in"] == "1 document"
    assert "Westminster LSCB Annual Report 2011/12, p. 1" in row["Where"]
    at.text_input(key="gloss-find").input("public protection").run()
    assert list(at.dataframe[0].value["Acronym"]) == ["MAPPA"]
    at.text_input(key="gloss-find").input("qqqq").run()
    assert "No acronym matches" in shown_text(at)


def test_first_search_answers_by_keyword_while_the_model_loads(app_env, monkeypatch):
    from index.search import Index
    from ui.screens import common

    modes: list[str] = []
    real_search = Index.search
    ready = iter([False])  # not ready on the first search, ready afterwards

    def spy(self, query, filters=None, mode="hybrid", limit=10, **kw):
        if query:
            modes.append(mode)
        return real_search(self, query, filters, mode, limit, **kw)

    monkeypatch.setattr(Index, "search", spy)
    at = start_app_test()
    monkeypatch.setattr(common, "model_ready", lambda folder: next(ready, True))
    search(at, "housing benefit changes")
    assert modes == ["keyword", "hybrid"]  # a quick first answer, then the full one
    assert "while the meaning-based search starts up" not in shown_text(at)
    assert any("Housing" in c.value or "housing" in c.value for c in at.markdown)
