"""Plain functions that turn a SearchResult into text for people and JSON for programs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .fusion import MATCH_MEANING, MATCH_WORDS
from .search import Hit, SearchResult

SNIPPET_CHARS = 280
MATCH_LABELS = {MATCH_WORDS: "matches your words", MATCH_MEANING: "related passage (by meaning)"}


def also_searched(result: SearchResult) -> str:
    """'Also searched for: …' in plain words, or '' when nothing was added."""
    if not result.expansions:
        return ""
    return "Also searched for: " + "; ".join(result.expansions)


def second_model_note(result: SearchResult) -> str:
    """Says that the second model ranked these hits, and why, or '' when it did not."""
    from .models import SECOND_MODEL

    if result.meaning_model != SECOND_MODEL:
        return ""
    return (
        f"No passage has all the words typed, so a larger language model ({SECOND_MODEL}), "
        "better at questions put in other words than the papers use, found the closest "
        "in meaning."
    )


def understood_line(result: SearchResult) -> str:
    """'Understood: Borough: Westminster; Period: 2015/16' in plain words, or '' when
    nothing was read from the words (index/understand.py)."""
    if not result.understood:
        return ""
    return "Understood: " + "; ".join(c.label for c in result.understood)


def searched_line(result: SearchResult) -> str:
    """Which words were searched, when understanding took some of the query out."""
    if not result.searched:
        return ""
    return f'Searched for the words: "{result.searched}"'


def grouped_note(result: SearchResult) -> str:
    """How a comparison's hits are laid out, or '' when they are not grouped."""
    if not result.groups:
        return ""
    by = "period" if result.groups[0].by == "period" else "borough"
    return f"Answers grouped by {by}: the best of each {by} in turn."


def hidden_note(result: SearchResult) -> str:
    """Ends a list that stopped short of padding (issue 24): nothing else is close, and how
    many meaning-only passages were too weakly related to show."""
    n = result.hidden_related
    if not n:
        return ""
    return (
        f"Nothing else is close: {n} more passage{'s' if n != 1 else ''} found by meaning "
        f"{'were' if n != 1 else 'was'} too weakly related to show."
    )


