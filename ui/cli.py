"""The `boardsearch` command line: a thin layer over the ingest and index libraries.

Exit codes: 0 when everything worked, 1 when some files failed (or a search
found nothing to search), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.config import CORPUS_PAPERS, ENV_DATA, resolve_data_dir
from ingest.errors import BoardsearchError

from . import report
from .views import borough_text

EXPORT_KINDS = (
    "documents", "stocktake", "tables", "figures", "entities", "recommendations", "glossary",
    "themes",
)  # fmt: skip
RECORD_KIND = {
    "stocktake": "stocktake_row",
    "figures": "figure",
    "entities": "entity",
    "recommendations": "recommendation",
    "glossary": "acronym",
    "themes": "theme",
}
EPILOG = f"""The data folder is --data-dir, else ${ENV_DATA}, else ~/.local/share/boardsearch.
Examples:
  boardsearch ingest corpus/papers
  boardsearch search "families who don't speak English" --borough Westminster
  boardsearch export stocktake --format csv > stocktake.csv
  boardsearch ui"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boardsearch",
        description="Search and learn from safeguarding board papers.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name, help=help_text, description=help_text, epilog=f"Example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )  # fmt: skip
        p.add_argument(
            "--data-dir",
            help="data folder (default: $BOARDSEARCH_DATA or ~/.local/share/boardsearch)",
        )
        return p

    p = add("ingest", "Read PDF, DOCX and text files (or folders of them) into the store and indexes.",
            "boardsearch ingest corpus/papers ~/Downloads/board-papers")  # fmt: skip
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)"
    )
    p.add_argument("--json", action="store_true", help="print a JSON report instead of text")
    p.add_argument("--workers", type=int, default=None, help="parallel readers (default: 2)")
    p.add_argument("--no-index", action="store_true", help="store only; skip the search indexes")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--ocr", action="store_true",
        help="read scanned pages with OCR (needs ocrmypdf; also BOARDSEARCH_OCR=1)",
    )  # fmt: skip
    p.add_argument(
        "--cluster", metavar="auto|ray://HOST:PORT", default=None,
        help="parse and embed on a Ray cluster (needs boardsearch[cluster]; also "
        "BOARDSEARCH_CLUSTER); 'auto' joins this machine's cluster or starts a local one",
    )  # fmt: skip

    p = add("export", "Print stored records as JSON or CSV (to save: > file.csv).",
            "boardsearch export documents --format csv > documents.csv")  # fmt: skip
    p.add_argument("what", choices=EXPORT_KINDS, help="what to export")
    p.add_argument("--format", choices=("json", "csv"), default="json")

    p = add("search", "Search the papers; every hit cites its document and page.",
            'boardsearch search "private fostering" --period 2011/12')  # fmt: skip
    p.add_argument("query", help='words, a "quoted phrase", or field:value')
    p.add_argument("--mode", choices=("hybrid", "keyword", "semantic"), default="hybrid")
    p.add_argument("--limit", type=int, default=10)
    for name in ("borough", "period", "doc-type", "agency", "theme", "kind"):
        p.add_argument(f"--{name}", action="append", help=f"only hits with this {name}")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--no-expand", action="store_true",
        help="search only the words typed (no acronym or theme expansion)",
    )  # fmt: skip

    add("reindex", "Rebuild the keyword and semantic indexes from the store.",
        "boardsearch reindex")  # fmt: skip
    p = add("themes", "Count theme tags by theme, period and borough.", "boardsearch themes --json")
    p.add_argument("--json", action="store_true")
    add("status", "Say what the data folder holds.", "boardsearch status")

    p = add("ui", "Start the web interface on this computer.", "boardsearch ui --port 8501")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--headless", action="store_true", help="do not open a browser")

    p = add(
        "start", "Ingest the shipped corpus, then start the web interface.", "boardsearch start"
    )
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--no-ui", action="store_true", help="ingest and print a summary only")
    p.add_argument("--headless", action="store_true", help="do not open a browser")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    try:
        return int(COMMANDS[args.command](args, data_dir) or 0)
    except BoardsearchError as exc:
        print(f"boardsearch: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("boardsearch: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


# -- commands -----------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace, data_dir: Path) -> int:
    from dataclasses import replace

    from ingest import ocr
    from ingest.pipeline import Settings

    settings = Settings.from_env(args.workers)
    if args.ocr:
        settings = replace(settings, ocr=True)
    if args.cluster is not None:
        settings = replace(settings, cluster=args.cluster.strip())
    if settings.cluster:
        from ingest import cluster

        cluster.check_address(settings.cluster)
        cluster.import_ray()  # a clear message now, not after reading the files
    if settings.ocr and not ocr.available():
        print(f"boardsearch: {ocr.NOT_INSTALLED}", file=sys.stderr)
    results = _ingest(args.paths, data_dir, settings, quiet=args.quiet or args.json)
    indexed = (
        ""
        if args.no_index
        else _sync_index(data_dir, quiet=args.quiet or args.json, cluster=settings.cluster)
    )
    if args.json:
        out = report.ingest_report(results)
        out["index"] = indexed
        print(report.to_json(out))
    else:
        for r in results:
            if r.outcome == "failed":
                print(f"FAILED {r.path}: {r.message}", file=sys.stderr)
            elif r.message and r.outcome == "ingested":
                print(f"note   {r.path}: {r.message}", file=sys.stderr)
        print(report.ingest_summary(results))
        if indexed:
            print(indexed)
    return 1 if any(r.outcome == "failed" for r in results) else 0


def _ingest(paths: Sequence[str], data_dir: Path, settings: Any, *, quiet: bool) -> list[Any]:
    from ingest.pipeline import ingest_paths

    if quiet:
        return ingest_paths(paths, data_dir, settings=settings)
    from tqdm import tqdm

    bar = tqdm(total=0, unit="file", desc="Ingesting", file=sys.stderr, dynamic_ncols=True)

    def progress(done: int, total: int, path: str) -> None:
        bar.total = total
        bar.set_postfix_str(Path(path).name[:40], refresh=False)
        bar.update(done - bar.n)

    try:
        return ingest_paths(paths, data_dir, settings=settings, progress=progress)
    finally:
        bar.close()


def _sync_index(data_dir: Path, *, quiet: bool, cluster: str = "") -> str:
    """Bring the search indexes up to date; returns a one-line summary."""
    import index

    settings = index.Settings.from_env(cluster=cluster) if cluster else None
    return "Search index: " + index.sync(data_dir, settings, progress=not quiet).summary()


def cmd_export(args: argparse.Namespace, data_dir: Path) -> int:
    from ingest.store import Store

    with Store(data_dir, readonly=True) as store:
        docs = {d.id: d for d in store.documents()}
        rows: list[dict[str, Any]]
        if args.what == "documents":
            rows = [report.document_row(d, store.paths(d.id)) for d in docs.values()]
        elif args.what == "tables":
            rows = [r for t in store.tables() for r in report.table_rows(t, docs.get(t.doc_id))]
        else:
            rows = [
                report.record_row(rec, docs.get(rec.doc_id))
                for rec in store.records(RECORD_KIND[args.what])
            ]
    if args.format == "csv":
        sys.stdout.write(report.to_csv(rows))
    else:
        print(report.to_json(rows))
    return 0


def cmd_search(args: argparse.Namespace, data_dir: Path) -> int:
    import index

    filters = {
        key: values
        for key, values in (
            ("borough", args.borough), ("period", args.period), ("doc_type", args.doc_type),
            ("agency", args.agency), ("theme", args.theme), ("kind", args.kind),
        )
        if values
    }  # fmt: skip
    if not (data_dir / "boardsearch.sqlite").exists():
        raise BoardsearchError(
            f"{data_dir}: no boardsearch data here yet; run 'boardsearch ingest PATH' first"
        )
    result = index.search(
        args.query, index.Filters.of(**filters), mode=args.mode, limit=args.limit,
        data_dir=data_dir, expand=not args.no_expand,
    )  # fmt: skip
    if args.json:
        print(report.to_json(index.result_to_json(result)))
    else:
        print(index.format_hits_text(result, ansi=sys.stdout.isatty()))
    return 0


def cmd_reindex(args: argparse.Namespace, data_dir: Path) -> int:
    import index

    if not (data_dir / "boardsearch.sqlite").exists():
        raise BoardsearchError(
            f"{data_dir}: no boardsearch data here yet; run 'boardsearch ingest PATH' first"
        )
    print("Search index rebuilt: " + index.reindex(data_dir, progress=True).summary())
    return 0


def cmd_themes(args: argparse.Namespace, data_dir: Path) -> int:
    from collections import Counter

    from ingest.store import Store

    with Store(data_dir, readonly=True) as store:
        docs = {d.id: d for d in store.documents()}
        counts: Counter[tuple[str, str, str]] = Counter()
        for rec in store.records("theme"):
            doc = docs.get(rec.doc_id)
            boroughs = doc.boroughs if doc and doc.boroughs else ("(none)",)
            for borough in boroughs:
                counts[(rec.data.get("theme", ""), doc.period if doc else "", borough)] += 1
    rows = [
        {"theme": t, "period": p or "(unknown)", "borough": b, "count": n}
        for (t, p, b), n in sorted(counts.items())
    ]
    if args.json:
        print(report.to_json(rows))
    elif not rows:
        print("No theme tags yet: ingest some papers first (boardsearch ingest PATH).")
    else:
        width = max(len(r["theme"]) for r in rows)
        for r in rows:
            print(f"{r['theme']:<{width}}  {r['period']:<9}  {r['borough']:<24}  {r['count']:>5}")
    return 0


def cmd_status(args: argparse.Namespace, data_dir: Path) -> int:
    from ingest.store import Store

    with Store(data_dir, readonly=True) as store:
        counts = store.counts()
        docs = store.documents()
    print(f"Data folder: {data_dir}")
    print(
        f"{report.plural(counts['documents'], 'document')}, {report.plural(counts['pages'], 'page')}, "
        f"{report.plural(counts['passages'], 'passage')}, {report.plural(counts['tables'], 'table')}"
    )
    for d in docs:
        badge = " [SYNTHETIC]" if d.synthetic else ""
        where = borough_text(d.boroughs) or "-"
        print(f"  {d.period or '-':<8} {d.doc_type:<18} {where:<24} {d.title}{badge}")
    return 0


def cmd_ui(args: argparse.Namespace, data_dir: Path) -> int:
    import subprocess

    app = Path(__file__).resolve().parent / "app.py"
    if not app.exists():
        print("The web interface is not part of this build yet; try 'boardsearch status'.")
        return 1
    env = dict(os.environ, BOARDSEARCH_DATA=str(data_dir))
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
        "--server.address", "localhost", "--browser.gatherUsageStats", "false",
        "--server.headless", "true" if args.headless else "false",
    ]  # fmt: skip
    print(f"boardsearch is running at http://localhost:{args.port} (Ctrl+C to stop)")
    return subprocess.call(cmd, env=env)


def cmd_start(args: argparse.Namespace, data_dir: Path) -> int:
    from ingest.pipeline import Settings

    print(f"Ingesting the shipped corpus ({CORPUS_PAPERS}) into {data_dir}")
    results = _ingest([str(CORPUS_PAPERS)], data_dir, Settings.from_env(), quiet=False)
    for r in results:
        if r.outcome == "failed":
            print(f"FAILED {r.path}: {r.message}", file=sys.stderr)
    print(report.ingest_summary(results))
    indexed = _sync_index(data_dir, quiet=False)
    if indexed:
        print(indexed)
    cmd_status(args, data_dir)
    if args.no_ui:
        return 1 if any(r.outcome == "failed" for r in results) else 0
    return cmd_ui(args, data_dir)


COMMANDS = {
    "ingest": cmd_ingest,
    "export": cmd_export,
    "search": cmd_search,
    "reindex": cmd_reindex,
    "themes": cmd_themes,
    "status": cmd_status,
    "ui": cmd_ui,
    "start": cmd_start,
}


def _main() -> None:  # pragma: no cover - console entry point wrapper
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
