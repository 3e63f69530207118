"""The layering rules of ARCHITECTURE.md, checked on the source: each engine behind one adapter."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "index", "ui")


def imports() -> dict[str, set[str]]:
    """module path -> top-level names it imports (anywhere in the file)."""
    out: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            names: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module.split(".")[0])
            out[str(path.relative_to(ROOT))] = names
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
    """ARCHITECTURE.md is the map: each top-level module of ingest/, index/ and ui/ is on it."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [  # the modules of ingest's and index's packages (pdf/, metadata/) too
        path.relative_to(ROOT)
        for package, pattern in (("ingest", "**/*.py"), ("index", "**/*.py"), ("ui", "*.py"))
        for path in sorted((ROOT / package).glob(pattern))
        if path.name != "__init__.py"
    ]
    assert [str(m) for m in modules if m.name not in text] == []
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


# -- settings: one module reads the environment, and only when a value is used ------------
def test_only_the_settings_module_reads_or_writes_the_environment():
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "ingest" / "settings.py":
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
