"""Hardening: awkward file names, no network at run time, fuzzed parsers, a long PDF."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.metadata import parse_period
from ingest.pipeline import ingest_paths
from ingest.settings import IngestSettings
from ingest.store import Store

from ..helpers import SEED_PDF, make_pdf, need

ONE = IngestSettings(workers=1, enrich=False)


@pytest.mark.parametrize(
    "name",
    [
        "board paper with spaces.pdf",
        'quote\'s "double".pdf',
        "Réunion – procès‑verbal ü.pdf",
        "-starts-with-dash.pdf",
        "ends.with.dots..pdf",
    ],
)
def test_awkward_file_names(tmp_path, name):
    pdf = make_pdf(tmp_path / name, [["# Westminster LSCB minutes", "The Board met in May 2013."]])
    (result,) = ingest_paths([pdf], tmp_path / "data", settings=ONE)
    assert result.outcome == "ingested", result.message
    with Store(tmp_path / "data") as store:
        assert store.paths(result.doc_id) == [str(pdf.resolve())]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_period_parser_never_raises_and_answers_in_one_shape(text):
    period = parse_period(text)
    assert period is None or (len(period) == 7 and period[4] == "/")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1990, max_value=2040), st.sampled_from(["/", "-", "–", " to "]))
def test_period_forms_round_trip(year, sep):
    nxt = str(year + 1)
    expected = f"{year}/{nxt[2:]}"
    assert parse_period(f"Annual report {year}{sep}{nxt[2:]}") == expected
    assert parse_period(f"Annual report {year}{sep}{nxt}") == expected


@pytest.mark.real
def test_ingest_and_search_work_with_no_network(tmp_path):
    """The whole run (models included) works inside a network namespace with no interfaces."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"]).returncode:
        pytest.skip("cannot create a network namespace here (needs unshare and root)")
    need(SEED_PDF)
    data = tmp_path / "data"
    base = ["unshare", "-n", sys.executable, "-m", "ui.cli"]
    ingest = subprocess.run(
        [*base, "ingest", str(SEED_PDF), "--data-dir", str(data), "--quiet"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    search = subprocess.run(
        [*base, "search", "housing benefit changes", "--data-dir", str(data), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert search.returncode == 0, search.stderr[-2000:]
    hits = json.loads(search.stdout)["hits"]
    assert hits and all(h["page"] >= 1 for h in hits)


@pytest.mark.real
def test_500_page_pdf_ingests_within_the_memory_budget(tmp_path):
    lines = [f"Line {k}: the Board reviewed multi-agency training and audits." for k in range(30)]
    pages = [[f"# Section {p // 50 + 1}", *lines] if p % 50 == 0 else lines for p in range(500)]
    big = make_pdf(tmp_path / "long.pdf", pages)
    code = (
        "import resource, sys; from ingest.pipeline import ingest_paths;"
        "from ingest.settings import IngestSettings;"
        f"r = ingest_paths([{str(big)!r}], {str(tmp_path / 'data')!r}, settings=IngestSettings(1, enrich=False));"
        "print(r[0].outcome, r[0].pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1200)
    assert out.returncode == 0, out.stderr[-2000:]
    outcome, pages_read, rss_kb = out.stdout.split()
    assert (outcome, int(pages_read)) == ("ingested", 500)
    assert int(rss_kb) / 1024 < 2048  # the 2 GB budget
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
