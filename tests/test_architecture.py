"""The layering rules of ARCHITECTURE.md, checked on the source: each engine behind one adapter."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from .helpers import ROOT

PACKAGES = ("ingest", "index", "ui")


@cache
def imports() -> dict[str, frozenset[str]]:
    """module path -> top-level names it imports (anywhere in the file); parsed once, as
    every check below asks again."""
    out: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            names: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module.split(".")[0])
            out[str(path.relative_to(ROOT))] = frozenset(names)
    return out


def importers(name: str) -> list[str]:
    return sorted(m for m, names in imports().items() if name in names)


def test_imports_flow_one_way():
    for module, names in imports().items():
        if module.startswith("ingest/"):
            assert not names & {"index", "ui"}, module
        if module.startswith("index/"):
            assert "ui" not in names, module


def test_each_engine_has_one_adapter():
    assert importers("pdfplumber") == ["ingest/pdf/reader.py"]
    assert all(m.startswith("ingest/pdf/") for m in importers("pdfminer"))
    assert importers("spacy") == ["ingest/nlp.py"]
    assert importers("sentence_transformers") == ["index/embed.py"]
    assert all(m.startswith("index/") for m in importers("whoosh"))
    assert all(m.startswith("index/embed.py") for m in importers("torch"))


def test_architecture_md_names_every_module():
    """ARCHITECTURE.md is the map: each top-level module of ingest/, index/ and ui/ is on it.

    The modules of ingest/extract/ that declare a kind are the exception: the registry lists
    them (``boardsearch export --help``), so a new kind does not have to be added here too.
    """
    from ingest import extract

    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    kinds = {f"ingest/extract/{k.name}.py" for k in extract.KINDS}
    modules = [  # the modules of ingest's and index's packages (pdf/, metadata/) too
        path.relative_to(ROOT)
        for package, pattern in (("ingest", "**/*.py"), ("index", "**/*.py"), ("ui", "*.py"))
        for path in sorted((ROOT / package).glob(pattern))
        if path.name != "__init__.py" and str(path.relative_to(ROOT)) not in kinds
    ]
    assert [str(m) for m in modules if m.name not in text] == []
    assert "extract/" in text  # the package itself is on the map
    assert "screens/" in text and "pages/ (Streamlit)" not in text  # ui/pages became ui/screens
    assert "`./data`" not in text  # the default data folder is the XDG one


MAX_FUNCTION_LINES = 60  # issue 13: a function longer than a screen hides more than one job


def test_no_function_in_ingest_or_index_is_over_sixty_lines():
    long = []
    for package in ("ingest", "index"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines = node.end_lineno - node.lineno + 1
                    if lines > MAX_FUNCTION_LINES:
                        long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines})")
    assert long == []


# -- the door rule: ui/ reaches data through the public API of index and ingest only -------
# A module maps to the names ui/ may import from it; ANY: every public name. `index` and
# `ingest` themselves declare their public API in their __init__'s __all__.
ANY = None
UI_MAY_IMPORT: dict[str, frozenset[str] | None] = {
    "ingest.model": ANY,  # the shared data model
    "ingest.errors": ANY,  # the one error hierarchy
    "ingest.settings": ANY,  # every setting, in sections
    "ingest.config": ANY,  # the data folder and the corpus
    "ingest.store": frozenset({"Store", "has_data", "no_data_message"}),
    "ingest.pipeline": frozenset({"ingest_paths"}),
    "ingest.access": ANY,  # collections, users, sign-in and the audit (restricted papers)
    "ingest.viewer": ANY,  # who is reading
    "ingest.extract": ANY,  # the record-kind registry (fields, exports, display), if present
}


def _public_api(package: str) -> frozenset[str]:
    import importlib

    return frozenset(importlib.import_module(package).__all__)


def _is_record_class(module: str, name: str) -> bool:
    """Whether `name` in the kind module `module` is one of its record classes (the typed
    fields a screen reads), not its extractor or helpers."""
    import importlib

    from ingest.model import RecordFields

    value = getattr(importlib.import_module(module), name, None)
    return isinstance(value, type) and issubclass(value, RecordFields)


def _allowed(module: str, name: str) -> bool:
    """May ui/ say `from module import name`?"""
    if module in ("index", "ingest"):
        return name in _public_api(module) or f"{module}.{name}" in UI_MAY_IMPORT
    if module.startswith("ingest.extract."):  # a kind's module: its record classes only
        return _is_record_class(module, name)
    if module not in UI_MAY_IMPORT:
        return False
    names = UI_MAY_IMPORT[module]
    return not name.startswith("_") and (names is ANY or name in names)


def _door_violations(text: str, where: str) -> list[str]:
    """Imports of index/ingest names outside the public API, and attributes of a plainly
    imported `index` or `ingest` outside their __all__ (index.sync is fine, index.search.X
    is not), in the source `text` of the file `where`."""
    tree = ast.parse(text)
    bad: list[str] = []
    plain: set[str] = set()  # `import index` / `import ingest`
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in ("index", "ingest"):
                for alias in node.names:
                    if not _allowed(node.module, alias.name):
                        bad.append(f"{where}:{node.lineno} from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in ("index", "ingest"):
                    plain.add(alias.name)
                elif alias.name.split(".")[0] in ("index", "ingest"):
                    if alias.name not in UI_MAY_IMPORT:
                        bad.append(f"{where}:{node.lineno} import {alias.name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in plain
            and node.attr not in _public_api(node.value.id)
        ):
            bad.append(f"{where}:{node.lineno} {node.value.id}.{node.attr}")
    return bad


def test_the_ui_reaches_index_and_ingest_only_through_their_public_api():
    bad = [
        v
        for path in sorted((ROOT / "ui").rglob("*.py"))
        for v in _door_violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert bad == []


@pytest.mark.parametrize(
    "text",
    [
        "from index.catalog import FACETS\n",
        "from index.search import MATCH_WORDS\n",
        "import index.vectors\n",
        "import index\nindex.models.install()\n",
        "from index import models\n",
        "from ingest.store import db_path\n",
        "from ingest import recommendations\n",
        "from ingest.pipeline import discover\n",
    ],
)
def test_the_door_check_catches_an_internal_import(text):
    assert _door_violations(text, "ui/probe.py")


@pytest.mark.parametrize(
    "text",
    [
        "from index import FACETS, Filters, search\n",
        "import index\nindex.sync(folder)\n",
        "from ingest import settings, ingest_paths\n",
        "from ingest.store import Store\n",
        "from ingest.settings import IngestSettings\n",
    ],
)
def test_the_door_check_lets_the_public_api_through(text):
    assert _door_violations(text, "ui/probe.py") == []


def test_every_name_in_the_public_apis_exists():
    import importlib

    for package in ("index", "ingest"):
        module = importlib.import_module(package)
        assert [n for n in module.__all__ if not hasattr(module, n)] == [], package


# -- settings: one module reads the environment, and only when a value is used ------------
def test_only_the_settings_module_reads_or_writes_the_environment():
    """Nor do the tests, the evaluations and the benchmarks: they set a variable for a
    program they start with tests/helpers.py child_env (ingest.settings.subprocess_env),
    for themselves with monkeypatch."""
    found = []
    for package in (*PACKAGES, "tests"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path in (ROOT / "ingest" / "settings.py", ROOT / "tests" / "test_architecture.py"):
                continue
            text = path.read_text(encoding="utf-8")
            for needle in ("os.environ", "getenv(", "putenv(", "unsetenv("):
                if needle in text:
                    found.append(f"{path.relative_to(ROOT)}: {needle}")
    assert found == []


SETTINGS_MODULE_NAMES = {"settings", "env_settings"}  # how modules name ingest.settings


def _reads_a_setting(call: ast.Call) -> bool:
    """settings.get / resolve / in_force(...), or any section's from_env(...)."""
    fn = call.func
    if not isinstance(fn, ast.Attribute):
        return False
    if fn.attr == "from_env":
        return True
    owner = fn.value
    return (
        fn.attr in ("get", "resolve", "in_force")
        and isinstance(owner, ast.Name)
        and owner.id in SETTINGS_MODULE_NAMES
    )


