"""Score keyword, semantic and hybrid search on the judged evaluation set.

    .venv/bin/python tests/eval/run_eval.py [--data-dir DIR] [--limit 10]

Ingests corpus/papers (or, until the corpus lands, the seed report's text) and
../shared/realdocs/tri-borough into DIR (a temporary folder by default; an
existing folder is reused, unchanged files are skipped), builds both indexes
with the real model and prints success@10, MRR and nDCG@10 per mode, overall
per query type and per half: the queries split deterministically into a dev half
(odd query number: k01, k03, ..., p01, ...) for tuning and a test half (even) that
tuning must not look at. It also checks that every paraphrase query shares no
content word (stem) with its judged passages.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from pathlib import Path

from index import Index, sync
from index.fusion import dup_key, near_duplicate
from index.keyword import analysed_terms
from ingest.model import Passage
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store

ROOT = Path(__file__).resolve().parents[2]
REALDOCS = ROOT.parent / "shared" / "realdocs"
SEED_TEXT = ROOT.parent / "shared" / "seed" / "westminster-lscb-annual-report-2011-12.txt"
QUERIES = Path(__file__).with_name("queries.json")
MODES = ("keyword", "semantic", "hybrid")
# Function words the index keeps but that carry no topic (for the paraphrase check).
FUNCTION_WORDS = frozenset(
    "who whom whose what which where when why how into onto over under about after before "
    "less more most very much many some any all not no nor don t s their them they our".split()
)


def sources() -> list[Path]:
    """corpus/papers and the synthetic papers of corpus/fixtures/papers (judged here), plus
    the tri-borough Ofsted reports from ../shared/realdocs when the corpus does not carry
    them yet, plus the seed text when the corpus lacks its PDF."""
    papers = ROOT / "corpus" / "papers"
    stems = {p.stem for p in papers.iterdir()} if papers.is_dir() else set()
    out = []
    tri = REALDOCS / "tri-borough"
    if tri.is_dir() and not {p.stem for p in tri.glob("*.pdf")} <= stems:
        out.append(tri)
    has_seed = SEED_TEXT.stem in stems
    if stems:
        out.append(papers)
    fixtures = ROOT / "corpus" / "fixtures" / "papers"
    if fixtures.is_dir():
        out.append(fixtures)
    if not has_seed:
        out.append(SEED_TEXT)
    return out


def norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def resolve(queries: list[dict], store: Store) -> tuple[dict[str, set[str]], list[str]]:
    """Query id -> relevant passage ids; and a list of judgments matching nothing."""
    stems = {d.id: Path(d.path).stem for d in store.documents()}
    by_stem: dict[str, list[Passage]] = {}
    for p in store.passages():
        by_stem.setdefault(stems[p.doc_id], []).append(p)
    out: dict[str, set[str]] = {}
    missing = []
    for q in queries:
        ids = set()
        for j in q["relevant"]:
            needle = norm(j["contains"])
            found = [
                p
                for p in by_stem.get(j["file"], [])
                if needle in norm(p.text) and (j["page"] is None or p.page == j["page"])
            ]
            if not found:
                missing.append(f"{q['id']}: {j['file']} p{j['page']} '{j['contains']}'")
            ids.update(p.id for p in found)
        out[q["id"]] = ids
    return out, missing


def shared_words(queries: list[dict], relevant: dict[str, set[str]], store: Store) -> list[str]:
    """Paraphrase queries that share a content word (stem) with a judged passage."""
    text = {p.id: p.text for p in store.passages()}
    problems = []
    for q in queries:
        if q["type"] != "paraphrase":
            continue
        qterms = analysed_terms(re.sub(r"[-']", " ", q["query"])) - FUNCTION_WORDS
        for pid in relevant[q["id"]]:
            common = qterms & analysed_terms(re.sub(r"[-']", " ", text[pid]))
            if common:
                problems.append(f"{q['id']} '{q['query']}' shares {sorted(common)}")
    return problems


def groups(relevant: set[str], text: dict[str, str]) -> int:
    """How many distinct answers the judged passages are: near-duplicates (the same text in
    two papers, which search folds into one hit) count once."""
    keys: list[tuple[str, frozenset[str]]] = []
    for pid in sorted(relevant):
        key = dup_key(text.get(pid, pid))
        if not any(near_duplicate(key, k) for k in keys):
            keys.append(key)
    return len(keys)


def metrics(
    ranked: list[set[str]] | list[str], relevant: set[str], k: int, n_relevant: int | None = None
) -> tuple[float, float, float]:
    """success@k, reciprocal rank (within k), nDCG@k with binary gains. A hit is a set of
    passage ids (a folded hit holds its near-duplicates) and is relevant when any is;
    the ideal ranking has `n_relevant` distinct answers (default: the judged passages)."""
    top = [{r} if isinstance(r, str) else r for r in ranked[:k]]
    hits = [i for i, pids in enumerate(top) if pids & relevant]
    success = 1.0 if hits else 0.0
    rr = 1.0 / (hits[0] + 1) if hits else 0.0
    dcg = sum(1.0 / math.log2(i + 2) for i in hits)
    n = len(relevant) if n_relevant is None else n_relevant
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(n, k)))
    return success, rr, (dcg / ideal if ideal else 0.0)


def half(query_id: str) -> str:
    """'dev' for odd query numbers (tune on these), 'test' for even ones (report only)."""
    digits = re.sub(r"\D", "", query_id)
    return "dev" if digits and int(digits) % 2 else "test"


def hit_ids(hit) -> set[str]:  # noqa: ANN001 - index.search.Hit
    return {hit.passage_id, *(c.passage_id for c in hit.also_in)}


def evaluate(
    index: Index,
    queries: list[dict],
    relevant: dict[str, set[str]],
    k: int,
    n_answers: dict[str, int] | None = None,
    modes: tuple[str, ...] = MODES,
    expand: bool = True,
) -> dict:
    scores: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    per_query: dict[str, dict[str, float]] = {}
    n_answers = n_answers or {}
    for q in queries:
        for mode in modes:
            res = index.search(q["query"], mode=mode, limit=k, facets=False, expand=expand)
            ranked = [hit_ids(h) for h in res.hits]
            m = metrics(ranked, relevant[q["id"]], k, n_answers.get(q["id"]))
            for group in ("all", q["type"]):
                for part in ("all", half(q["id"])):
                    scores.setdefault((mode, group, part), []).append(m)
            per_query.setdefault(q["id"], {})[mode] = m[2]
    return {"scores": scores, "per_query": per_query}


def table(scores: dict, k: int) -> str:
    head = f"{'half':<6}{'queries':<12}{'mode':<10}{'n':>4}"
    lines = [f"{head}{f'success@{k}':>12}{'MRR':>8}{f'nDCG@{k}':>9}"]
    for part in ("dev", "test", "all"):
        for group in ("all", "keyword", "paraphrase"):
            for mode in ("keyword", "semantic", "hybrid"):
                rows = scores.get((mode, group, part), [])
                if not rows:
                    continue
                s, rr, nd = (sum(x[i] for x in rows) / len(rows) for i in range(3))
                label = f"{part:<6}{group:<12}{mode:<10}{len(rows):>4}"
                lines.append(f"{label}{s:>12.3f}{rr:>8.3f}{nd:>9.3f}")
    return "\n".join(lines)


def overrides(pairs: list[str]) -> dict[str, object]:
    """--set name=value pairs as Settings fields, converted to each field's type."""
    defaults = Settings.of().values()
    out: dict[str, object] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in defaults:
            raise SystemExit(f"--set {pair}: no search setting called {name!r}")
        kind = type(defaults[name])
        out[name] = value.lower() in ("1", "true", "yes", "on") if kind is bool else kind(value)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", help="data folder to build in or reuse (default: a temp folder)")
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--per-query", action="store_true", help="print nDCG per query and mode")
    ap.add_argument("--no-expand", action="store_true", help="search without query expansion")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a search setting, e.g. --set theme_weight=0 (repeatable)",
    )
    args = ap.parse_args(argv)
    tmp = None
    if args.data_dir:
        data_dir = Path(args.data_dir)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="boardsearch-eval-")
        data_dir = Path(tmp.name)
    for r in ingest_paths(sources(), data_dir):
        if r.outcome == "failed":
            print(f"warning: {r.path}: {r.message}", file=sys.stderr)
    settings = Settings.from_env(**overrides(args.set))
    print(sync(data_dir, settings).summary(), file=sys.stderr)
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    with Store(data_dir, readonly=True) as store:
        relevant, missing = resolve(queries, store)
        overlap = shared_words(queries, relevant, store)
        text = {p.id: p.text for p in store.passages()}
    n_answers = (
        {qid: groups(pids, text) for qid, pids in relevant.items()}
        if settings.search.collapse_duplicates
        else {}
    )
    for m in missing:
        print(f"note: judgment matches no passage here: {m}", file=sys.stderr)
    empty = [q["id"] for q in queries if not relevant[q["id"]]]
    for qid in empty:
        print(f"error: query {qid} has no judged passage in this data", file=sys.stderr)
    for o in overlap:
        print(f"paraphrase not clean: {o}", file=sys.stderr)
    index = Index(data_dir, settings)
    result = evaluate(index, queries, relevant, args.limit, n_answers, expand=not args.no_expand)
    if args.per_query:
        for qid, by_mode in result["per_query"].items():
            cells = "  ".join(f"{m}={v:.2f}" for m, v in by_mode.items())
            print(f"{qid:<5} {cells}")
    print(table(result["scores"], args.limit))
    if tmp is not None:
        tmp.cleanup()
    return 1 if empty or overlap else 0


if __name__ == "__main__":
    sys.exit(main())
