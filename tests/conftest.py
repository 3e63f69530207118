"""Shared test fixtures and the test run's own options. Helper functions and paths live in
tests/helpers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest import extract

from . import helpers
from .helpers import build_ui_data

# tests/ingest/extract/test_extract.py runs a test session of its own
pytest_plugins = ("pytester",)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The second model (all-mpnet-base-v2) embeds every passage a second time at about a
# tenth of MiniLM's rate; real-tier tests use MiniLM alone unless they ask for it
# (tests/index/test_second_model.py does).
os.environ.setdefault("BOARDSEARCH_SECOND_MODEL", "off")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Knobs of longer test runs (settings of the tests, not of boardsearch)."""
    group = parser.getgroup("boardsearch", "boardsearch's longer test runs")
    group.addoption(
        "--fuzz-scale",
        type=int,
        default=1,
        metavar="N",
        help="try N times as many fuzz examples (tests/ingest/test_tables_fuzz.py, "
        "tests/index/test_query_fuzz.py; default 1)",
    )
    group.addoption(
        "--layout-cases",
        type=int,
        default=40,
        metavar="N",
        help="generated stock-take layouts the property test reads (tests/corpus/test_layouts.py; "
        "default 40)",
    )
    group.addoption(
        "--layout-start",
        type=int,
        default=1000,
        metavar="SEED",
        help="the first layout seed of the property test (default 1000; the evaluation "
        "uses 0 to 299)",
    )
    group.addoption(
        "--e2e-library",
        default="",
        metavar="DIR",
        help="folder where the real-library browser test keeps its data between runs "
        "(tests/e2e/test_real_library.py; default: a new temporary folder)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """The options, for test modules that need them when they are imported (hypothesis
    settings are decorators)."""
    for name in ("fuzz_scale", "layout_cases", "layout_start", "e2e_library"):
        helpers.OPTIONS[name] = config.getoption(name)


@pytest.fixture(scope="session")
def ui_data(tmp_path_factory) -> Path:
    """A small data folder for the web app: three papers made at test time, ingested and
    indexed with the hash embedder (tests/helpers.py build_ui_data)."""
    base = tmp_path_factory.mktemp("ui")
    return build_ui_data(base / "data", base / "papers")


@pytest.fixture(scope="session", autouse=True)
def strict_extractors():
    """Extractors run in strict mode for the whole session: one that crashes raises, so
    the test that ran it fails. (An ingest outside the tests stores the document as
    "partial" with a message instead; tests/ingest/extract/test_extract.py checks that too.)"""
    was = extract.set_strict(True)
    yield
    extract.set_strict(was)
