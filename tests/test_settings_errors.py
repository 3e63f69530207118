"""One home for settings (ingest/settings.py) and one error hierarchy (ingest/errors.py)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, replace

import pytest

from index.settings import SearchSettings
from index.themes import ThemeError, find_theme
from ingest import datafiles, errors, nlp, settings
from ingest.config import default_data_dir
from ingest.themes import ThemesFileError, load_themes
from ui.cli import main

from .helpers import ROOT

VARIABLE = re.compile(r"BOARDSEARCH_[A-Z0-9_]+")


def _pair(setting: settings.Setting) -> tuple[object, str]:
    return setting.value, setting.source


def _mentioned(*folders: str) -> set[str]:
    found: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            found.update(VARIABLE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_variable_the_code_reads_is_in_the_settings_module_and_the_readme() -> None:
    in_code = _mentioned("ingest", "index", "ui", "tests")
    assert in_code - set(settings.VARIABLES) == set()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = {m for m in VARIABLE.findall(readme) if f"| `{m}`" in readme}
    assert set(settings.VARIABLES) - table == set()


def test_a_value_comes_from_the_option_else_the_environment_else_the_default(
    monkeypatch, tmp_path
) -> None:
    monkeypatch.delenv(settings.RRF_K, raising=False)
    assert _pair(settings.resolve(settings.RRF_K)) == (60, "default")
    monkeypatch.setenv(settings.RRF_K, "30")
    assert _pair(settings.resolve(settings.RRF_K)) == (30, "environment")
    assert SearchSettings.from_env().rrf_k == 30
    assert SearchSettings.from_env(rrf_k=5).rrf_k == 5
    assert _pair(settings.resolve(settings.RRF_K, option=7)) == (7, "option")
    monkeypatch.setenv(settings.DATA, str(tmp_path / "here"))
    assert default_data_dir() == tmp_path / "here"
    monkeypatch.setenv(settings.SPACY_MODEL, "  en_core_web_md ")
    assert nlp.model_name() == "en_core_web_md"


def test_a_bad_value_is_a_settings_error_naming_the_variable(monkeypatch, capsys) -> None:
    monkeypatch.setenv(settings.EMBED_BATCH, "lots")
    with pytest.raises(errors.SettingsError, match="BOARDSEARCH_EMBED_BATCH='lots'"):
        SearchSettings.from_env()
    monkeypatch.setenv(settings.BF16, "maybe")
    monkeypatch.delenv(settings.EMBED_BATCH)
    assert main(["settings"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "BOARDSEARCH_BF16='maybe'" in err and "auto" in err


def test_settings_command_says_where_each_value_came_from(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setenv(settings.WORKERS, "3")
    monkeypatch.delenv(settings.MAX_FILE_MB, raising=False)
    assert main(["settings", "--json", "--data-dir", str(tmp_path)]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == set(settings.VARIABLES)
    assert (rows[settings.WORKERS]["value"], rows[settings.WORKERS]["source"]) == (
        "3",
        "environment",
    )
    assert rows[settings.MAX_FILE_MB]["source"] == "default"
    assert (rows[settings.DATA]["value"], rows[settings.DATA]["source"]) == (
        str(tmp_path),
        "option",
    )
    assert main(["settings"]) == 0
    assert "BOARDSEARCH_WORKERS" in capsys.readouterr().out


def test_data_file_and_theme_errors_are_boardsearch_errors_and_still_value_errors(
    tmp_path,
) -> None:
    broken = tmp_path / "themes.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ThemesFileError) as info:
        load_themes(broken)
    assert isinstance(info.value, errors.BoardsearchError) and isinstance(info.value, ValueError)
    assert info.value.kind == "data file" and info.value.exit_code == 3
    with pytest.raises(errors.UsageError):
        find_theme("Neglekt and nothing else")
    assert issubclass(ThemeError, errors.BoardsearchError)
    assert issubclass(nlp.DataFileError, errors.BoardsearchError)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.DataFileError("ingest/data/places.json: line 3\nis broken"), 3),
        (errors.UsageError("'Neglekt' is not a theme"), 2),
        (errors.StoreError("/d: cannot open the boardsearch database"), 1),
        (errors.DamagedFile("/d/a.pdf", "truncated"), 1),
    ],
)
def test_the_cli_turns_every_boardsearch_error_into_one_line_and_its_exit_code(
    monkeypatch, capsys, error, code
) -> None:
    def fail(*_args):
        raise error

    monkeypatch.setitem(main.__globals__["COMMANDS"], "status", fail)
    assert main(["status"]) == code
    err = capsys.readouterr().err
    assert err.startswith("boardsearch: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "cannot read the agencies file"),
        ("[1, 2]", "should hold a JSON object, not list"),
        ('{"agencies": {"canonical": "Police"}}', "'agencies' should be a list"),
        ('{"agencies": [{"canonical": "Police", "type": ""}]}', "agency #0 lacks type"),
        ('{"agencies": [], "places": [{"aliases": ["RBKC"]}]}', "place #0 lacks canonical"),
    ],
)
def test_one_data_file_reader_names_the_file_and_the_problem(tmp_path, text, problem) -> None:
    path = tmp_path / "agencies.json"
    path.write_text(text, encoding="utf-8")
    datafiles.load_agencies.cache_clear()
    try:
        with pytest.raises(errors.DataFileError, match=re.escape(problem)) as info:
            datafiles.load_agencies(path)
    finally:
        datafiles.load_agencies.cache_clear()
    assert str(info.value).startswith(f"{path}: ")


def test_the_shipped_data_files_load() -> None:
    assert load_themes()  # not empty, every entry checked
    assert datafiles.agency_index()


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"BOARDSEARCH_WORKERS": "3", "BOARDSEARCH_MAX_FILE_MB": "7", "BOARDSEARCH_ENRICH": "0"},
        {"BOARDSEARCH_WORKERS": "0", "BOARDSEARCH_OCR": "1", "BOARDSEARCH_OCR_TIMEOUT": "42"},
    ],
)
def test_ingest_settings_equal_the_pipelines_own_reading(monkeypatch, env) -> None:
    from ingest.pipeline import Settings

    for name in (settings.WORKERS, settings.MAX_FILE_MB, settings.ENRICH, settings.OCR):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(settings.OCR_TIMEOUT, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    ingest = settings.IngestSettings
    assert asdict(ingest.from_env()) == asdict(Settings.from_env())
    assert asdict(ingest.from_env(5, ocr=True)) == asdict(replace(Settings.from_env(5), ocr=True))


def test_a_bad_ingest_setting_stops_ingest_with_one_line(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setenv(settings.MAX_FILE_MB, "big")
    assert main(["ingest", str(tmp_path), "--data-dir", str(tmp_path / "d"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "BOARDSEARCH_MAX_FILE_MB='big'" in err


def test_every_error_class_is_declared_in_errors_py_and_listed_in_its_table() -> None:
    """A class of error outside ingest/errors.py would be outside its table (issue 21)."""
    import ast
    import inspect

    declared = {
        name
        for name, cls in vars(errors).items()
        if inspect.isclass(cls) and issubclass(cls, BaseException)
    }
    error_bases = declared | {"Exception", "ValueError", "RuntimeError", "OSError"}
    outside = []
    for package in ("ingest", "index", "ui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "ingest" / "errors.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                bases = {
                    getattr(b, "id", getattr(b, "attr", "")) for b in getattr(node, "bases", [])
                }
                if isinstance(node, ast.ClassDef) and bases & error_bases:
                    outside.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert outside == []
    table = errors.__doc__ or ""
    unlisted = sorted(n for n in declared if n not in table and n not in {"Exception"})
    assert unlisted == []
    assert all(issubclass(getattr(errors, n), errors.BoardsearchError) for n in declared)


def test_a_corrupt_keyword_manifest_is_a_search_index_error(tmp_path) -> None:
    from index.bm25 import DIR_NAME, MANIFEST, LargeKeywordIndex

    (tmp_path / DIR_NAME).mkdir()
    (tmp_path / DIR_NAME / MANIFEST).write_text("{half", encoding="utf-8")
    with pytest.raises(errors.SearchIndexError, match="unreadable keyword manifest"):
        LargeKeywordIndex(tmp_path).doc_count()
