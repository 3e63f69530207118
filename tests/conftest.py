"""Shared test fixtures and the test run's own options. Helper functions and paths live in
tests/helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import extract, settings
from ingest.model import Extracted, ParsedDocument

from . import helpers
from .helpers import SEED_PDF, build_ui_data, need

# tests/ingest/extract/test_extract.py runs a test session of its own
pytest_plugins = ("pytester",)


# The tiers beyond the fast one: a plain `pytest` leaves their tests out, `--full` runs them.
TIERS = ("slow", "real", "e2e")
LEFT_OUT = pytest.StashKey[int]()  # how many tests the fast tier left out


def pytest_addoption(parser: pytest.Parser) -> None:
    """Knobs of longer test runs (settings of the tests, not of boardsearch)."""
    group = parser.getgroup("boardsearch", "boardsearch's longer test runs")
    group.addoption(
        "--full",
        action="store_true",
        help="run every tier: the fast tests and those marked slow, real and e2e (a plain "
        "pytest runs the fast tier only; CI and the README's test command run --full)",
    )
    group.addoption(
        "--require-tools",
        action="store_true",
        help="fail, not skip, the tests that drive chromium or ocrmypdf when those are "
        "missing (.ci/run gives it: CI installs both, so a missing one is a broken CI)",
    )
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
    for name in ("fuzz_scale", "layout_cases", "layout_start", "e2e_library", "require_tools"):
        helpers.OPTIONS[name] = config.getoption(name)
    config.stash[ENVIRONMENT] = _session_environment()


def pytest_unconfigure(config: pytest.Config) -> None:
    """The session's environment changes undone."""
    if ENVIRONMENT in config.stash:
        config.stash[ENVIRONMENT].undo()


ENVIRONMENT = pytest.StashKey[pytest.MonkeyPatch]()


def _session_environment() -> pytest.MonkeyPatch:
    """The environment of the whole session, programs the tests start included, set before
    any test module is imported: models load offline (as boardsearch has them do), and the
    second model (all-mpnet-base-v2) is off unless the environment names it: it embeds
    every passage a second time at about a tenth of MiniLM's rate, so real-tier tests use
    MiniLM alone unless they ask for it (tests/index/test_second_model.py does)."""
    settings.use_models_offline()
    session = pytest.MonkeyPatch()
    if settings.resolve(settings.SECOND_MODEL).source != "environment":
        session.setenv(settings.SECOND_MODEL, "off")
    return session


def _named_files(config: pytest.Config) -> set[Path]:
    """Test files named on the command line (alone or with ::test): their tests run
    whatever their tier, so `pytest tests/index/test_index_real.py` does what it says."""
    named = set()
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path.is_file():
            named.add(path)
    return named


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The fast tier by default: tests marked slow, real or e2e are left out unless --full
    is given, -m picks tests by marker, or their file is named on the command line."""
    if config.getoption("full") or config.getoption("markexpr"):
        return
    named = _named_files(config)
    keep, leave = [], []
    for item in items:
        in_a_tier = any(item.get_closest_marker(tier) for tier in TIERS)
        (leave if in_a_tier and item.path.resolve() not in named else keep).append(item)
    if leave:
        config.hook.pytest_deselected(items=leave)
        items[:] = keep
    config.stash[LEFT_OUT] = len(leave)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """One line saying what the fast tier left out and how to run it."""
    left_out = config.stash.get(LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(
            f"fast tier: {left_out} slow, real and e2e tests not run; pytest --full runs "
            "every tier, -m real (or slow, e2e) one tier"
        )


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


# -- the expensive reads, once per session --------------------------------------------------
class ParseOnce:
    """Files parsed once per test session, for every module that reads them (the seed PDF
    was parsed by three modules, each corpus paper by two or three, the tri-borough reports
    by four). What is shared is frozen (the model's dataclasses and tuples), so no test can
    change what another sees."""

    def __init__(self) -> None:
        self._parsed: dict[Path, ParsedDocument] = {}
        self._read: dict[Path, Extracted] = {}

    def __call__(self, path: Path) -> ParsedDocument:
        """The file as ingest parses it, without the extractors (``parse_file(path,
        enrich=False)``): tests run the extractor they check on it themselves."""
        if path not in self._parsed:
            from ingest.pipeline import parse_file

            self._parsed[path] = parse_file(need(path), enrich=False)
        return self._parsed[path]

    def read(self, path: Path) -> Extracted:
        """What the PDF reader gives for the file (``pdf.read``, the file's stem as its id)."""
        if path not in self._read:
            from ingest import pdf

            self._read[path] = pdf.read(need(path), path.stem)
        return self._read[path]


@pytest.fixture(scope="session")
def parse_once() -> ParseOnce:
    """parse_once(path) parses a file, parse_once.read(path) reads a PDF, each at most once
    in the session."""
    return ParseOnce()


@pytest.fixture(scope="session")
def seed_pdf_parsed(parse_once: ParseOnce) -> ParsedDocument:
    """The seed PDF (corpus/papers/westminster-lscb-annual-report-2011-12.pdf), parsed once."""
    return parse_once(SEED_PDF)
