"""Peak memory of ingest and of the index sync on a batch of reports.

    .venv/bin/python tests/bench/bench_memory.py [FOLDER ...] [--workers N] [--second on|off]

Default files: the 40 reports of ../shared/realdocs/pool/. Each stage runs in a process
of its own, so its peak RSS is its own: (a) ingest into a fresh data folder (store only,
the worker processes reading; the largest worker's peak is printed beside the parent's),
(b) the sync of the search indexes as `boardsearch ingest` runs it (keyword index, the
first model's vectors, theme tags; with --second on, the second model's vectors too).
Peak RSS does not depend on the machine's load; the seconds do (the load is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT.parent / "shared" / "realdocs" / "pool"
sys.path.insert(0, str(ROOT))

STAGE = """
import json, resource, sys, time
t = time.perf_counter()
stage, data, second, workers, *paths = sys.argv[1:]
if stage == "ingest":
    from ingest.pipeline import ingest_paths
    from ingest.settings import IngestSettings
    results = ingest_paths(paths, data, settings=IngestSettings(workers=int(workers)))
    what = sum(r.pages for r in results if r.outcome == "ingested")
else:
    import index
    from ingest.settings import Settings
    settings = Settings.from_env().replace(second_model=second, progress=False)
    what = index.sync(data, settings, progress=False).total_passages
mb = lambda who: resource.getrusage(who).ru_maxrss / 1024
print(json.dumps({"seconds": time.perf_counter() - t, "count": what,
    "self_mb": mb(resource.RUSAGE_SELF), "children_mb": mb(resource.RUSAGE_CHILDREN)}))
"""


def stage(name: str, data: Path, second: str, workers: int, paths: list[str]) -> dict:
    from ingest.settings import subprocess_env

    env = subprocess_env(PYTHONPATH=str(ROOT))
    args = [name, str(data), second, str(workers), *paths]
    out = subprocess.run(
        [sys.executable, "-c", STAGE, *args], env=env, capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(f"the {name} stage failed:\n{out.stderr[-2000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--second", choices=("on", "off"), default="off")
    args = ap.parse_args()
    paths = args.paths or [str(DEFAULT)]
    second = "auto" if args.second == "on" else "off"
    print(f"{', '.join(paths)}; workers={args.workers}; load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="boardsearch-memory-") as tmp:
        got = stage("ingest", Path(tmp), second, args.workers, paths)
        print(
            f"ingest: {got['count']} pages in {got['seconds']:.0f} s; peak RSS parent "
            f"{got['self_mb']:.0f} MB, largest worker {got['children_mb']:.0f} MB"
        )
        got = stage("sync", Path(tmp), second, args.workers, [])
        print(
            f"sync (second model {second}): {got['count']} passages in {got['seconds']:.0f} s;"
            f" peak RSS {got['self_mb']:.0f} MB"
        )
    print(f"load {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