def _module_level_calls(tree: ast.Module) -> list[ast.Call]:
    """Calls made when a module is imported: in its top-level statements and class bodies,
    not inside functions (decorators and default values included)."""
    calls: list[ast.Call] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            if not isinstance(node, ast.Lambda):
                for d in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                    if d is not None:
                        visit(d)
            return
        if isinstance(node, ast.Call):
            calls.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return calls


def test_no_setting_is_read_at_import_time():
    """bm25's large-library threshold, the vectors' ANN constants and the Upload page's
    limit were read when their modules were imported: a variable set later was ignored."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "ingest" / "settings.py":
                continue
            for call in _module_level_calls(ast.parse(path.read_text(encoding="utf-8"))):
                if _reads_a_setting(call):
                    found.append(f"{path.relative_to(ROOT)}:{call.lineno} {ast.unparse(call)}")
    assert found == []


# -- one class per name, no import circle ---------------------------------------------------
def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of ingest/, index/ and ui/."""
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


# Names two classes still share, each pair a rename not made yet; listed so that a new
# pair fails here (take a pair out once one of its classes is renamed).
SHARED_CLASS_NAMES = {
    "Line": ["ingest.extract.figures", "ingest.model"],  # an accounts row; a page's line
    "Section": ["ingest.model", "ingest.settings"],  # a document's section; a settings group
}


def test_one_class_per_name():
    where: dict[str, list[str]] = {}
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where.setdefault(node.name, []).append(module)
    assert {name: sorted(ms) for name, ms in where.items() if len(ms) > 1} == SHARED_CLASS_NAMES


def _imported_when_loaded(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of ours that `module` imports at its top level (imports inside functions
    are how a module defers one, so they are left out)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([node.module] if node.module else [])])
            names = {f"{base}.{a.name}" for a in node.names} & modules.keys()
            found |= names or {base}
    return (found & modules.keys()) - {module}


def test_no_import_circle():
    modules = _modules()
    graph = {m: _imported_when_loaded(m, p, modules) for m, p in modules.items()}
    circles: list[list[str]] = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        for other in sorted(graph[module]):
            if other in path:
                circles.append([*path[path.index(other) :], other])
            elif other not in done:
                visit(other, [*path, other])
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert circles == []
