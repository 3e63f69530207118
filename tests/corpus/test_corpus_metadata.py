"""Detected metadata of every shipped paper against the corpus ground truth.

Each paper in corpus/papers goes through the real reader
(``ingest.pipeline.parse_file(path, enrich=False)``) and its Document's board,
boroughs (as a set), period, doc_type and synthetic flag must equal the
``metadata`` block of ``corpus/truth/<file>.truth.json``. Titles are compared
loosely: every word of the truth title must appear in the detected title (case
folded), because a detected title may carry extra words (a council's name kept
as a prefix, a subtitle) that the truth leaves out.

A second pass hides the file's own Title/Subject/Keywords and its file name,
so only the page text speaks: a paper uploaded without metadata must still be
placed right (the title is not compared there: the page text lays a title out
over several lines and the truth spells it as the Title field does).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.metadata import _detect
from ingest.pipeline import METADATA_PAGES

from ..helpers import CORPUS_PAPERS, corpus_files, corpus_truth

PAPER_FILES = corpus_files()  # the shipped real papers and the synthetic fixtures
FIELDS = ("board", "period", "doc_type", "synthetic")

pytestmark = pytest.mark.real


def _truth(paper: Path) -> dict[str, object]:
    data = json.loads(corpus_truth(paper.name).read_text(encoding="utf-8"))
    return data["metadata"]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _differences(found: dict[str, object], truth: dict[str, object]) -> list[str]:
    wrong = [f"{k}: {found[k]!r} != {truth[k]!r}" for k in FIELDS if found[k] != truth[k]]
    if set(found["boroughs"]) != set(truth["boroughs"]):
        wrong.append(f"boroughs: {sorted(found['boroughs'])} != {sorted(truth['boroughs'])}")
    return wrong


def test_corpus_is_there() -> None:
    # 11 built (1 real, 10 synthetic) + 9 real inspections
    assert len(PAPER_FILES) == 20, CORPUS_PAPERS
    # the shipped library is the ten real papers; the synthetic ones are test fixtures
    shipped = [p.name for p in CORPUS_PAPERS.iterdir()]
    assert len(shipped) == 10 and not [n for n in shipped if "synthetic" in n], shipped
    missing = [p.name for p in PAPER_FILES if not corpus_truth(p.name).exists()]
    assert not missing, f"papers without truth: {missing}"


@pytest.mark.parametrize("paper", PAPER_FILES, ids=lambda p: p.name)
def test_metadata_matches_truth(parse_once, paper: Path) -> None:
    doc = parse_once(paper).document
    truth = _truth(paper)
    found = {k: getattr(doc, k) for k in (*FIELDS, "boroughs")}
    assert not _differences(found, truth), (paper.name, _differences(found, truth))
    missing = _words(str(truth["title"])) - _words(doc.title)
    assert not missing, f"{paper.name}: title {doc.title!r} lacks {sorted(missing)}"
    if "date" in truth:  # the real inspections: the last day of the inspection
        assert doc.date == truth["date"], paper.name


@pytest.mark.parametrize("paper", PAPER_FILES, ids=lambda p: p.name)
def test_metadata_from_page_text_alone(parse_once, paper: Path) -> None:
    parsed = parse_once(paper)
    head = "\n".join(p.raw_text for p in parsed.pages[:METADATA_PAGES])
    meta = _detect(Path(f"upload{paper.suffix}"), head, "", None)
    found = {k: getattr(meta, k) for k in (*FIELDS, "boroughs")}
    wrong = _differences(found, _truth(paper))
    assert not wrong, (paper.name, wrong)
