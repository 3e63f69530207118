"""The extracted kinds (ingest/extract/): one registry built from the kind modules, and
what happens when an extractor crashes (a partial document for people, a failed test here)."""

from __future__ import annotations

import importlib
import os
import textwrap

import pytest

from ingest import extract, settings
from ingest.errors import RecordError, UsageError
from ingest.extract import Kind
from ingest.extract.glossary import Acronym
from ingest.pipeline import ingest_paths, parse_file
from ingest.settings import IngestSettings
from ui.cli import build_parser

from ...helpers import ROOT, child_env


def _boom(parsed):
    raise RuntimeError("a deliberate crash")


BOOM = Kind(name="boom", records=(Acronym,), finds="booms", order=99, extract=_boom)


def _paper(tmp_path):
    paper = tmp_path / "paper.txt"
    text = "Offenders are managed through Multi-Agency Public Protection Arrangements (MAPPA).\n"
    paper.write_text(text, encoding="utf-8")
    return paper


FIRST_KINDS = ["stocktake", "figures", "entities", "recommendations", "glossary", "themes"]


def test_the_kinds_come_from_their_modules_in_extractor_order() -> None:
    """Every module of ingest/extract/ but base.py declares one kind; none is listed elsewhere."""
    names = [k.name for k in extract.KINDS]
    assert [n for n in names if n in FIRST_KINDS] == FIRST_KINDS  # the order they ran in
    assert [k.order for k in extract.KINDS] == sorted(k.order for k in extract.KINDS)
    modules = sorted(p.stem for p in (ROOT / "ingest" / "extract").glob("*.py"))
    assert sorted(names) == [m for m in modules if m not in ("__init__", "base")]
    for k in extract.KINDS:
        assert k is importlib.import_module(f"ingest.extract.{k.name}").KIND
    with pytest.raises(UsageError, match="the kinds are stocktake, figures"):
        extract.kind("stocktakes")  # a typo


def test_export_choices_and_the_enrich_setting_list_the_registry() -> None:
    choices = build_parser()._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    what = next(a for a in choices._actions if a.dest == "what")
    assert what.choices == ("documents", "tables", *extract.export_choices())
    assert "glossary (acronyms)" in what.help
    meaning = settings.VARIABLES[settings.ENRICH].shown_meaning()
    found = [k.finds for k in extract.KINDS if k.extract is not None]
    assert meaning == f"0 skips {', '.join(found[:-1])} and {found[-1]} (faster; used by tests)"
    assert meaning.startswith("0 skips stock-take rows, figures, entities, recommendations")


def test_a_crashing_extractor_leaves_a_partial_document_for_people(tmp_path, monkeypatch) -> None:
    """Outside strict mode (every ingest people run) the other kinds' records are kept and
    the document is stored as partial, saying which step failed."""
    monkeypatch.setattr(extract, "KINDS", (*extract.KINDS, BOOM))
    monkeypatch.setattr(extract, "_strict", False)
    parsed = parse_file(_paper(tmp_path))
    assert parsed.document.status == "partial"
    assert "boom step failed: RuntimeError: a deliberate crash" in parsed.document.message
    assert any(r.kind == "acronym" for r in parsed.records)  # the glossary still ran
    (result,) = ingest_paths(
        [tmp_path / "paper.txt"], tmp_path / "data", settings=IngestSettings(workers=1)
    )
    assert result.outcome == "ingested" and "boom step failed" in result.message


def test_in_strict_mode_a_crashing_extractor_raises(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(extract, "KINDS", (BOOM,))
    with pytest.raises(RuntimeError, match="a deliberate crash") as info:
        parse_file(_paper(tmp_path))
    assert any("the boom extractor failed on" in note for note in info.value.__notes__)


def test_strict_mode_refuses_records_of_a_class_the_kind_does_not_declare(
    tmp_path, monkeypatch
) -> None:
    from ingest.extract import glossary

    liar = Kind(name="liar", records=(extract.REGISTRY["theme"],), finds="", order=1,
                extract=glossary.extract)  # fmt: skip
    monkeypatch.setattr(extract, "KINDS", (liar,))
    with pytest.raises(RecordError, match="made a Acronym record"):
        parse_file(_paper(tmp_path))


CRASHING_TEST = """
from ingest import extract
from ingest.extract import Kind
from ingest.extract.glossary import Acronym
from ingest.pipeline import parse_file
{strict}

def boom(parsed):
    raise RuntimeError("a deliberate crash")


def test_ingest_a_paper(tmp_path, monkeypatch):
    kind = Kind(name="boom", records=(Acronym,), finds="booms", order=99, extract=boom)
    monkeypatch.setattr(extract, "KINDS", (kind,))
    paper = tmp_path / "paper.txt"
    paper.write_text("The Board met six times.", encoding="utf-8")
    assert parse_file(paper).document.status == "partial"
"""


@pytest.mark.slow
def test_a_crashing_extractor_fails_the_test_run(pytester, monkeypatch) -> None:
    """The same test of a crashing extractor, run as a session of its own: it passes on
    its own (the document is partial), and fails with this suite's strict-mode fixture."""
    pythonpath = child_env().get("PYTHONPATH", "")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), pythonpath]))
    strict = "from tests.conftest import strict_extractors  # noqa: F401"
    pytester.makepyfile(test_lenient=textwrap.dedent(CRASHING_TEST.format(strict="")))
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
    pytester.makepyfile(test_lenient="")
    pytester.makepyfile(test_strict=textwrap.dedent(CRASHING_TEST.format(strict=strict)))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*RuntimeError: a deliberate crash*"])
