"""Shared test fixtures. Helper functions and paths live in tests/helpers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .helpers import (  # noqa: F401 - re-exported for modules that still import them from here
    CORPUS,
    REALDOCS,
    ROOT,
    SEED_PDF,
    SEED_TEXT,
    SHARED,
    make_image_pdf,
    make_pdf,
    need,
)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def pdf_factory(tmp_path):
    def factory(name: str, pages: list[list[str]], **kw) -> Path:
        return make_pdf(tmp_path / name, pages, **kw)

    return factory
