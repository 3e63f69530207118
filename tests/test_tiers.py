"""The test run's own rules (tests/conftest.py): a plain run is the fast tier and says what
it left out, --full runs every tier, and --require-tools (CI) turns a missing browser or
OCR program into a failure instead of a skip."""

from __future__ import annotations

import pytest

TIERED = """
import pytest

def test_fast():
    pass

@pytest.mark.slow
def test_slow():
    pass

@pytest.mark.real
def test_real():
    pass

@pytest.mark.e2e
def test_e2e():
    pass
"""

NEEDS_A_PROGRAM = """
from tests.helpers import need_tool

def test_drives_a_program():
    need_tool("frobnicate is not installed (apt-get install frobnicate)")
"""


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """A test session of its own with boardsearch's conftest as its plugin."""
    return pytester.runpytest("-p", "tests.conftest", "-p", "no:cacheprovider", *args)


def test_a_plain_run_is_the_fast_tier_and_says_what_it_left_out(pytester: pytest.Pytester):
    pytester.makepyfile(test_tiered=TIERED)
    result = _run(pytester)
    result.assert_outcomes(passed=1, deselected=3)
    result.stdout.fnmatch_lines(["fast tier: 3 slow, real and e2e tests not run; pytest --full*"])


@pytest.mark.parametrize(
    ("args", "passed"),
    [
        (["--full"], 4),  # every tier
        (["-m", "real"], 1),  # one tier, by its marker
        (["test_tiered.py"], 4),  # a file named on the command line runs whole
        (["test_tiered.py::test_slow"], 1),
    ],
    ids=["full", "marker", "named-file", "named-test"],
)
def test_full_a_marker_or_a_named_file_runs_the_other_tiers(
    pytester: pytest.Pytester, args: list[str], passed: int
):
    pytester.makepyfile(test_tiered=TIERED)
    result = _run(pytester, *args)
    result.assert_outcomes(passed=passed, deselected=4 - passed if args[0] == "-m" else 0)
    assert "fast tier:" not in result.stdout.str()


def test_a_missing_program_skips_the_test_but_fails_it_under_require_tools(
    pytester: pytest.Pytester,
):
    pytester.makepyfile(test_needs=NEEDS_A_PROGRAM)
    _run(pytester, "-rs").assert_outcomes(skipped=1)
    failed = _run(pytester, "--require-tools")
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        ["*frobnicate is not installed*--require-tools makes this a failure*"]
    )