def snippet(
    text: str,
    spans: Sequence[tuple[int, int]],
    width: int = SNIPPET_CHARS,
    mark: tuple[str, str] = ("**", "**"),
) -> str:
    """A window of `text` around the densest run of highlighted spans, matches marked."""
    text_len = len(text)
    start = 0
    if spans and text_len > width:
        best = max(range(len(spans)), key=lambda i: _covered(spans, i, width))
        start = max(0, min(spans[best][0] - width // 6, text_len - width))
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(text_len, start + width)
    while end < text_len and not text[end].isspace() and end - start < width + 30:
        end += 1
    out, pos = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out += [text[pos:a], mark[0], text[a:b], mark[1]]
        pos = b
    out.append(text[pos:end])
    body = " ".join("".join(out).split())
    return ("... " if start > 0 else "") + body + (" ..." if end < text_len else "")


def _covered(spans: Sequence[tuple[int, int]], i: int, width: int) -> int:
    first = spans[i][0]
    return sum(1 for a, b in spans[i:] if b - first <= width * 2 // 3)


def hit_snippet(hit: Hit, ansi: bool = False) -> str:
    mark = ("\033[1m", "\033[0m") if ansi else ("**", "**")
    return snippet(hit.text, hit.highlights, mark=mark)


def follow_up_line(row: Mapping[str, str]) -> str:
    """'RAG: Red | owner: Head of Service | due: 31/03/2013': what a board follows up on
    a stock-take row (its fields as the register keeps them), '' when it prints none."""
    parts = [f"RAG: {row['rag'].capitalize()}"] if row.get("rag") else []
    parts += [f"{key}: {row[key]}" for key in ("owner", "due") if row.get(key)]
    return " | ".join(parts)


def format_hits_text(
    result: SearchResult,
    ansi: bool = False,
    follow_up: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """Ranked hits for a terminal: title, borough, period, page, section, snippet; and
    a stock-take row's RAG, owner and due date (`follow_up`, by passage id) when given."""
    lines = _understanding_lines(result)
    for note in result.messages:
        lines.append(f"note: {note}")
    if result.expansions:
        lines.append(also_searched(result) + " (turn off with --no-expand)")
    if not result.hits:
        lines.append(f'No passages found for "{result.query}" ({result.mode} search).')
        if result.hidden_related:
            lines.append(hidden_note(result))
        return "\n".join(lines)
    head = f'{len(result.hits)} result(s) for "{result.query}" ({result.mode} search'
    if result.filters:
        head += "; " + ", ".join(
            f"{k}={'|'.join(v)}" for k, v in result.filters.as_dict().items() if v
        )
    lines.append(head + ")")
    if second_model_note(result):
        lines.append(second_model_note(result))
    if result.groups:
        lines.append(grouped_note(result))
        n = 0
        for group in result.groups:
            lines += ["", f"== {group.label} =="]
            for hit in group.hits:
                n += 1
                lines += _hit_lines(n, hit, ansi, follow_up)
    else:
        for i, hit in enumerate(result.hits, start=1):
            lines += _hit_lines(i, hit, ansi, follow_up)
    if result.hidden_related:
        lines.append("")
        lines.append(hidden_note(result))
    return "\n".join(lines)


def _understanding_lines(result: SearchResult) -> list[str]:
    """The "Understood: ..." line (with how to undo it) and the words searched."""
    if not result.understood:
        return [searched_line(result)] if result.searched else []
    first = result.understood[0].id
    lines = [f"{understood_line(result)} (remove one with --drop {first}; all: --no-understand)"]
    if result.searched:
        lines.append(searched_line(result))
    return lines


def _hit_lines(
    i: int, hit: Hit, ansi: bool, follow_up: Mapping[str, Mapping[str, str]] | None = None
) -> list[str]:
    """One hit for a terminal: numbered title and where, match kind, snippet, a stock-take
    row's RAG, owner and due date (`follow_up`, by passage id), citation."""
    where = " | ".join(x for x in (", ".join(hit.boroughs), hit.period, f"page {hit.page}") if x)
    lines = ["", f"{i}. {hit.title or Path(hit.path).name}  [{where}]"]
    section = " > ".join(hit.section)
    kind = "table row" if hit.kind == "table_row" else ""
    match = MATCH_LABELS.get(hit.match, "")
    if section or kind or match:
        lines.append("   " + " | ".join(x for x in (match, section, kind) if x))
    lines.append("   " + hit_snippet(hit, ansi))
    rated = follow_up_line((follow_up or {}).get(hit.passage_id, {}))
    if rated:
        lines.append("   " + rated)
    lines.append(f"   {Path(hit.path).name}, p. {hit.page}")
    for c in hit.also_in:
        lines.append(f"   same text also in: {Path(c.path).name}, p. {c.page}")
    return lines


def hit_to_json(hit: Hit) -> dict[str, Any]:
    return {
        "doc_id": hit.doc_id,
        "title": hit.title,
        "path": hit.path,
        "boroughs": list(hit.boroughs),
        "period": hit.period,
        "doc_type": hit.doc_type,
        "page": hit.page,
        "section": " > ".join(hit.section),
        "kind": hit.kind,
        "text": hit.text,
        "score": hit.score,
        "passage_id": hit.passage_id,
        "agencies": list(hit.agencies),
        "themes": list(hit.themes),
        "match": hit.match,  # "words" (matches the words typed) | "meaning" (related passage)
        "similarity": hit.similarity,
        "also_in": [
            {
                "doc_id": c.doc_id,
                "passage_id": c.passage_id,
                "title": c.title,
                "path": c.path,
                "page": c.page,
            }
            for c in hit.also_in
        ],
    }


def result_to_json(result: SearchResult) -> dict[str, Any]:
    """The --json shape: {"query", "mode", "hits": [...], "facets": {...}}. "understood"
    lists the chips read from the words (kind, value, label, the words typed, and the id
    that --drop removes), "searched" the words searched when some were taken out, and
    "groups" a comparison's hits by period or borough (as passage ids; "hits" is the same
    hits interleaved, the first of each group in turn)."""
    return {
        "query": result.query,
        "searched": result.searched or result.query,
        "understood": [c.as_dict() for c in result.understood],
        "dropped": [c.as_dict() for c in result.dropped],
        "groups": [
            {
                "by": g.by,
                "value": g.value,
                "label": g.label,
                "passage_ids": [h.passage_id for h in g.hits],
            }
            for g in result.groups
        ],
        "mode": result.mode,
        "filters": {k: list(v) for k, v in result.filters.as_dict().items() if v},
        "total": result.total,
        "hits": [hit_to_json(h) for h in result.hits],
        "facets": result.facets,
        "messages": list(result.messages),
        "also_searched_for": list(result.expansions),
        "hidden_related": result.hidden_related,
        "meaning_model": result.meaning_model,
    }
