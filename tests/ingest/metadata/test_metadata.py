"""Metadata detection: periods, dates, places and their traps, doc types, and real PDFs."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.metadata import (
    PLACES_FILE,
    TRI_BOROUGH,
    Metadata,
    _detect,
    authorities,
    detect,
    find_places,
    parse_inspection_date,
    parse_inspection_dates,
    parse_period,
    period_from_date,
)

from ...helpers import REALDOCS, SEED_TEXT, need


def names(text: str) -> list[str]:
    return [m.name for m in find_places(text)]


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    "text",
    [
        "Annual Report 2011/12",
        "Annual Report 2011-12",
        "Annual Report 2011–12",
        "Annual Report 2011/2012",
        "Annual Report 2011-2012",
        "Annual Report 2011 to 2012",
        "for the year April 2011 to March 2012",
        "covering 1 April 2011 – 31 March 2012",
        "1st April 2011 - 31st March 2012",
        "LSCB annual report 11/12",
        "during the financial year 11/12",
    ],
)
def test_parse_period_forms(text: str) -> None:
    assert parse_period(text) == "2011/12"


def test_parse_period_century_turn() -> None:
    assert parse_period("Report 1999/00") == "1999/00"
    assert parse_period("Plan 2099/2100") == "2099/00"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "published 2011-12-05",  # an ISO date, not a period
        "the meeting on 12/11/2013",  # a date
        "austerity 2022–2024",  # not consecutive years
        "page 11 of 12",
        "11/12",  # short form without a clear context
        "between 2011 and 2015",
        "ref 12011/12",  # part of a longer number
    ],
)
def test_parse_period_rejects(text: str) -> None:
    assert parse_period(text) is None


def test_parse_period_takes_first_in_text() -> None:
    assert parse_period("Annual Report 2012/13 (see Business Plan 2010/11)") == "2012/13"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_period_total(text: str) -> None:
    result = parse_period(text)
    assert result is None or (len(result) == 7 and result[4] == "/")


@pytest.mark.parametrize(
    ("day", "period"),
    [
        ("2016-02-04", "2015/16"),
        (date(2016, 2, 4), "2015/16"),
        ("2019-09-13", "2019/20"),
        ("2024-03-31", "2023/24"),
        ("2024-04-01", "2024/25"),
        ("1999-12-31", "1999/00"),
        ("not a date", ""),
        ("", ""),
    ],
)
def test_period_from_date(day: str | date, period: str) -> None:
    assert period_from_date(day) == period


# --------------------------------------------------------------------------- inspection dates


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Inspection dates: 11 January 2016 to 4 February 2016", "2016-01-11", "2016-02-04"),
        ("Inspection dates: 30 September to 11 October 2019", "2019-09-30", "2019-10-11"),
        ("Inspection dates: 11 to 15 March 2024", "2024-03-11", "2024-03-15"),
        ("Inspection date: 18 November – 10 December 2014", "2014-11-18", "2014-12-10"),
        ("Inspection date: 20 June 2017 ─ 13 July 2017", "2017-06-20", "2017-07-13"),
        ("Inspection date: 4 July 2016–28 July 2016", "2016-07-04", "2016-07-28"),
        ("Dates of inspection: 2nd December – 13th December 2013", "2013-12-02", "2013-12-13"),
        ("Inspection date: 15 December 2014 to 9 January 2015", "2014-12-15", "2015-01-09"),
        ("Inspection\ndates:\n9 September 2019 to\n13 September 2019", "2019-09-09", "2019-09-13"),
        ("Inspection date: 5 March 2015", "2015-03-05", "2015-03-05"),
    ],
)
def test_parse_inspection_dates(text: str, start: str, end: str) -> None:
    assert parse_inspection_dates(text) == (start, end)
    assert parse_inspection_date(text) == end


def test_inspection_date_wins_over_publication() -> None:
    text = "Report published: 1 March 2016\nInspection dates: 11 January 2016 to 4 February 2016"
    assert parse_inspection_date(text) == "2016-02-04"


def test_publication_date_when_no_inspection_date() -> None:
    assert parse_inspection_date("Ofsted\nReport published: 1 March 2016") == "2016-03-01"
    assert parse_inspection_date("Inspection dates: soon") is None
    assert parse_inspection_date("Inspection dates: 31 February 2016") is None


# --------------------------------------------------------------------------- places


def test_places_file_covers_london_and_upper_tier() -> None:
    auths = authorities()
    kinds = Counter(a.kind for a in auths)
    assert kinds["london_borough"] + kinds["city_of_london"] == 33
    assert kinds["metropolitan_borough"] == 36
    assert sum(not a.former for a in auths) == 153
    assert len({a.name for a in auths}) == len(auths)


def test_places_aliases_are_unambiguous() -> None:
    raw = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for a in raw["authorities"]:
        for alias in (a["name"], *a["aliases"]):
            key = " ".join(alias.lower().split())
            assert owner.setdefault(key, a["name"]) == a["name"], f"{alias} used twice"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Royal Borough of Kensington and Chelsea", ["Kensington and Chelsea"]),
        ("RBKC and K&C and Kensington & Chelsea", ["Kensington and Chelsea"] * 3),
        ("LBHF, H&F and Hammersmith & Fulham", ["Hammersmith and Fulham"] * 3),
        ("City of Westminster, Westminster City Council, WCC", ["Westminster"] * 3),
        ("Kingston upon Hull", ["Hull"]),
        ("Kingston upon Thames", ["Kingston upon Thames"]),
        ("St. Helens Metropolitan Borough Council", ["St Helens"]),
        ("North Lincolnshire council", ["North Lincolnshire"]),
        ("North East Lincolnshire", ["North East Lincolnshire"]),
        ("Lincolnshire County Council", ["Lincolnshire"]),
        ("Wirral and Halton", ["Wirral", "Halton"]),
        ("Kensington and\nChelsea", ["Kensington and Chelsea"]),
        ("WESTMINSTER LOCAL SAFEGUARDING CHILDREN BOARD", ["Westminster"]),
        ("Westminster-based staff", ["Westminster"]),
        ("Sutton LSCB", ["Sutton"]),
    ],
)
def test_find_places(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Solihull Council",  # Hull inside Solihull -> only Solihull
        "a flat in Kentish Town",
        "Brentford FC",
        "Canterbury and Shrewsbury",
        "Mr Barnett said",
        "born in Sutton Coldfield",
        "reading the report, harrow and bury",
        "the Palace of Westminster",
        "Lead inspector: Christine Kennet",
        "Newcastle-under-Lyme",
        "New York",
        "rk&c or h&f in lower case",
    ],
)
def test_find_places_traps(text: str) -> None:
    assert names(text) in ([], ["Solihull"])


# --------------------------------------------------------------------------- detect on small texts


def meta(
    text: str, name: str = "paper.pdf", title_hint: str = "", info: dict[str, str] | None = None
) -> Metadata:
    """detect() without its never-raise guard, so a bug fails the test instead of hiding."""
    return _detect(Path(name), text, title_hint, info)


def test_subject_borough_not_passing_mention() -> None:
    text = (
        "Westminster Local Safeguarding Children Board\nAnnual Report 2013/14\n"
        "Foreword\nThis year we worked with colleagues in Brent on a joint audit, and Brent "
        "police gave evidence to the board about the year's work across the area.\n"
    )
    m = meta(text)
    assert m.boroughs == ("Westminster",)
    assert m.board == "Westminster LSCB"
    assert m.doc_type == "annual_report"
    assert m.period == "2013/14"


def test_tri_borough_board_gets_all_three() -> None:
    m = meta("Tri-borough Local Safeguarding Children Board\nAnnual Report 2013-2014\n")
    assert m.boroughs == TRI_BOROUGH
    assert m.board == "Tri-borough LSCB"


def test_board_naming_all_three_is_tri_borough() -> None:
    text = "Hammersmith & Fulham, Kensington and Chelsea and Westminster LSCB\nStocktake 2012/13\n"
    m = meta(text)
    assert set(m.boroughs) == set(TRI_BOROUGH)
    assert m.board == "Tri-borough LSCB"
    assert m.doc_type == "stocktake"


def test_body_fallback_picks_dominant_authority() -> None:
    body = "Minutes of the meeting\nPresent: A, B\n" + "Kent schools and Kent police. " * 3
    m = meta(body + "Medway once.")
    assert m.boroughs == ("Kent",)
    assert m.doc_type == "minutes"


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        ("Serious Case Review\nChild D\nExecutive summary\n", "case_review"),
        ("Child Safeguarding Practice Review: Child H\n", "case_review"),
        ("Learning review summary\nBaby T\n", "case_review"),
        ("LSCB Section 11 audit\nPartner stock-take 2012/13\n", "stocktake"),
        (
            "Minutes of the meeting of the Board\nPresent: J Smith (Chair)\nApologies: none\n",
            "minutes",
        ),
        ("Quarterly performance report\nQ2 2015/16\n", "performance_report"),
        ("LSCB Performance Dashboard\nKPIs for Q1\n", "performance_report"),
        ("Annual Report 2014/15\n", "annual_report"),
        (
            "Inspection of children's services\nInspection dates: 1 to 5 May 2023\n",
            "inspection_report",
        ),
        ("Single inspection of Camden\n", "inspection_report"),
        ("Budget risk register 2025-26\n", "other"),
        ("Notes\n", "other"),
    ],
)
def test_doc_types(text: str, doc_type: str) -> None:
    assert meta(text).doc_type == doc_type


def test_title_skips_banner_logo_and_date() -> None:
    text = "SYNTHETIC DOCUMENT - NOT A REAL BOARD PAPER\nCity of Westminster\n12 May 2013\nPARTNER STOCKTAKE\n2012/13\nContents\n"
    m = meta(text)
    assert m.title == "City of Westminster: Partner Stocktake 2012/13"
    assert m.synthetic
    assert m.boroughs == ("Westminster",)
    assert m.date == "2013-05-12"


def test_title_hint_used_when_meaningful() -> None:
    text = "Some heading\n"
    assert meta(text, title_hint="Westminster LSCB Annual Report 2011/12").title.startswith(
        "Westminster LSCB"
    )
    assert meta(text, title_hint="Microsoft Word - draft3.docx").title == "Some heading"
    assert meta(text, title_hint="Bexley - Draft Report").title == "Some heading"


def test_title_falls_back_to_file_stem() -> None:
    assert meta("", name="westminster-lscb_stocktake-2012.pdf").title == (
        "Westminster Lscb Stocktake 2012"
    )


@pytest.mark.parametrize(
    ("text", "name", "info", "synthetic"),
    [
        ("SYNTHETIC\nReport", "a.pdf", None, True),
        ("Report", "synthetic-stocktake.pdf", None, True),
        ("Report", "a.pdf", {"Keywords": "synthetic, lscb"}, True),
        ("Report", "a.pdf", {"Subject": "Synthetic board paper"}, True),
        ("Misuse of synthetic cannabinoids rose.", "a.pdf", {"Keywords": "drugs"}, False),
        ("Report", "a.pdf", None, False),
    ],
)
def test_synthetic(text: str, name: str, info: dict[str, str] | None, synthetic: bool) -> None:
    assert meta(text, name=name, info=info).synthetic is synthetic


def test_minutes_period_from_meeting_date() -> None:
    m = meta("CORPORATE PARENTING PANEL – 29 October 2024\nMINUTES of the meeting\n")
    assert (m.doc_type, m.date, m.period) == ("minutes", "2024-10-29", "2024/25")


@pytest.mark.parametrize(
    ("front", "period"),
    [
        ("Kensington and Chelsea LSCB\nLSCB Stock Take March 2012\n", "2011/12"),
        ("Westminster LSCB\nManagement Review: Baby K\nSummary report, January 2012\n", "2011/12"),
        ("Westminster LSCB\nPartner stock-take\nApril 2012\n", "2012/13"),
        # an explicit period beats a month named beside it
        ("Westminster LSCB\nStock-take 2013/14\nMarch 2014\n", "2013/14"),
    ],
)
def test_month_and_year_gives_financial_year(front: str, period: str) -> None:
    assert meta(front).period == period


def test_case_review_period_from_when_it_was_commissioned() -> None:
    text = (
        "Tri-borough LSCB\nSerious Case Review: Child F\nExecutive Summary\n1. Introduction\n"
        "Child F was admitted to hospital in February 2013. The review was commissioned by the\n"
        "Independent Chair of the tri-borough LSCB in April 2013 under Working Together 2013.\n"
        "Table 1\nHealth visiting May 2011 to February 2013\n"
    )
    m = meta(text)
    assert (m.doc_type, m.period, m.board) == ("case_review", "2013/14", "Tri-borough LSCB")


def test_case_review_period_from_latest_month_without_a_cue() -> None:
    text = "Learning review: Baby T\n1. Background\nSeen in May 2014 and again in June 2015.\n"
    assert meta(text).period == "2015/16"


def test_board_named_in_title_beats_tri_borough_mention() -> None:
    text = (
        "Royal Borough of Kensington and Chelsea\nLocal Safeguarding Children Board\n"
        "Annual Report 2011/12\nForeword\nThis is the last annual report of the Kensington\n"
        "and Chelsea Board before it joins with the Boards of Hammersmith\n"
        "and Fulham and Westminster to form a single\ntri-borough LSCB from April 2012.\n"
    )
    hint = "Kensington and Chelsea LSCB Annual Report 2011/12"
    for m in (meta(text), meta(text, title_hint=hint)):
        assert m.boroughs == ("Kensington and Chelsea",)
        assert m.board == "Kensington and Chelsea LSCB"


def test_tri_borough_before_any_borough_name_still_means_all_three() -> None:
    m = meta("Tri-borough LSCB\nAnnual report on work in Westminster schools 2013/14\n")
    assert m.boroughs == TRI_BOROUGH


def test_synthetic_mark_and_running_footer_left_out_of_front_matter() -> None:
    text = (
        "SYNTHETIC TEST DOCUMENT — not a real board paper\nWestminster LSCB\n"
        "Annual Report 2012/13 (SYNTHETIC)\nWestminster LSCB Annual Report 2012/13 — page 1\n"
        "1. Introduction\nBrent police\n"
    )
    m = meta(text)
    assert m.title == "Westminster LSCB Annual Report 2012/13"
    assert (m.boroughs, m.period, m.synthetic) == (("Westminster",), "2012/13", True)


@settings(max_examples=150, deadline=None)
@given(st.text(), st.text(max_size=40))
def test_detect_never_raises(text: str, hint: str) -> None:
    info = {"Title": hint, "Keywords": text[:20]}
    assert isinstance(detect(Path("x.pdf"), text, hint, info), Metadata)
    assert isinstance(_detect(Path("x.pdf"), text, hint, info), Metadata)  # no hidden errors


def test_detect_survives_bad_arguments() -> None:
    m = detect(Path("x.pdf"), None, None, None)  # type: ignore[arg-type]
    assert m.title == "X"


# --------------------------------------------------------------------------- the seed


@pytest.mark.real
def test_seed_annual_report() -> None:
    text = need(SEED_TEXT).read_text(encoding="utf-8")[:3000]
    m = detect(SEED_TEXT, text)
    assert m.boroughs == ("Westminster",)
    assert m.period == "2011/12"
    assert m.doc_type == "annual_report"
    assert m.board == "Westminster LSCB"
    assert not m.synthetic
    assert m.title == "Westminster Local Safeguarding Children Board Annual Report 2011/12"


# --------------------------------------------------------------------------- real PDFs

TRI = {
    "westminster": "Westminster",
    "kensington-chelsea": "Kensington and Chelsea",
    "hammersmith-fulham": "Hammersmith and Fulham",
}
# file date -> (period, date): inspection period and last inspection day, read off page 1
TRI_DATES = {
    "2016-03": ("2015/16", "2016-02-04"),
    "2019-10": ("2019/20", "2019-09-13"),
    "2024-05": ("2023/24", "2024-03-15"),
    "2025-01": ("2024/25", "2024-11-15"),
}
LSCB_REVIEWS = {
    "bexley": ("Bexley", "2014/15", "2014-04-02"),
    "gateshead": ("Gateshead", "2015/16", "2015-11-19"),
    "hackney": ("Hackney", "2016/17", "2016-07-28"),
    "hull": ("Hull", "2014/15", "2014-12-10"),
    "lambeth": ("Lambeth", "2014/15", "2015-03-18"),
    "north-lincolnshire": ("North Lincolnshire", "2017/18", "2017-07-13"),
    "peterborough": ("Peterborough", "2015/16", "2015-05-08"),
    "rotherham": ("Rotherham", "2014/15", "2014-10-08"),
    "slough": ("Slough", "2015/16", "2015-12-17"),
    "st-helens": ("St Helens", "2014/15", "2014-11-25"),
    "trafford": ("Trafford", "2014/15", "2015-02-18"),
}


@pytest.fixture(scope="module")
def real_meta() -> dict[str, Metadata]:
    """Metadata of every real PDF, each read once (first three pages)."""
    import pdfplumber

    need(REALDOCS)
    out: dict[str, Metadata] = {}
    for path in sorted(REALDOCS.rglob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            texts = []
            for page in pdf.pages[:3]:
                texts.append(page.extract_text() or "")
                page.close()
            info = {k: str(v) for k, v in (pdf.metadata or {}).items()}
        out[f"{path.parent.name}/{path.name}"] = _detect(
            path, "\n".join(texts), info.get("Title", ""), info
        )
    return out


@pytest.mark.real
def test_all_real_pdfs_seen(real_meta: dict[str, Metadata]) -> None:
    assert len(real_meta) == 64  # 24 + the 40 reports of pool/ (issue 22)


@pytest.mark.real
@pytest.mark.parametrize("borough", sorted(TRI))
@pytest.mark.parametrize("stamp", sorted(TRI_DATES))
def test_real_tri_borough(real_meta: dict[str, Metadata], borough: str, stamp: str) -> None:
    name = f"tri-borough/ofsted-{borough}-{stamp}.pdf"
    if name not in real_meta:
        assert stamp in ("2024-05", "2025-01")  # each borough has one of the two
        return
    m = real_meta[name]
    assert m.boroughs == (TRI[borough],), name
    assert m.doc_type == "inspection_report", name
    assert (m.period, m.date) == TRI_DATES[stamp], name
    # 2016 reports are SIF inspections that also review the LSCB; later ones (ILACS) do not
    assert m.board == (f"{TRI[borough]} LSCB" if stamp == "2016-03" else ""), name
    assert names(m.title) == [TRI[borough]] and "Inspection" in m.title, m.title
    assert not m.synthetic


@pytest.mark.real
@pytest.mark.parametrize("key", sorted(LSCB_REVIEWS))
def test_real_lscb_reviews(real_meta: dict[str, Metadata], key: str) -> None:
    borough, period, day = LSCB_REVIEWS[key]
    (name,) = [n for n in real_meta if n.startswith(f"lscb-reviews/ofsted-{key}-2")]
    m = real_meta[name]
    assert m.boroughs == (borough,), name
    assert m.doc_type == "inspection_report", name
    assert (m.period, m.date) == (period, day), name
    # Hull's 2014 report is the council inspection alone; the others also review the LSCB
    assert m.board == ("" if key == "hull" else f"{borough} LSCB"), name
    assert borough in names(m.title), m.title
    assert "Inspection of services for children" in m.title, m.title


@pytest.mark.real
def test_real_table_papers(real_meta: dict[str, Metadata]) -> None:
    minutes = real_meta["tables/kent-cc-corporate-parenting-panel-minutes-2024-10-29.pdf"]
    assert (minutes.doc_type, minutes.boroughs) == ("minutes", ("Kent",))
    assert (minutes.date, minutes.period) == ("2024-10-29", "2024/25")
    assert minutes.title.startswith("Corporate Parenting Panel")

    perf = real_meta["tables/kent-cc-quarterly-performance-report-q3-2024-25.pdf"]
    assert (perf.doc_type, perf.boroughs, perf.period) == (
        "performance_report",
        ("Kent",),
        "2024/25",
    )
    assert "Quarterly Performance Report" in perf.title

    adcs = real_meta["tables/adcs-safeguarding-pressures-phase9.pdf"]
    assert adcs.doc_type in ("other", "performance_report")
    assert len(adcs.boroughs) != 1
    assert adcs.title == "ADCS Safeguarding Pressures Research – Phase 9"

    risks = real_meta["tables/kent-cc-budget-risk-register-2025-26.pdf"]
    assert (risks.doc_type, risks.period) == ("other", "2025/26")
    assert "Budget Risks Register" in risks.title
    assert all(not m.synthetic for m in (minutes, perf, adcs, risks))


def test_traps_in_whole_documents() -> None:
    solihull = meta("Solihull Local Safeguarding Children Board\nAnnual Report 2015/16\n")
    assert (solihull.boroughs, solihull.board) == (("Solihull",), "Solihull LSCB")
    # no front-matter borough: body mentions decide, and bare ambiguous names do not count
    body = "Notes of a visit\nWe met staff from Sutton Coldfield. Sutton said yes. Sutton agreed.\n"
    assert meta(body).boroughs == ()
    body2 = "Notes of a visit\nSutton Council staff met us. Sutton Council agreed.\n"
    assert meta(body2).boroughs == ("Sutton",)
