"""The UI's plain formatting functions (ui/views.py) and the page renderer (ui/render.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.extract import entities
from ingest.extract.entities import Entity
from ingest.extract.glossary import Acronym
from ingest.extract.stocktake import StocktakeRow
from ingest.extract.themes import ThemeTag
from ingest.model import Document, FileResult, Record
from ui import filters, grouping, rates, uploads, views

from ..helpers import make_pdf


def unescape(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md)


# --------------------------------------------------------------------------- escaping


def test_escape_md_neutralises_html_links_latex_and_emphasis():
    text = "<script>alert(1)</script> *bold* [x](http://e.org) $5 :red[x] `code` # h"
    out = views.escape_md(text)
    assert "<script>" not in out and "](" not in out and "*bold*" not in out
    for special in "<>[]()$:*`#":  # every special character is escaped
        assert not re.search(r"(?<!\\)" + re.escape(special), out), special
    assert unescape(out) == text


@given(st.text())
def test_escape_md_round_trips_any_text(text):
    assert unescape(views.escape_md(text)) == text


def test_highlight_md_bolds_matches_and_escapes_the_rest():
    text = "Housing <b>benefit</b> changes moved families out of borough."
    c = text.index("changes")
    spans = [(0, 7), (c, c + 7)]
    out = views.highlight_md(text, spans)
    assert out.startswith("**Housing**")
    assert "**changes**" in out
    assert "<b>" not in out and r"\<b\>benefit" in out
    assert unescape(out.replace("**", "")) == text


def test_highlight_md_windows_long_text_around_the_match():
    text = "word " * 200 + "MAPPA panel met monthly. " + "word " * 200
    start = text.index("MAPPA")
    out = views.highlight_md(text, [(start, start + 5)], width=120)
    assert "**MAPPA**" in out
    assert unescape(out).startswith("... ") and unescape(out).endswith(" ...")
    assert len(unescape(out)) < 200


# --------------------------------------------------------------------------- citations


def test_citation_matches_the_issue_example():
    cite = views.citation(
        "Westminster LSCB Annual Report", "2011/12", 14, ("Appendix 1", "Appendix 1: Police")
    )
    assert cite == "Westminster LSCB Annual Report 2011/12, p. 14, Appendix 1: Police"


def test_citation_does_not_repeat_the_period_or_the_title():
    t = "Westminster LSCB Annual Report 2011/12"
    assert views.citation(t, "2011/12", 3, (t,)) == f"{t}, p. 3"
    assert views.citation("", "", 1) == "Untitled document, p. 1"


def test_hit_lines():
    hit = SimpleNamespace(
        title="Report *2012*",
        path="/x/r.pdf",
        boroughs=("Westminster", "Kensington and Chelsea"),
        period="2012/13",
        doc_type="stocktake",
        page=4,
        section=("Police", "Risks"),
        kind="table_row",
    )
    assert views.hit_heading_md(2, hit, True) == (
        r"**2. Report \*2012\***" + " :orange-badge[SYNTHETIC] :gray-badge[Table row]"
    )
    details = unescape(views.hit_details_md(hit))
    assert details == (
        "Westminster, Kensington and Chelsea · 2012/13 · Stock-take · page 4 · "
        "Section: Police > Risks"
    )
    assert views.hit_citation(hit) == "Report *2012* 2012/13, p. 4, Risks"


def test_row_table_names_blank_and_repeated_headers():
    table = views.row_table(("Risk", "", "Risk"), ("a", "b", "c", "d"))
    assert table == {"Risk": ["a"], "Column 2": ["b"], "Risk (2)": ["c"], "Column 4": ["d"]}
    frame = views.table_frame((("Top",), ("A", "B")), (("1",), ("2", "3")))
    assert frame == {"A": ["1", "2"], "B": ["", "3"]}


# --------------------------------------------------------------------------- facets


def test_facet_options_keep_order_and_chosen_values():
    all_counts = {"Westminster": 50, "Kensington and Chelsea": 30, "Hammersmith and Fulham": 20}
    current = {"Hammersmith and Fulham": 5, "Westminster": 1}
    opts = views.facet_options(all_counts, current, ["Brent"])
    assert opts == ["Hammersmith and Fulham", "Westminster", "Kensington and Chelsea", "Brent"]
    label = views.facet_option_label("borough", "Kensington and Chelsea", current, all_counts)
    assert label == "Kensington and Chelsea (0)"
    assert views.facet_option_label("doc_type", "case_review", None, {"case_review": 7}) == (
        "Case review (7)"
    )


def test_period_sort_key_orders_by_year_unknown_last():
    periods = ["2016/17", "(no period)", "2011/12", "2024/25"]
    assert sorted(periods, key=views.period_sort_key) == [
        "2011/12",
        "2016/17",
        "2024/25",
        "(no period)",
    ]


# --------------------------------------------------------------------------- themes


def doc(id_: str, boroughs: tuple[str, ...], period: str, synthetic: bool = False) -> Document:
    return Document(
        id=id_,
        path=f"/p/{id_}.pdf",
        title=f"Doc {id_}",
        boroughs=boroughs,
        period=period,
        synthetic=synthetic,
    )


def theme(doc_id: str, name: str, ordinal: int, page: int = 1) -> Record:
    return Record(doc_id, page, ThemeTag(theme=name, evidence="e"), None, ordinal)


def test_theme_rates_are_normalised_by_text_per_period_and_borough():
    docs = {
        "a": doc("a", ("Westminster",), "2011/12"),
        "b": doc("b", ("Westminster", "Kensington and Chelsea"), "2012/13"),
    }
    words = {"a": 20_000, "b": 5_000}
    amounts = rates.text_amounts(docs.values(), words)
    assert amounts == {
        ("2011/12", "Westminster"): 20_000,
        ("2012/13", "Westminster"): 5_000,
        ("2012/13", "Kensington and Chelsea"): 5_000,
    }
    tags = rates.theme_tags(
        [theme("a", "Neglect", 1), theme("a", "Neglect", 2), theme("b", "Neglect", 1)], docs
    )
    assert len(tags) == 4  # the tri-borough-style passage counts for both boroughs
    combined = {(r["period"]): r for r in rates.theme_rates(tags, amounts)}
    assert combined["2011/12"]["rate"] == 1.0  # 2 tags per 20,000 words -> 1 per 10,000
    assert combined["2012/13"]["tags"] == 2 and combined["2012/13"]["rate"] == 2.0
    split = {(r["period"], r["borough"]): r for r in rates.theme_rates(tags, amounts, split=True)}
    assert split[("2012/13", "Kensington and Chelsea")]["rate"] == 2.0
    only = rates.theme_rates(tags, amounts, boroughs=["Kensington and Chelsea"], split=True)
    assert {r["borough"] for r in only} == {"Kensington and Chelsea"}


def test_theme_rates_show_zero_where_there_is_text_but_no_tag():
    docs = {"a": doc("a", ("Westminster",), "2011/12"), "b": doc("b", ("Westminster",), "2012/13")}
    amounts = rates.text_amounts(docs.values(), {"a": 1000, "b": 1000})
    tags = rates.theme_tags([theme("a", "Neglect", 1)], docs)
    rows = {r["period"]: r for r in rates.theme_rates(tags, amounts)}
    assert rows["2012/13"]["tags"] == 0 and rows["2012/13"]["rate"] == 0.0


def test_a_theme_trend_counts_papers_and_draws_no_point_where_there_are_none():
    docs = {
        "a": doc("a", ("Westminster",), "2011/12"),
        "b": doc("b", ("Westminster", "Kensington and Chelsea"), "2012/13"),
        "c": doc("c", ("Westminster",), "2012/13"),
        "d": doc("d", ("Westminster",), "2014/15"),
    }
    amounts = rates.text_amounts(docs.values(), {"a": 20_000, "b": 5_000, "c": 5_000, "d": 1})
    tags = rates.theme_tags([theme("a", "Neglect", 1), theme("b", "Neglect", 1)], docs)
    periods = ["2011/12", "2012/13", "2013/14", "2014/15"]
    rows = rates.theme_trend(tags, amounts, docs.values(), "Neglect", periods)
    by = {(r["borough"], r["period"]): r for r in rows}
    assert len(rows) == 8  # every period of the axis, for each borough's line
    assert by[("Westminster", "2012/13")]["papers"] == 2
    assert by[("Westminster", "2012/13")]["rate"] == 1.0  # 1 tag in 10,000 words
    last = by[("Westminster", "2014/15")]
    assert (last["papers"], last["tags"], last["rate"]) == (1, 0, 0.0)  # a real zero
    for borough, period in [("Westminster", "2013/14"), ("Kensington and Chelsea", "2011/12")]:
        assert by[(borough, period)]["papers"] == 0 and by[(borough, period)]["rate"] is None
    # no line across a period without papers: the stretches either side are two lines
    runs = [by[("Westminster", p)]["run"] for p in periods]
    assert runs[0] == runs[1] != runs[3]
    together = rates.theme_trend(tags, amounts, docs.values(), "Neglect", periods, split=False)
    cell = {r["period"]: r for r in together}
    assert {r["borough"] for r in together} == {"All"}
    assert cell["2012/13"]["papers"] == 2  # the two-borough paper counts once together
    assert cell["2013/14"]["rate"] is None
    only = rates.theme_trend(
        tags, amounts, docs.values(), "Neglect", periods, ["Kensington and Chelsea"], False
    )
    assert [r["papers"] for r in only] == [0, 1, 0, 0]


def test_a_theme_without_tags_still_has_its_papers_on_the_trend():
    docs = {"a": doc("a", ("Westminster",), "2011/12")}
    amounts = rates.text_amounts(docs.values(), {"a": 1000})
    rows = rates.theme_trend([], amounts, docs.values(), "Neglect", ["2011/12"])
    assert rows == [
        {
            "theme": "Neglect",
            "period": "2011/12",
            "borough": "Westminster",
            "papers": 1,
            "tags": 0,
            "words": 1000,
            "rate": 0.0,
            "run": 0,
        }
    ]


def test_theme_cell_lists_each_passage_once():
    docs = {"b": doc("b", ("Westminster", "Kensington and Chelsea"), "2012/13")}
    tags = rates.theme_tags([theme("b", "Neglect", 1), theme("b", "Neglect", 2)], docs)
    assert len(rates.theme_cell_tags(tags, "Neglect", "2012/13")) == 2
    assert len(rates.theme_cell_tags(tags, "Neglect", "2012/13", "Westminster")) == 2
    assert rates.theme_cell_tags(tags, "Neglect", "2011/12") == []


# --------------------------------------------------------------------------- register


def stock(doc_id: str, agency: str, statement: str, kind: str = "risk", ordinal: int = 7) -> Record:
    data = {
        "agency": agency,
        "kind": kind,
        "statement": statement,
        "response": "r",
        "support": "s",
        "recommended_action": "act",
    }
    return Record(doc_id, 2, StocktakeRow(**data), None, ordinal)


def test_register_rows_filter_and_export():
    docs = {
        "a": doc("a", ("Westminster",), "2011/12"),
        "b": doc("b", ("Kensington and Chelsea",), "2012/13", synthetic=True),
    }
    rows = views.register_rows(
        [
            stock("a", "Police", "Gangs"),
            stock("b", "Health", "Housing benefit changes"),
            stock("b", "Police", "Strong links", kind="strength", ordinal=8),
        ],
        docs,
        {("b", 7): ["Housing"]},
    )
    assert rows[1]["themes"] == ["Housing"] and rows[1]["synthetic"]
    assert filters.register_values(rows, "agency") == ["Health", "Police"]
    assert filters.register_values(rows, "kind") == ["Risk", "Strength"]
    police = filters.filter_register(rows, {"agency": ["Police"], "kind": ["Risk"]})
    assert [r["statement"] for r in police] == ["Gangs"]
    assert [r["statement"] for r in filters.filter_register(rows, {"theme": ["Housing"]})] == [
        "Housing benefit changes"
    ]
    assert len(filters.filter_register(rows, {"borough": ["Kensington and Chelsea"]})) == 2
    assert filters.filter_register(rows, {}, "benefit CHANGES")[0]["agency"] == "Health"
    out = views.register_export(police)
    assert out[0]["Citation"] == "Doc a 2011/12, p. 2" and out[0]["Synthetic"] == "no"


def test_group_similar_links_chains_and_drops_singletons():
    v = np.array([[1, 0, 0], [0.95, 0.31, 0], [0, 0, 1], [0.8, 0.6, 0]], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    assert grouping.group_similar(v, 0.9) == [[0, 1, 3]]  # 0~1, 1~3: one group by chaining
    assert grouping.group_similar(v, 0.999) == []
    assert grouping.group_similar(v[:1], 0.5) == []


def test_recurring_heading_counts_agencies_and_years():
    rows = [
        {
            "agency": "Police",
            "period": "2011/12",
            "statement": "Housing benefit changes",
            "boroughs": ["Westminster"],
        },
        {
            "agency": "Health",
            "period": "2013/14",
            "statement": "Housing benefit changes hit families",
            "boroughs": ["Westminster"],
        },
        {
            "agency": "Education",
            "period": "2012/13",
            "statement": "Benefit cap and housing",
            "boroughs": ["Kensington and Chelsea"],
        },
    ]
    summary = grouping.recurring_summary(rows)
    assert summary["agencies"] == ["Education", "Health", "Police"]
    assert views.recurring_heading(summary) == (
        "“Housing benefit changes” — raised 3 times by 3 agencies, 2011/12 to 2013/14"
    )


# --------------------------------------------------------------------------- documents, glossary


def test_library_rows_show_the_synthetic_badge_and_plain_labels():
    d = Document(
        id="x",
        path="/p/a.pdf",
        title="A",
        doc_type="case_review",
        synthetic=True,
        status="partial",
        pages=3,
    )
    row = views.library_rows([d])[0]
    assert row["Synthetic"] == "SYNTHETIC" and row["Type"] == "Case review"
    assert row["Status"] == "Partly read" and row["File"] == "a.pdf"
    assert views.document_label(d) == "A [SYNTHETIC]"


def test_entity_rows_group_by_name_with_pages():
    recs = [
        Record("d", p, Entity(type="agency", canonical="Metropolitan Police")) for p in (3, 1, 3)
    ]
    recs.append(Record("d", 2, Entity(type="money", text="£25,000")))
    rows = entities.entity_rows(recs)
    assert rows[0] == {
        "Type": "Agency",
        "Name": "Metropolitan Police",
        "Pages": "1, 3",
        "Mentions": 2,
    }


def test_glossary_rows_merge_curated_and_found_definitions():
    docs = {"a": doc("a", ("Westminster",), "2011/12")}
    found = [
        Record(
            "a",
            5,
            Acronym(
                acronym="MAPPA",
                expansion="Multi-Agency Public Protection Arrangements",
                context="the MAPPA panel",
            ),
        )
    ]
    curated = [
        {"acronym": "MAPPA", "expansion": "Multi-Agency Public Protection Arrangements"},
        {"acronym": "LADO", "expansion": "Local Authority Designated Officer"},
    ]
    entries = views.glossary_rows(curated, found, docs)
    assert [e["acronym"] for e in entries] == ["LADO", "MAPPA"]
    table = {r["Acronym"]: r for r in views.glossary_table(entries)}
    assert table["MAPPA"]["Stands for"] == "Multi-Agency Public Protection Arrangements"
    assert table["MAPPA"]["Where"] == "Doc a 2011/12, p. 5" and table["LADO"]["Where"] == ""
    assert [e["acronym"] for e in filters.filter_glossary(entries, "designated")] == ["LADO"]


# --------------------------------------------------------------------------- upload


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\Board Report (final).PDF", "Board Report final.pdf"),
        (".hidden.docx", "hidden.docx"),
        ("<script>.pdf", "script.pdf"),
        ("...pdf", "pdf"),
        ("", "upload"),
        ("é 2011/12.pdf", "12.pdf"),
    ],
)
def test_safe_filename(name, safe):
    assert uploads.safe_filename(name) == safe


def test_unique_path_never_overwrites(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"x")
    (tmp_path / "a-2.pdf").write_bytes(b"x")
    assert uploads.unique_path(tmp_path, "a.pdf").name == "a-3.pdf"
    assert uploads.unique_path(tmp_path, "b.pdf").name == "b.pdf"


def test_check_upload_type_size_and_contents():
    pdf = b"%PDF-1.7\n..."
    assert uploads.check_upload("a.pdf", pdf, 100) is None
    assert uploads.check_upload("a.docx", b"PK\x03\x04rest", 100) is None
    assert "Only PDF and Word" in uploads.check_upload("a.exe", pdf, 100)
    assert "Only PDF and Word" in uploads.check_upload("a.doc", pdf, 100)
    assert "empty" in uploads.check_upload("a.pdf", b"", 100)
    assert "limit is 1 MB" in uploads.check_upload("a.pdf", pdf + b"x" * 2**20, 2**20)
    assert "not really a PDF" in uploads.check_upload("a.pdf", b"<html>", 100)
    assert "not really a Word" in uploads.check_upload("a.docx", pdf, 100)


def test_upload_outcome_rows_say_what_happened():
    results = [
        FileResult("/d/uploads/a.pdf", "ingested", "x", "", 3, "A"),
        FileResult("/d/uploads/b.pdf", "skipped", "y", "unchanged", 2, "B"),
        FileResult("/d/uploads/c.pdf", "failed", message="the PDF is damaged"),
    ]
    rows = views.upload_outcome_rows(
        results,
        {"/d/uploads/a.pdf": "A (1).pdf"},
        [("x.exe", "Only PDF and Word (.docx) files can be added.")],
    )
    assert [r["Outcome"] for r in rows] == [
        "Not added",
        "Added",
        "Already in the library",
        "Not added",
    ]
    assert rows[1]["File"] == "A (1).pdf" and rows[3]["Details"] == "the PDF is damaged"


# --------------------------------------------------------------------------- render


def test_render_page_marks_the_box(tmp_path):
    from ui.render import RenderError, render_page

    pdf = make_pdf(tmp_path / "a.pdf", [["# Heading", "Body line"], ["Second page"]])
    plain = render_page(pdf, 1, scale=1.0)
    marked = render_page(pdf, 1, [(72.0, 100.0, 300.0, 140.0)], scale=1.0)
    assert plain.size == marked.size
    assert abs(plain.width - 595) <= 1 and abs(plain.height - 842) <= 1  # A4 in points
    r, g, b = marked.getpixel((200, 120))
    assert (r, g, b) != plain.getpixel((200, 120)) and b < r  # tinted yellow inside the box
    assert marked.getpixel((30, 30)) == plain.getpixel((30, 30))  # untouched outside
    assert abs(render_page(pdf, 2, scale=2.0).width - 1190) <= 2
    with pytest.raises(RenderError, match="no page 3"):
        render_page(pdf, 3)
    with pytest.raises(RenderError, match="no longer at"):
        render_page(tmp_path / "gone.pdf", 1)
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(RenderError, match="cannot open"):
        render_page(tmp_path / "bad.pdf", 1)


def test_document_notice_shows_left_out_glyphs_on_a_document_read_whole():
    base = Document(id="d", path="a.pdf", title="A", pages=3)
    assert views.document_notice(base) is None
    glyphs = "14 unreadable characters left out (the font gives no text for them), pages 2, 3"
    level, text = views.document_notice(replace(base, message=glyphs))
    assert (level, text) == ("info", f"Note on reading this document: {glyphs}")
    partial = replace(base, status="partial", message="page 2: no text")
    assert views.document_notice(partial) == (
        "warning",
        "Some of this document could not be read: page 2: no text",
    )


def test_agency_facet_names_the_former_names_it_includes():
    # a 2015 paper's CCG is filed under the body it became: the label must say so
    label = views.facet_value_label("agency", "Integrated Care Board")
    assert label == (
        "Integrated Care Board (incl. former Primary Care Trust / Clinical Commissioning Group)"
    )
    assert views.facet_value_label("agency", "Metropolitan Police Service") == (
        "Metropolitan Police Service"
    )
