"""The app's background warm-ups are waited for when the process ends.

A process that ends while a daemon thread is still inside torch is aborted (exit -6,
"terminate called without an active exception"); the packaged app's first-page check
hit it on a busy machine, when the page finished before the warm-up did."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..helpers import ROOT, child_env

SCRIPT = """
import sys, time
from pathlib import Path
from ui.screens.common import background

def slow():
    time.sleep(1.5)
    Path(sys.argv[1]).write_text("finished")

background(slow, "test-warm-up")
"""


def test_the_process_waits_for_a_warm_up_still_running_when_it_ends(tmp_path: Path) -> None:
    done = tmp_path / "done.txt"
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(done)],
        cwd=ROOT,
        env=child_env(PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert done.read_text() == "finished"
