"""Shared test fixtures. Helper functions and paths live in tests/helpers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest import extract

from .helpers import build_ui_data

pytest_plugins = ("pytester",)  # tests/test_extract.py runs a test session of its own

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The second model (all-mpnet-base-v2) embeds every passage a second time at about a
# tenth of MiniLM's rate; real-tier tests use MiniLM alone unless they ask for it
# (tests/test_second_model.py does).
os.environ.setdefault("BOARDSEARCH_SECOND_MODEL", "off")


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
    "partial" with a message instead; tests/test_extract.py checks that too.)"""
    was = extract.set_strict(True)
    yield
    extract.set_strict(was)
