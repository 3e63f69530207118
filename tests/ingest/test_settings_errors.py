"""One home for settings (ingest/settings.py) and one error hierarchy (ingest/errors.py)."""

from __future__ import annotations

import json
import re
from dataclasses import fields, replace

import pytest

from index.themes import ThemeError, find_theme
from ingest import datafiles, errors, nlp, settings
from ingest.config import default_data_dir
from ingest.settings import IngestSettings, ModelSettings, SearchSettings, Settings
from ingest.themes import ThemesFileError, load_themes
from ui.cli import main

from ..helpers import ROOT

VARIABLE = re.compile(r"BOARDSEARCH_[A-Z0-9_]+")


def _pair(setting: settings.Setting) -> tuple[object, str]:
    return setting.value, setting.source


def _mentioned(*folders: str) -> set[str]:
    found: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            found.update(VARIABLE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_variable_the_code_reads_is_in_the_settings_module() -> None:
    in_code = _mentioned("ingest", "index", "ui", "tests")
    assert in_code - set(settings.VARIABLES) == set()


def test_the_readme_settings_table_lists_exactly_the_modules_variables() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `(BOARDSEARCH_[A-Z0-9_]+)` \|", readme, flags=re.MULTILINE)
    assert len(table) == len(set(table))  # each once
    assert set(table) == set(settings.VARIABLES)


def test_every_field_of_every_section_names_its_variable_once() -> None:
    names = [f.name for section in settings.SECTIONS.values() for f in fields(section)]
    assert len(names) == len(set(names))  # Settings.of(name=...) finds one field
    variables = [
        f.metadata["variable"].name
        for section in settings.SECTIONS.values()
        for f in fields(section)
    ]
    assert len(variables) == len(set(variables)) == len(settings.VARIABLES)
    for var in settings.VARIABLES.values():
        assert var.accepts() and var.shown_meaning(), var.name


def test_settings_of_and_replace_take_any_sections_fields_by_name(monkeypatch) -> None:
    monkeypatch.setenv(settings.RRF_K, "30")
    chosen = Settings.of(model="hash-256", rrf_k=7, workers=1)
    assert (chosen.models.model, chosen.search.rrf_k, chosen.ingest.workers) == ("hash-256", 7, 1)
    assert Settings.of().search.rrf_k == 60  # the defaults: the environment unread
    assert chosen.replace(theme_gate=3).search.theme_gate == 3
    assert chosen.replace(theme_gate=3).models == chosen.models
    assert Settings.from_env(progress=False).search.rrf_k == 30
    assert Settings.from_env(progress=False).models.progress is False
    assert chosen.values()["rrf_k"] == 7
    with pytest.raises(TypeError, match="no setting called 'wieght'"):
        Settings.of(wieght=1)
    with pytest.raises(TypeError):
        SearchSettings.from_env(model="hash-256")  # a field of another section


def test_a_meaning_may_be_computed_when_it_is_shown(monkeypatch, capsys) -> None:
    """ENRICH's meaning will be built from the record-kind registry: a Variable's meaning
    may be a function, asked each time the meaning is shown."""
    asked = []

    def meaning() -> str:
        asked.append(1)
        return "0 skips every kind the registry lists"

    computed = replace(settings.VARIABLES[settings.ENRICH], meaning=meaning)
    monkeypatch.setitem(settings.VARIABLES, settings.ENRICH, computed)
    assert asked == []
    assert main(["settings"]) == 0
    assert "0 skips every kind the registry lists" in capsys.readouterr().out
    assert asked == [1]


def test_the_environment_helpers(monkeypatch) -> None:
    monkeypatch.setenv("PYTHONPATH", "/here")
    monkeypatch.delenv(settings.BF16, raising=False)
    assert settings.cluster_worker_env()["PYTHONPATH"] == "/here"
    assert settings.BF16 not in settings.cluster_worker_env()
    env = settings.subprocess_env(OMP_THREAD_LIMIT="1")
    assert env["OMP_THREAD_LIMIT"] == "1" and env["PYTHONPATH"] == "/here"
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not settings.has_display()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert settings.has_display()


def test_a_value_comes_from_the_option_else_the_environment_else_the_default(
    monkeypatch, tmp_path
) -> None:
    monkeypatch.delenv(settings.RRF_K, raising=False)
    assert _pair(settings.resolve(settings.RRF_K)) == (60, "default")
    monkeypatch.setenv(settings.RRF_K, "30")
    assert _pair(settings.resolve(settings.RRF_K)) == (30, "environment")
    assert SearchSettings.from_env().rrf_k == 30
    assert SearchSettings.from_env(rrf_k=5).rrf_k == 5
    assert Settings.from_env().search.rrf_k == 30
    assert _pair(settings.resolve(settings.RRF_K, option=7)) == (7, "option")
    monkeypatch.setenv(settings.DATA, str(tmp_path / "here"))
    assert default_data_dir() == tmp_path / "here"
    monkeypatch.setenv(settings.SPACY_MODEL, "  en_core_web_md ")
    assert nlp.model_name() == "en_core_web_md"


def test_a_bad_value_is_a_settings_error_naming_the_variable(monkeypatch, capsys) -> None:
    monkeypatch.setenv(settings.EMBED_BATCH, "lots")
    with pytest.raises(errors.SettingsError, match="BOARDSEARCH_EMBED_BATCH='lots'"):
        ModelSettings.from_env()
    with pytest.raises(errors.SettingsError, match="BOARDSEARCH_EMBED_BATCH='lots'"):
        Settings.from_env()
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
    assert rows[settings.WORKERS]["section"] == "ingest"
    assert rows[settings.THEME_GATE]["section"] == "search"
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
    out = capsys.readouterr().out
    assert "BOARDSEARCH_WORKERS" in out
    assert [line for line in out.splitlines() if line.startswith("[")] == [
        f"[{section}]" for section in settings.SECTIONS
    ]


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
    ("env", "want"),
    [
        ({}, {"max_file_mb": 200, "enrich": True, "ocr": False, "ocr_timeout_s": 900}),
        (
            {"BOARDSEARCH_WORKERS": "3", "BOARDSEARCH_MAX_FILE_MB": "7", "BOARDSEARCH_ENRICH": "0"},
            {"workers": 3, "max_file_mb": 7, "enrich": False},
        ),
        (
            {"BOARDSEARCH_WORKERS": "0", "BOARDSEARCH_OCR": "1", "BOARDSEARCH_OCR_TIMEOUT": "42"},
            {"workers": settings.auto_workers(), "ocr": True, "ocr_timeout_s": 42},
        ),
    ],
)
def test_ingest_settings_read_the_environment_and_the_options(monkeypatch, env, want) -> None:
    for var in IngestSettings.variables().values():
        monkeypatch.delenv(var.name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    chosen = IngestSettings.from_env()
    assert {k: getattr(chosen, k) for k in want} == want
    # the command line's options: 5 workers wins; --ocr turns OCR on; no --ocr leaves it
    assert IngestSettings.from_env(5, ocr=True).workers == 5
    assert IngestSettings.from_env(5, ocr=True).ocr is True
    assert IngestSettings.from_env(0, ocr=False).ocr is chosen.ocr
    assert IngestSettings.from_env(cluster=" auto ").cluster == "auto"


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
