"""Time the README's first command to the first answer in a browser.

    .venv/bin/python tests/e2e/time_first_run.py [--repo DIR] [--data DIR]

Runs, in the clone DIR (default: this one), exactly
``bash scripts/setup.sh && .venv/bin/boardsearch start`` (plus ``--headless`` and a
free port, so the browser is this script's headless Chromium) with an empty data
folder, then as soon as the address is printed opens it, searches, and waits for
the first answer. Prints seconds from the command to: setup done, the address
printed, the first answer shown, the full (hybrid) answer shown; and what was
ingested. The browser is started before the clock starts. Measure on an idle
machine: two processes on two cores slow each other down a lot.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.browser import (  # noqa: E402
    blank_browser,
    body_text,
    free_port,
    require_browser,
    search_in_browser,
    wait_for,
)
from tests.e2e.real_library import QUERY  # noqa: E402
from tests.helpers import child_env  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, default=ROOT)
    ap.add_argument("--data", type=Path, default=None, help="data folder (emptied first)")
    args = ap.parse_args(argv)
    require_browser("measure")
    data = args.data or Path(tempfile.mkdtemp(prefix="boardsearch-first-run-")) / "data"
    shutil.rmtree(data, ignore_errors=True)
    port = free_port()
    command = (
        f"bash scripts/setup.sh && .venv/bin/boardsearch start --headless "
        f"--port {port} --data-dir {data}"
    )
    env = child_env(drop=("PYTHONPATH", "BOARDSEARCH_DATA"))
    lines: list[str] = []
    marks: dict[str, float] = {}
    with blank_browser() as driver:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            ["bash", "-c", command],
            cwd=args.repo,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            for line in proc.stdout:
                lines.append(line.rstrip())
                if "Ingesting the shipped corpus" in line:
                    marks["setup done"] = time.perf_counter() - t0
                if "running at" in line:
                    marks["address printed"] = time.perf_counter() - t0
                    break
            else:
                raise SystemExit("boardsearch stopped:\n" + "\n".join(lines[-30:]))
            url = re.search(r"running at (http://\S+)", lines[-1]).group(1)
            driver.get(url)
            search_in_browser(driver, QUERY, timeout=300)
            marks["first answer shown"] = time.perf_counter() - t0
            wait_for(
                driver,
                lambda d: "meaning-based search starts up" not in body_text(d),
                300,
                "the hybrid answer",
            )
            marks["full answer shown"] = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"command: {command}")
    for line in lines:
        if line.startswith(("Ingested", "Search index", "Done in", "boardsearch is")):
            print("  " + line)
    for what, seconds in marks.items():
        print(f"{what:>20}: {seconds:6.1f} s")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
