"""Crash safety: `boardsearch ingest` killed with SIGKILL leaves a usable, consistent store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from ingest.store import Store

from ..helpers import make_pdf

pytestmark = pytest.mark.real


def folder_of_papers(folder, n=12):
    folder.mkdir()
    for i in range(n):
        pages = [
            [
                f"# Board paper {i} page {p}",
                *(f"Line {k} about safeguarding training {i}" for k in range(25)),
            ]
            for p in range(6)
        ]
        make_pdf(folder / f"paper-{i:02d}.pdf", pages)
    return folder


def consistent(data_dir) -> set[str]:
    """Every stored document is complete: all its pages and passages are there."""
    with Store(data_dir) as store:
        docs = store.documents()
        for doc in docs:
            assert len(store.pages(doc.id)) == doc.pages
            assert any(True for _ in store.passages([doc.id]))
            assert store.paths(doc.id)
        return {d.id for d in docs}


@pytest.mark.parametrize("delay", [0.8, 2.0, 3.5])
def test_sigkill_during_ingest_then_rerun_completes(tmp_path, delay):
    papers = folder_of_papers(tmp_path / "papers")
    data = tmp_path / "data"
    cmd = [
        sys.executable,
        "-m",
        "ui.cli",
        "ingest",
        str(papers),
        "--data-dir",
        str(data),
        "--quiet",
        "--no-index",
        "--workers",
        "1",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    if (data / "boardsearch.sqlite").exists():
        with sqlite3.connect(data / "boardsearch.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        before = consistent(data)
    else:
        before = set()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    after = consistent(data)
    assert before <= after and len(after) == 12
