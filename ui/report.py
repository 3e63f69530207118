"""Plain functions that turn results into what people read (CLI and UI share them)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ingest import recurring, reported_on
from ingest.extract.recommendations import Progress, Recommendation
from ingest.model import Document, FileResult, Record, Table


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 page', '2 pages', '1,204 passages', '3 agencies' (with many='agencies')."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def ingest_summary(results: Sequence[FileResult]) -> str:
    """'Ingested 9 documents (412 pages), skipped 2 unchanged, 1 failed'."""
    ingested = [r for r in results if r.outcome == "ingested"]
    skipped = sum(r.outcome == "skipped" for r in results)
    failed = sum(r.outcome == "failed" for r in results)
    pages = sum(r.pages for r in ingested)
    line = f"Ingested {plural(len(ingested), 'document')} ({plural(pages, 'page')})"
    line += f", skipped {skipped} unchanged, {failed} failed"
    return line


def ingest_report(results: Sequence[FileResult]) -> dict[str, Any]:
    """The --json report of `boardsearch ingest`."""

    def entry(r: FileResult) -> dict[str, Any]:
        return {
            "path": r.path,
            "doc_id": r.doc_id,
            "title": r.title,
            "pages": r.pages,
            "message": r.message,
        }

    return {
        "summary": ingest_summary(results),
        "ingested": [entry(r) for r in results if r.outcome == "ingested"],
        "skipped": [entry(r) for r in results if r.outcome == "skipped"],
        "failed": [entry(r) for r in results if r.outcome == "failed"],
    }


def document_row(doc: Document, paths: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "doc_id": doc.id,
        "path": doc.path,
        "title": doc.title,
        "board": doc.board,
        "boroughs": list(doc.boroughs),
        "period": doc.period,
        "doc_type": doc.doc_type,
        "pages": doc.pages,
        "synthetic": doc.synthetic,
        "status": doc.status,
        "message": doc.message,
        "date": doc.date,
        "paths": list(paths) or [doc.path],
    }


def table_rows(table: Table, doc: Document | None) -> Iterable[dict[str, Any]]:
    """One export row per body row of a table, keyed by its column headers."""
    headers = table.header_rows[-1] if table.header_rows else ()
    for i, cells in enumerate(table.rows):
        row: dict[str, Any] = {
            "doc_id": table.doc_id,
            "document": doc.title if doc else "",
            "table": table.index,
            "caption": table.caption,
            "page": table.row_pages[i] if i < len(table.row_pages) else table.page_start,
            "row": i,
        }
        row["cells"] = {
            (headers[j] if j < len(headers) and headers[j] else f"column {j + 1}"): cell
            for j, cell in enumerate(cells)
        }
        yield row


def to_json(rows: Any) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """CSV with the union of keys as columns; lists joined with '; ', dicts as JSON."""
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


# --------------------------------------------------------------------------- recommendations
# (their export rows are the recommendations kind's: ingest/extract/recommendations.py)


def progress_links(
    rows: Sequence[Mapping[str, Any]],
    progress: Sequence[Record[Progress]],
    docs: Mapping[str, Document],
) -> list[dict[str, Any]]:
    """Recommendations with the sentences of other papers that may report on them.

    A progress sentence ("the protocol recommended by the Child F review is in place") is
    linked when it shares content words with the recommendation and comes from another
    paper of the same period or later.
    """
    texts = [str(p.fields.text) for p in progress]
    out = []
    for row in rows:
        found = []
        for i in reported_on(row["text"], texts, threshold=0.12):
            p = progress[i]
            doc = docs.get(p.doc_id)
            period = doc.period if doc else ""
            if p.doc_id == row["doc_id"] or (row["period"] and period and period < row["period"]):
                continue
            found.append(
                {
                    "text": texts[i],
                    "doc_id": p.doc_id,
                    "page": p.page,
                    "document": doc.title if doc else "",
                    "period": period,
                }
            )
        if found:
            out.append({"row": row, "reports": found})
    return out


def register_rows(
    records: Sequence[Record[Recommendation]], docs: Mapping[str, Document]
) -> list[dict[str, Any]]:
    """One row per formal recommendation for the register, with what a citation needs."""
    rows = []
    for r in records:
        if r.kind != Recommendation.KIND:
            continue
        doc = docs.get(r.doc_id)
        f = r.fields
        rows.append(
            {
                "doc_id": r.doc_id,
                "text": str(f.text),
                "number": str(f.number or ""),
                "addressed_to": str(f.addressed_to or ""),
                "addressee": str(f.addressee or ""),
                "section": str(f.section or f.cue or ""),
                "source": str(f.source or ""),
                "document": doc.title if doc else "",
                "doc_type": doc.doc_type if doc else "",
                "period": doc.period if doc else "",
                "boroughs": list(doc.boroughs) if doc else [],
                "synthetic": bool(doc.synthetic) if doc else False,
                "page": r.page,
            }
        )
    return rows


def recurring_groups(
    rows: Sequence[Mapping[str, Any]], threshold: float = 0.5
) -> list[dict[str, Any]]:
    """Recommendations made again in other papers or years, grouped, biggest first.

    Each group: the shortest wording, the members (rows), the documents and the periods.
    """
    groups = recurring([r["text"] for r in rows], [r["doc_id"] for r in rows], threshold)
    out = []
    for members in groups:
        chosen = [rows[i] for i in members]
        periods = sorted({r["period"] for r in chosen if r["period"]})
        out.append(
            {
                "text": min((r["text"] for r in chosen), key=len),
                "rows": chosen,
                "documents": len({r["doc_id"] for r in chosen}),
                "periods": periods,
            }
        )
    return out
