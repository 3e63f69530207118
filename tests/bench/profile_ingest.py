"""Where `boardsearch ingest` spends its time: seconds per 100 pages for each stage.

    .venv/bin/python tests/bench/profile_ingest.py [FOLDER_OR_PDF ...] [--second on|off|both]

Default files: ../shared/realdocs/tri-borough/ (the nine tri-borough reports). The files
are read in this one process (one worker, so each stage's time is its own), then the
search indexes are brought up to date as the `ingest` command does; each stage's
functions are wrapped with a timer that counts a call's own time (a stage inside another
is taken out of the outer one). Process start is a separate `import ui.cli` in a child
process. Prints one table per setting of the second model ("off", the shipped "auto").
Absolute seconds depend on the machine's load (printed): compare rows within a run.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT.parent / "shared" / "realdocs" / "tri-borough"
sys.path.insert(0, str(ROOT))


class Stages:
    """Exclusive time per stage: a timed call inside another takes its time out of the outer."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[list[Any]] = []  # [stage, start, time of timed calls inside]

    def enter(self, stage: str) -> None:
        self._stack.append([stage, time.perf_counter(), 0.0])

    def leave(self) -> None:
        stage, start, inner = self._stack.pop()
        spent = time.perf_counter() - start
        self.seconds[stage] += spent - inner
        if self._stack:
            self._stack[-1][2] += spent

    def wrap(self, stage: str | Callable[..., str], fn: Callable[..., Any]) -> Callable[..., Any]:
        """`fn` timed as `stage` (or as the stage `stage(*args, **kwargs)` names)."""

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(stage if isinstance(stage, str) else stage(*args, **kwargs))
            try:
                return fn(*args, **kwargs)
            finally:
                self.leave()

        return timed

    def wrap_iter(self, stage: str, fn: Callable[..., Iterator[Any]]) -> Callable[..., Any]:
        """A generator function whose every step is timed as `stage`."""

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            it = fn(*args, **kwargs)
            while True:
                self.enter(stage)
                try:
                    item = next(it)
                except StopIteration:
                    return
                finally:
                    self.leave()
                yield item

        return timed


def instrument(stages: Stages) -> None:
    """Wrap each stage's functions where their callers look them up."""
    import pdfminer.pdfinterp
    import pdfplumber

    import index.updater as updater
    import ingest.extract as extract
    import ingest.extract.entities as entities
    import ingest.nlp as nlp
    import ingest.pdf.chars as chars
    import ingest.pdf.reader as reader
    import ingest.pipeline as pipeline
    from ingest.store import Store

    interp = pdfminer.pdfinterp.PDFPageInterpreter
    interp.process_page = stages.wrap("reading (pdfminer)", interp.process_page)  # type: ignore[method-assign]
    reader.pdfplumber.open = stages.wrap("reading (pdfminer)", pdfplumber.open)  # type: ignore[assignment]
    chars.PageObjects.of = stages.wrap("layout", chars.PageObjects.of)  # type: ignore[method-assign]
    for name in ("page_words", "build_lines", "order_lines", "assemble"):
        setattr(reader, name, stages.wrap("layout", getattr(reader, name)))
    reader._find_tables = stages.wrap("tables", reader._find_tables)
    pipeline.build = stages.wrap("structure and metadata", pipeline.build)
    pipeline.detect = stages.wrap("structure and metadata", pipeline.detect)
    extract.run = stages.wrap("extraction", extract.run)
    entities._nlp = stages.wrap("spaCy (import and load)", entities._nlp)
    nlp.get_nlp = stages.wrap("spaCy (import and load)", nlp.get_nlp)
    nlp.pipe = stages.wrap_iter("spaCy (NER over passages)", nlp.pipe)
    Store.save = stages.wrap("store", Store.save)  # type: ignore[method-assign]
    updater._store_rows = stages.wrap("index: rows from the store", updater._store_rows)
    updater.sync_keyword = stages.wrap("keyword index", updater.sync_keyword)
    updater.get_embedder = stages.wrap("models: loading", updater.get_embedder)

    def model_stage(*args: Any, **kwargs: Any) -> str:
        second = kwargs.get("dir_name", updater.VECTOR_DIR) != updater.VECTOR_DIR
        return "second model (passages)" if second else "first model (passages)"

    updater.sync_vectors = stages.wrap(model_stage, updater.sync_vectors)
    updater.sync_themes = stages.wrap("theme tagging", updater.sync_themes)
    updater.prepare_open = stages.wrap("index: prepare open", updater.prepare_open)


def process_start() -> float:
    """Seconds for a fresh interpreter to import the command line (what every command pays)."""
    code = "import time; t = time.perf_counter(); import ui.cli; print(time.perf_counter() - t)"
    from ingest.settings import subprocess_env

    env = subprocess_env(PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    float(out.stdout.strip())
    return time.perf_counter() - t0


def profile(files: list[Path], second: str) -> tuple[int, dict[str, float], float]:
    """Pages, seconds per stage and wall seconds of one ingest and sync into a fresh folder."""
    import index
    from ingest.pipeline import ingest_paths
    from ingest.settings import IngestSettings, Settings

    stages = Stages()
    instrument(stages)
    settings = Settings.from_env().replace(second_model=second, progress=False)
    with tempfile.TemporaryDirectory(prefix="boardsearch-profile-") as tmp:
        t0 = time.perf_counter()
        results = ingest_paths(files, tmp, settings=IngestSettings(workers=1, enrich=True))
        index.sync(tmp, settings, progress=False)
        wall = time.perf_counter() - t0
    pages = sum(r.pages for r in results if r.outcome == "ingested")
    return pages, dict(stages.seconds), wall


def table(pages: int, seconds: dict[str, float], wall: float, start: float) -> str:
    per = 100 / pages
    rows = [("process start (import ui.cli)", start)]
    rows += sorted(seconds.items(), key=lambda kv: -kv[1])
    rows.append(("other (Python between stages)", wall - sum(seconds.values())))
    lines = [f"{'stage':<34} {'s/100 pages':>12} {'share':>6}"]
    total = wall + start
    lines += [f"{name:<34} {s * per:>12.2f} {100 * s / total:>5.0f}%" for name, s in rows]
    lines.append(f"{'total':<34} {total * per:>12.2f}   {pages} pages, {pages / total:.1f} pages/s")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--second", choices=("on", "off", "both"), default="both")
    args = ap.parse_args()
    files = [
        f
        for a in args.paths or [str(DEFAULT)]
        for f in (sorted(Path(a).rglob("*.pdf")) if Path(a).is_dir() else [Path(a)])
    ]
    print(f"{len(files)} PDF files; load average {os.getloadavg()[0]:.2f} at the start")
    if args.second == "both":  # each setting in its own child: its stages timed alone
        for second in ("off", "on"):
            subprocess.run([sys.executable, __file__, *args.paths, "--second", second], check=True)
        return
    start = process_start()
    second = "auto" if args.second == "on" else "off"  # "auto": the shipped setting
    pages, seconds, wall = profile(files, second)
    print(f"\nsecond model {second}; load average {os.getloadavg()[0]:.2f} at the end")
    print(table(pages, seconds, wall, start))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
