"""Figures as data: amounts, accounts tables with total checks, figures stated in text."""

from __future__ import annotations

import json

import pytest

from ingest.extract import figures
from ingest.model import Document, ParsedDocument, Passage, Table

from ...helpers import FIXTURE_PAPERS, REALDOCS, SEED_TRUTH, need

EXPENDITURE = Table(
    "d",
    0,
    17,
    17,
    (),
    (
        ("Salary costs (LSCB Manager and business support officer)", "25,066", "Includes on-costs"),
        ("Training costs", "19,800", "Westminster contribution"),
        ("Consultancy costs", "19,026", "Independent chair"),
        ("Other", "3,204", "Administrative costs, printing, etc."),
        ("Total expenditure", "67,096", ""),
        ("(Transfer to reserves)", "(25,196)", ""),
    ),
    (17,) * 6,
    caption="Westminster's LSCB expenditure during 2011/12 was as follows:",
)


def _parsed(tables=(), passages=()) -> ParsedDocument:
    doc = Document(id="d", path="d.pdf", title="t", boroughs=("Westminster",), period="2011/12")
    return ParsedDocument(document=doc, tables=tuple(tables), passages=tuple(passages))


def _para(text: str, page: int = 3, ordinal: int = 0) -> Passage:
    return Passage("d", ordinal, "paragraph", text, page)


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("cell", "value", "money", "percent", "negative"),
    [
        ("25,066", 25066, True, False, False),
        ("£88,950", 88950, True, False, False),
        ("(25,196)", -25196, True, False, True),
        ("-1,200", -1200, True, False, True),
        ("550", 550, False, False, False),
        ("£250K", 250000, True, False, False),
        ("£1.2m", 1200000, True, False, False),
        ("82%", 82, False, True, False),
        ("7.3 %", 7.3, False, True, False),
    ],
)
def test_parse_amount(cell, value, money, percent, negative) -> None:
    amount = figures.parse_amount(cell)
    assert amount is not None
    assert (amount.value, amount.money, amount.percent, amount.negative) == (
        value,
        money,
        percent,
        negative,
    )


@pytest.mark.parametrize("cell", ["", "Annual report", "2011/12", "(25,196", "12 months", "n/a"])
def test_parse_amount_rejects_words_and_broken_numbers(cell) -> None:
    assert figures.parse_amount(cell) is None


def test_total_labels_and_clean_labels() -> None:
    assert figures.is_total_label("Total expenditure")
    assert figures.is_total_label("Grand total")
    assert figures.is_total_label("Sub-total")
    assert not figures.is_total_label("Totally new training")
    assert not figures.is_total_label("Training costs")
    assert figures.clean_label("(Transfer to reserves)") == "Transfer to reserves"


# ---------------------------------------------------------------- tables


def test_accounts_table_lines_values_and_total_check() -> None:
    found = figures.find(_parsed([EXPENDITURE]))
    table = [r.data for r in found.records if r.fields.source == "table"]
    assert [(d["label"], d["value"]) for d in table] == [
        ("Salary costs (LSCB Manager and business support officer)", 25066),
        ("Training costs", 19800),
        ("Consultancy costs", 19026),
        ("Other", 3204),
        ("Total expenditure", 67096),
        ("Transfer to reserves", -25196),
    ]
    assert all(d["unit"] == "GBP" and d["period"] == "2011/12" for d in table)
    assert all(d["borough"] == "Westminster" for d in table)
    total = dict(table[4]["check"])
    # issue 12: the check also carries the difference and the parts it summed
    assert total.pop("difference") == 0
    assert [p["label"] for p in total.pop("parts")] == [
        "Salary costs (LSCB Manager and business support officer)",
        "Training costs",
        "Consultancy costs",
        "Other",
    ]
    assert total == {
        "kind": "total",
        "expected": 67096,
        "stated": 67096,
        "ok": True,
        "message": "'Total expenditure' 67,096 equals the sum of the lines above",
    }
    assert table[5]["negative"] and table[5]["check"] is None
    assert found.problems == ()


def test_total_mismatch_is_reported_not_hidden() -> None:
    rows = list(EXPENDITURE.rows)
    rows[1] = ("Training costs", "18,800", "")
    bad = Table("d", 0, 17, 17, (), tuple(rows), (17,) * 6, caption=EXPENDITURE.caption)
    found = figures.find(_parsed([bad]))
    total = next(r for r in found.records if r.fields.label == "Total expenditure")
    check = total.fields.check
    assert check.ok is False
    assert (check.expected, check.stated) == (66096, 67096)
    assert "adds up" not in check.message and "add up to 66,096" in check.message
    assert found.problems == (
        "page 17, table 1: 'Total expenditure' states 67,096 but the lines above add up to "
        "66,096 (a difference of 1,000)",
    )


