"""Detected section headings against the corpus ground truth (corpus/truth/*.truth.json).

For every PDF paper in corpus/papers the headings the reader finds (title, full
path and first page) are compared with the truth's ``sections``. Titles are
compared after folding case, punctuation and dashes, so "Services – risks" and
"Services - risks" match. Precision and recall are printed per paper (run with
``-s``) and asserted per paper and over the whole corpus.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.model import ParsedDocument

from ..helpers import corpus_files, corpus_truth

PDFS = sorted(
    p
    for p in corpus_files((".pdf",))
    if corpus_truth(p.name).exists()
    # the copied Ofsted reports' truth lists no headings (their "annotated" says what it covers)
    and "sections" in json.loads(corpus_truth(p.name).read_text(encoding="utf-8"))
)

Key = tuple[tuple[str, ...], int]  # (normalised heading path, first page)


def _norm(title: str) -> str:
    return re.sub(r"[\W_]+", " ", title.lower()).strip()


def _truth(paper: Path) -> set[Key]:
    data = json.loads(corpus_truth(paper.name).read_text(encoding="utf-8"))
    return {(tuple(_norm(t) for t in s["path"]), int(s["page"])) for s in data["sections"]}


def _found(parsed: ParsedDocument) -> frozenset[Key]:
    """The headings the reader and structure.build found in the parsed paper."""
    return frozenset((tuple(_norm(t) for t in s.path), s.page_start) for s in parsed.sections)


def _scores(found: set[Key], truth: set[Key]) -> tuple[float, float]:
    hit = len(found & truth)
    return hit / max(len(found), 1), hit / max(len(truth), 1)


def _titles(keys: set[Key]) -> set[tuple[str, int]]:
    return {(path[-1], page) for path, page in keys}


pytestmark = pytest.mark.real


def test_the_corpus_has_pdfs_with_truth() -> None:
    assert PDFS, (
        "corpus/papers and corpus/fixtures/papers have no PDFs with ground truth beside them; "
        "the corpus ships with them"
    )


@pytest.mark.parametrize("paper", PDFS, ids=[p.name for p in PDFS])
def test_headings_match_truth(parse_once, paper: Path) -> None:
    truth = _truth(paper)
    found = set(_found(parse_once(paper)))
    p_title, r_title = _scores(_titles(found), _titles(truth))
    p_path, r_path = _scores(found, truth)
    print(
        f"{paper.name}: titles+pages P={p_title:.2f} R={r_title:.2f}; "
        f"full paths P={p_path:.2f} R={r_path:.2f} ({len(found)} found, {len(truth)} true)"
    )
    missing = sorted(_titles(truth) - _titles(found), key=lambda k: k[1])
    extra = sorted(_titles(found) - _titles(truth), key=lambda k: k[1])
    assert r_title >= 0.9, f"missed headings: {missing}"
    assert p_title >= 0.9, f"headings not in the truth: {extra}"
    assert r_path >= 0.8 and p_path >= 0.8, "headings nest under the wrong parents"


def test_cover_lines_are_never_sections(parse_once) -> None:
    """Cover titles, dates and "Label: value" lines: never a section, never a parent."""
    for paper in PDFS:
        found = _found(parse_once(paper))
        first_level = {path[0] for path, _ in found}
        cover_only = {path[0] for path, page in found if page == 1}
        assert not cover_only - {p[0] for p, _ in _truth(paper)}, paper.name
        assert not any(re.match(r"^[a-z ]+ (date|published|inspector)\b", t) for t in first_level)


def test_corpus_precision_recall(parse_once) -> None:
    found: set[tuple[str, tuple[str, int]]] = set()
    truth: set[tuple[str, tuple[str, int]]] = set()
    for paper in PDFS:
        found |= {(paper.name, k) for k in _titles(set(_found(parse_once(paper))))}
        truth |= {(paper.name, k) for k in _titles(_truth(paper))}
    hit = len(found & truth)
    precision, recall = hit / max(len(found), 1), hit / max(len(truth), 1)
    print(f"corpus headings: P={precision:.3f} R={recall:.3f} ({hit}/{len(found)}/{len(truth)})")
    assert precision >= 0.95 and recall >= 0.95
