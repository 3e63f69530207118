"""The Theme brief page (ui/screens/brief.py) in Streamlit's AppTest: a brief of a theme
with its three downloads, and two boroughs side by side, over the session's small library
(tests/helpers.py build_ui_data: hash embedder, housing tags in 2011/12 and 2012/13)."""

from __future__ import annotations

import json

import pyarrow.ipc
import pytest

from ..helpers import EMBEDDER, shown_text, start_app_test, unescape

pytestmark = pytest.mark.slow  # the app runs for real in AppTest: seconds per page

HOUSING = "Housing pressure and homelessness"


@pytest.fixture
def app_env(ui_data, monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_DATA", str(ui_data))
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)
    return ui_data


def markdown(at) -> str:
    return unescape("\n".join(str(m.value) for m in at.markdown))


def test_a_theme_brief_with_its_downloads(app_env):
    at = start_app_test("screens/brief.py")
    assert "Choose a theme or type some words." in shown_text(at)
    at.selectbox(key="brief-theme").select(HOUSING).run()
    assert not at.exception, [e.value for e in at.exception]
    text = markdown(at)
    assert f"### Brief: {HOUSING}" in text
    assert "## 2011/12 (1 paper)" in text and "## 2012/13 (1 paper)" in text
    assert "westminster-lscb-annual-report-2011-12.pdf, p. 1" in text
    assert "kensington-chelsea-stocktake-2012-13.pdf" in text
    assert len(at.get("download_button")) == 3  # Markdown, Word, JSON


def test_two_boroughs_side_by_side(app_env):
    at = start_app_test("screens/brief.py")
    at.selectbox(key="brief-theme").select(HOUSING)
    at.radio(key="brief-layout").set_value("Boroughs side by side").run()
    assert not at.exception, [e.value for e in at.exception]
    heads = [h.value for h in at.subheader]
    assert heads == ["Kensington and Chelsea", "Westminster"], heads
    assert len(at.get("download_button")) == 6
    shown = [unescape(str(m.value)) for m in at.markdown]
    columns = [m for m in shown if m.startswith("### Brief:")]
    assert len(columns) == 2
    assert "westminster-lscb" not in columns[0] and "kensington-chelsea" in columns[0]
    assert "kensington-chelsea" not in columns[1] and "westminster-lscb" in columns[1]


def test_free_words_and_a_period_filter(app_env):
    at = start_app_test("screens/brief.py")
    at.text_input(key="brief-words").input("pupils who leave school")
    at.selectbox(key="brief-period").select("2012/13").run()
    assert not at.exception, [e.value for e in at.exception]
    text = markdown(at)
    assert (
        "Words searched: pupils who leave school" in text and "2011/12" not in text.split("##")[1]
    )


def test_the_themes_page_downloads_a_brief_of_the_theme_it_follows(app_env):
    at = start_app_test("screens/themes.py")
    at.selectbox(key="line-theme").select(HOUSING).run()
    assert not at.get("download_button")
    at.button(key="line-brief").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("download_button")) == 3
    assert any("2 of 2 periods" in c.value for c in at.caption), [c.value for c in at.caption]


def test_the_themes_trend_counts_papers_and_skips_periods_without_them(app_env):
    at = start_app_test("screens/themes.py")
    at.selectbox(key="line-theme").select(HOUSING).run()
    assert not at.exception, [e.value for e in at.exception]
    gaps = [unescape(c.value) for c in at.caption if "No papers" in c.value]
    assert gaps[0] == (
        "No papers, so no point: Kensington and Chelsea in 2011/12; Westminster in 2012/13."
    )
    charts = at.get("vega_lite_chart")
    spec = json.loads(charts[-1].proto.spec)
    line, counts = spec["layer"]
    assert counts["mark"]["type"] == "text" and counts["encoding"]["text"]["field"] == "papers"
    assert line["encoding"]["x"]["scale"]["domain"] == ["2011/12", "2012/13"]  # both kept
    drawn = pyarrow.ipc.open_stream(charts[-1].proto.datasets[0].data.data).read_pandas()
    points = sorted(zip(drawn["borough"], drawn["period"], drawn["papers"], strict=True))
    assert points == [("Kensington and Chelsea", "2012/13", 1), ("Westminster", "2011/12", 1)]