def test_totals_checked_between_totals_and_after_subtotals() -> None:
    def line(i: int, label: str, value: int) -> figures.Line:
        return figures.Line(i, label, figures.parse_amount(str(value)), "", 1)

    lines = [
        line(0, "Health", 100),
        line(1, "Police", 50),
        line(2, "Sub-total", 150),
        line(3, "Schools", 25),
        line(4, "Total", 175),
        line(5, "Training income", 10),
        line(6, "Total income", 11),
    ]
    checks = figures.check_totals(lines)
    assert checks[2].ok and checks[4].ok
    assert checks[4].expected == 175
    assert not checks[6].ok and checks[6].expected == 10


def test_partner_contributions_with_a_note_column() -> None:
    table = Table(
        "d",
        3,
        18,
        18,
        (),
        (
            ("Health", "41,481", ""),
            ("Metropolitan Police", "5,000", ""),
            ("Probation", "2,000", ""),
            ("CAFCASS", "550", ""),
            ("Total", "49,031", "Of which 25,196 was transferred to LSCB reserves"),
        ),
        (18,) * 5,
        caption="Partner contributions were received as follows for 11/12:",
    )
    recs = [r.data for r in figures.extract(_parsed([table])) if r.fields.source == "table"]
    assert [d["value"] for d in recs] == [41481, 5000, 2000, 550, 49031]
    assert recs[3]["unit"] == "GBP"  # "550" has no separator, but the column is money
    assert recs[-1]["check"]["ok"] and recs[-1]["check"]["expected"] == 49031


def test_stocktake_tables_are_not_accounts() -> None:
    table = Table(
        "d",
        0,
        1,
        1,
        (("Risk", "What is being done to reduce the risk?", "What support can the LSCB provide?"),),
        (("Staff carry caseloads of 50+", "Caseloads reduced", "1,000"),),
        (1,),
    )
    assert figures.table_lines(table) == []


# ---------------------------------------------------------------- text


def _found(text: str) -> list[tuple[float, str, str]]:
    return [(f.value, f.unit, f.label) for f in figures.text_figures(text)]


def test_counts_in_text() -> None:
    text = "April 2011 to March 2012 there have been 271 conferences relating to 514 children."
    assert _found(text) == [(271, "conferences", "conferences"), (514, "children", "children")]
    assert _found("there were 41 child death notifications which related to") == [
        (41, "notifications", "child death notifications")
    ]
    assert _found("Eleven transfer-in, 83 initial and 177 review conferences.") == [
        (83, "conferences", "initial conferences"),
        (177, "conferences", "review conferences"),
    ]
    assert _found("there were fifty-two LADO notifications received") == [
        (52, "notifications", "LADO notifications")
    ]


def test_counts_skip_years_dates_ages_and_names() -> None:
    assert (
        _found(
            "During 2011 the panel met in March 2012 with three Local Safeguarding Children Boards"
        )
        == []
    )
    assert _found("43% were aged 0 to 4 years") == [(43, "%", "aged 0 to 4")]
    assert _found("75% of initial conferences were within 15 days.") == [
        (75, "%", "initial conferences were within 15 days")
    ]


def test_money_in_text() -> None:
    text = (
        "The budget for the Westminster Local Safeguarding Children Board for 2011/12 was £88,950."
    )
    assert _found(text) == [
        (88950, "GBP", "budget for the Westminster Local Safeguarding Children Board for 2011/12")
    ]
    text = (
        "In addition, there was £3,340 of income generated from charges related to LSCB "
        "training and the local authority made a contribution to the Board from its budgets of "
        "£39,921."
    )
    assert _found(text) == [
        (3340, "GBP", "income generated from charges"),
        (39921, "GBP", "local authority made a contribution to the Board"),
    ]


def test_percentages_in_text() -> None:
    assert _found("82% of staff have been trained at the appropriate level") == [
        (82, "%", "staff have been trained")
    ]
    assert _found("Of the 124 children whose CP plans have ended 9 (7.3%) had been subject") == [
        (124, "children", "children"),
        (7.3, "%", "children whose CP plans have ended"),
    ]
    assert _found("53% were male and 45% female.") == [(53, "%", "male"), (45, "%", "female")]


def test_text_records_carry_provenance() -> None:
    passage = _para("there were 41 child death notifications", page=19, ordinal=7)
    (rec,) = figures.extract(_parsed(passages=[passage]))
    assert (rec.page, rec.passage_ordinal, rec.kind) == (19, 7, "figure")
    assert rec.fields.source == "text" and rec.fields.check is None
    assert rec.fields.text == "41 child death notifications"


# ---------------------------------------------------------------- the seed PDF


@pytest.fixture(scope="module")
def seed_figures(seed_pdf_parsed):
    need(SEED_TRUTH)
    return figures.find(seed_pdf_parsed)


@pytest.mark.real
def test_seed_accounts_match_truth_and_totals_check(seed_figures) -> None:
    truth = json.loads(SEED_TRUTH.read_text(encoding="utf-8"))
    table = [r for r in seed_figures.records if r.fields.source == "table"]
    got = [(r.fields.value, r.fields.unit, r.page) for r in table]
    expected = [
        (f["value"], f["unit"], f["page"])
        for f in truth["figures"]
        if f["unit"] == "GBP" and not f["text"].startswith("£")  # the table lines, not prose
    ]
    assert got == expected
    assert len(got) == 11
    checks = [r.fields.check for r in table if r.fields.check]
    assert [(c.stated, c.ok) for c in checks] == [(67096, True), (49031, True)]
    assert seed_figures.problems == ()


