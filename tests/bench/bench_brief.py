"""Theme briefs on the shipped library: seconds per brief for the ten most frequent themes.

    .venv/bin/python tests/bench/bench_brief.py [--data DIR] [--themes 10] [--rounds 2]

Builds (once) a data folder from the shipped corpus (corpus/papers/) with the real
embedding model, as `boardsearch start` does, in tests/bench/out/brief-data unless --data
is given (an existing folder is used as it is). Loads the search index and its model
first (reported apart, not counted), then for each of the `--themes` themes with the most
passage tags builds the brief `--rounds` times and reports the first and the best time,
the Word export's time, the quotes and papers it draws on, and whether it draws on every
period that has a passage tagged with the theme. Target (issue 25): <= 2 s per brief.
A benchmark, not a test: run it with the machine otherwise idle.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "bench" / "out"


def library(data: Path) -> Path:
    """The shipped corpus ingested and indexed in `data`, unless it is there already."""
    if (data / "boardsearch.sqlite").exists():
        return data
    import index
    from ingest.pipeline import ingest_paths

    results = ingest_paths([ROOT / "corpus" / "papers"], data)
    failed = [f"{r.path}: {r.message}" for r in results if r.outcome == "failed"]
    if failed:
        raise SystemExit("ingest failed:\n" + "\n".join(failed))
    index.sync(data, progress=False)
    return data


def frequent_themes(data: Path, n: int) -> tuple[list[str], dict[str, set[str]]]:
    """The `n` themes with most passage tags, and the periods each is tagged in."""
    from ingest.store import Store

    with Store(data, readonly=True) as store:
        docs = {d.id: d for d in store.documents()}
        tags = [t for t in store.records("theme") if t.fields.target in ("passage", "")]
    counts = Counter(t.fields.theme for t in tags)
    periods: dict[str, set[str]] = {}
    for t in tags:
        periods.setdefault(t.fields.theme, set()).add(docs[t.doc_id].period or "(no period)")
    return [name for name, _ in counts.most_common(n)], periods


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=OUT / "brief-data")
    parser.add_argument("--themes", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from index import Index
    from index.brief import build_brief
    from ingest.settings import use_models_offline
    from ingest.store import Store
    from ui import brief_export

    use_models_offline()
    data = library(args.data)
    themes, tagged = frequent_themes(data, args.themes)
    t0 = time.perf_counter()
    engine = Index(data)
    engine.warm()
    print(f"index and model loaded in {time.perf_counter() - t0:.1f} s (not counted)")
    print(f"{'theme':<48} {'first s':>8} {'best s':>7} {'docx s':>7} quotes papers periods")
    worst = 0.0
    for theme in themes:
        times = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            with Store(data, readonly=True) as store:
                brief = build_brief(engine, store, theme)
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        brief_export.to_docx(brief)
        docx_s = time.perf_counter() - t
        every = tagged[theme] <= set(brief.periods_drawn_on)
        periods = f"{len(brief.periods_drawn_on)}/{len(brief.periods)}" + (
            "" if every else " MISSING"
        )
        print(
            f"{theme[:48]:<48} {times[0]:>8.2f} {min(times):>7.2f} {docx_s:>7.2f} "
            f"{len(brief.quotes()):>6} {brief.papers_drawn_on:>6} {periods}"
        )
        worst = max(worst, times[0])
    load = os.getloadavg()
    print(f"worst first brief {worst:.2f} s (target <= 2 s); load {load[0]:.2f}/{load[1]:.2f}")


if __name__ == "__main__":
    main()
