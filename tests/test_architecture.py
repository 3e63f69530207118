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
