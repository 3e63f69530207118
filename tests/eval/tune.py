"""Choose hybrid search settings on the DEV half of the evaluation set (odd query numbers).

    .venv/bin/python tests/eval/tune.py --data-dir DIR [--grid NAME=V1,V2 ...]

DIR must already hold the evaluation data (build it once with run_eval.py --data-dir DIR).
Prints dev nDCG@10 (all, keyword-style, paraphrase) for every combination of the grid;
the test half is never looked at here: report it with run_eval.py afterwards.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_eval import QUERIES, evaluate, groups, half, overrides, resolve  # noqa: E402

from index import Index  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.store import Store  # noqa: E402


class CachedEmbedder:
    """The real embedder with a cache: a tuning grid encodes each query once."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.cache: dict[str, np.ndarray] = {}

    def encode(self, texts, *, progress: bool = False) -> np.ndarray:  # noqa: ANN001
        missing = [t for t in texts if t not in self.cache]
        if missing:
            for t, v in zip(missing, self.inner.encode(missing), strict=True):
                self.cache[t] = v
        return np.stack([self.cache[t] for t in texts])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--half", default="dev", choices=("dev", "test"))
    ap.add_argument(
        "--floor",
        action="store_true",
        help="instead of a grid: the similarity of related (meaning-only) hybrid hits, judged "
        "and unjudged, and the floor that keeps 95%% of the judged ones",
    )
    args = ap.parse_args(argv)
    data_dir = Path(args.data_dir)
    queries = [q for q in json.loads(QUERIES.read_text(encoding="utf-8"))]
    queries = [q for q in queries if half(q["id"]) == args.half]
    with Store(data_dir, readonly=True) as store:
        relevant, _ = resolve(queries, store)
        text = {p.id: p.text for p in store.passages()}
    base = Settings.from_env(progress=False, **overrides(args.set))
    index = Index(data_dir, base)
    index._embedder = CachedEmbedder(index.embedder)
    if args.floor:
        return floor_report(index, queries, relevant)
    names, values = [], []
    for g in args.grid:
        name, _, vals = g.partition("=")
        names.append(name)
        values.append(vals.split(","))
    print(f"{'  '.join(names)}  | all  keyword  paraphrase  (nDCG@10, {args.half} half)")
    for combo in itertools.product(*values) if names else [()]:
        settings = base.replace(
            **overrides([f"{n}={v}" for n, v in zip(names, combo, strict=True)])
        )
        index.settings = settings
        n_answers = (
            {qid: groups(p, text) for qid, p in relevant.items()}
            if settings.search.collapse_duplicates
            else {}
        )
        res = evaluate(index, queries, relevant, 10, n_answers, modes=("hybrid",))
        s = res["scores"]
        cells = [
            sum(x[2] for x in s[("hybrid", g, args.half)]) / len(s[("hybrid", g, args.half)])
            for g in ("all", "keyword", "paraphrase")
        ]
        print("  ".join(combo), "|", "  ".join(f"{c:.3f}" for c in cells), flush=True)
    return 0


def floor_report(index: Index, queries: list[dict], relevant: dict[str, set[str]]) -> int:
    """Similarities of the meaning-only hits in the hybrid top 10 (no floor), split into
    judged relevant and not, and the highest floor keeping 95% of the relevant ones."""
    index.settings = index.settings.replace(related_floor=0.0, related_floor_unmatched=0.0)
    good, other = [], []
    for q in queries:
        res = index.search(q["query"], mode="hybrid", limit=10, facets=False)
        for h in res.hits:
            if h.match != "meaning" or h.similarity is None:
                continue
            ids = {h.passage_id, *(c.passage_id for c in h.also_in)}
            (good if ids & relevant[q["id"]] else other).append(h.similarity)
    good.sort()
    other.sort()
    for name, xs in (("judged relevant", good), ("not judged relevant", other)):
        qs = [xs[int(p * (len(xs) - 1))] for p in (0, 0.05, 0.25, 0.5, 0.75, 1)] if xs else []
        print(
            f"{name:<20} n={len(xs):<4} min/5%/25%/50%/75%/max: " + " ".join(f"{x:.3f}" for x in qs)
        )
    for q_type in ("keyword", "paraphrase"):
        sims = sorted(
            float(
                index._nearest.matrix[index.catalog.index_of[pid]]
                @ index.embedder.encode([q["query"]])[0]
            )
            for q in queries
            if q["type"] == q_type
            for pid in relevant[q["id"]]
        )
        if sims:
            print(
                f"every judged answer of {q_type} queries (n={len(sims)}): 10th percentile "
                f"similarity {sims[int(0.1 * (len(sims) - 1))]:.3f}"
            )
    if good:
        floor = good[int(0.05 * len(good))]
        hidden = sum(1 for x in other if x < floor)
        print(
            f"floor keeping 95% of the relevant related hits: {floor:.3f} "
            f"(hides {hidden} of {len(other)} unjudged ones)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