@pytest.mark.real
def test_seed_every_truth_figure_is_found(seed_figures) -> None:
    truth = json.loads(SEED_TRUTH.read_text(encoding="utf-8"))
    units = {"percent": "%"}
    have = {(r.fields.value, r.fields.unit, r.page) for r in seed_figures.records}
    missing = [
        f
        for f in truth["figures"]
        if (f["value"], units.get(f["unit"], f["unit"]), f["page"]) not in have
    ]
    assert missing == []


@pytest.mark.real
def test_synthetic_accounts_totals_check(parse_once) -> None:
    papers = FIXTURE_PAPERS
    kc = papers / "kensington-chelsea-lscb-annual-report-2011-12-synthetic.pdf"
    hf = papers / "hammersmith-fulham-lscb-annual-report-2011-12-synthetic.pdf"
    ok = figures.find(parse_once(kc))
    checks = [r.fields.check for r in ok.records if r.fields.check]
    assert [(c.stated, c.ok) for c in checks] == [(90900, True), (90400, True)]
    # H&F's unruled expenditure table (a two-line first label) now reads whole, so its
    # totals check; a lost line would surface here as a problem naming the total.
    found = figures.find(parse_once(hf))
    assert not found.problems
    hf_checks = [r.fields.check for r in found.records if r.fields.check]
    assert hf_checks and all(c.ok for c in hf_checks)


# ---------------------------------------------------------------- issue 12: checks kept as data

KENT_QPR = REALDOCS / "tables" / "kent-cc-quarterly-performance-report-q3-2024-25.pdf"


def test_extract_keeps_the_failed_check_with_its_parts() -> None:
    rows = list(EXPENDITURE.rows)
    rows[1] = ("Training costs", "18,800", "")
    bad = Table("d", 0, 17, 17, (), tuple(rows), (17,) * 6, caption=EXPENDITURE.caption)
    records = figures.extract(_parsed([bad]))  # the enricher, not find()
    total = next(r for r in records if r.fields.label == "Total expenditure")
    assert total.fields.adds_up is False
    parts = total.fields.check.parts
    assert [(p.label, p.value) for p in parts] == [
        ("Salary costs (LSCB Manager and business support officer)", 25066),
        ("Training costs", 18800),
        ("Consultancy costs", 19026),
        ("Other", 3204),
    ]
    assert total.fields.flag.startswith("Does not add up: stated 67,096, parts add up to 66,096")
    assert "Training costs 18,800" in total.fields.flag
    line = next(r for r in records if r.fields.label == "Training costs")
    assert line.fields.adds_up is None and line.fields.flag == ""


def test_export_and_ui_show_the_flag_with_the_parts() -> None:
    from ui import report

    rows = list(EXPENDITURE.rows)
    rows[1] = ("Training costs", "18,800", "")
    bad = Table("d", 0, 17, 17, (), tuple(rows), (17,) * 6, caption=EXPENDITURE.caption)
    parsed = _parsed([bad])
    records = figures.extract(parsed)
    exported = [figures.figure_row(r, parsed.document) for r in records]
    total = next(r for r in exported if r["label"] == "Total expenditure")
    assert total["adds_up"] is False and total["check_expected"] == 66096
    assert "Training costs: 18800" in total["check_parts"]
    csv = report.to_csv(exported)
    assert "Does not add up: stated 67,096" in csv
    shown = {r["Figure"]: r["Check"] for r in figures.KIND.display.table(records)}
    assert shown["Total expenditure"].startswith("⚠ does not add up: stated 67,096")
    assert "Training costs 18,800" in shown["Total expenditure"]
    assert shown["Training costs"] == ""


@pytest.mark.real
def test_real_total_that_does_not_add_up_is_flagged_with_its_parts() -> None:
    # Kent's quarterly performance report, page 12: calls to Contact Point (thousands),
    # fourteen services that add up to 117 under a "Total Calls" of 116; the page says
    # "Figures may not add up to totals due to rounding."
    from ingest import pdf, structure

    extracted = pdf.read(need(KENT_QPR), "kent")
    sections, passages, tables = structure.build("kent", extracted)
    parsed = ParsedDocument(
        Document(id="kent", path=str(KENT_QPR), title="Kent QPR"),
        extracted.pages,
        sections,
        tables,
        passages,
    )
    records = figures.extract(parsed)
    flagged = [r for r in records if r.fields.adds_up is False]
    calls = next(r for r in flagged if r.fields.label.startswith("Total Calls"))
    check = calls.fields.check
    assert calls.page == 12
    assert (check.stated, check.expected) == (116, 117)
    assert len(check.parts) == 14 and check.parts[0].label == "Adult Social Care"
    assert check.rounding_note is True
    assert "the paper says figures are rounded" in calls.fields.flag
    assert all(
        r.fields.adds_up for r in records if r.fields.check and r is not calls and r.fields.check.ok
    )
