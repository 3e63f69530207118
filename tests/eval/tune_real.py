"""Choose hybrid search settings on the DEV half of the judged set of real papers.

    .venv/bin/python tests/eval/tune_real.py --data-dir DIR [--grid NAME=V1,V2 ...] [--set NAME=V]
    .venv/bin/python tests/eval/tune_real.py --data-dir DIR --floor

DIR is a library built by build_real_library.py. For every combination of the grid it
prints the product's hybrid nDCG@10 and MRR per query kind on the dev half (odd query
numbers), scored as run_eval_real.py scores them. The test half is never read here:
report it with run_eval_real.py --half test once, after the last change.

``--floor`` prints, instead, the similarities of the meaning-only hits of the hybrid top
10 with no floor, judged relevant or not, split by whether any passage held the words
typed, and the floors that keep 90% and 95% of the relevant ones (issue 24's "no
padding": a floor chosen on judged data).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import load_library  # noqa: E402
from run_eval import overrides  # noqa: E402
from run_eval_real import KINDS, QUERIES, Copies, K, half, resolve, scores, with_copies  # noqa: E402
from tune import CachedEmbedder  # noqa: E402

from index import Index  # noqa: E402
from ingest.settings import Settings  # noqa: E402


def dev_set(data_dir: Path) -> tuple[list[dict], dict]:
    """The dev half's queries and their judgments (near-duplicates as one answer)."""
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    queries = [q for q in queries if half(q["id"]) == "dev"]
    lib = load_library(data_dir)
    grades, _ = resolve(queries, lib)
    copies = Copies(lib)
    return queries, {qid: with_copies(g, lib, copies) for qid, g in grades.items()}


def score_run(index: Index, queries: list[dict], judged: dict) -> dict[str, np.ndarray]:
    """Hybrid (nDCG@10, RR) per query kind ("all" too)."""
    out: dict[str, list[tuple[float, float]]] = {}
    for q in queries:
        res = index.search(q["query"], mode="hybrid", limit=K, facets=False)
        ranked = [[h.passage_id, *(c.passage_id for c in h.also_in)] for h in res.hits]
        ndcg, rr, _ = scores(ranked, judged[q["id"]])
        for kind in ("all", q["kind"]):
            out.setdefault(kind, []).append((ndcg, rr))
    return {k: np.array(v) for k, v in out.items()}


def grid(index: Index, base: Settings, pairs: list[str], queries: list[dict], judged) -> None:  # noqa: ANN001
    names = [p.partition("=")[0] for p in pairs]
    values = [p.partition("=")[2].split(",") for p in pairs]
    head = "".join(f"{k[:5]:>13}" for k in ("all", *KINDS))
    print(f"{'  '.join(names)}  |{head}   (nDCG@10/MRR, dev half)")
    for combo in itertools.product(*values) if names else [()]:
        changes = [f"{n}={v}" for n, v in zip(names, combo, strict=True)]
        index.settings = base.replace(**overrides(changes))
        res = score_run(index, queries, judged)
        cells = "".join(
            f"{res[k][:, 0].mean():>7.3f}/{res[k][:, 1].mean():.3f}" for k in ("all", *KINDS)
        )
        print("  ".join(combo), "|", cells, flush=True)


def floor_report(index: Index, queries: list[dict], judged: dict) -> None:
    """Similarities of meaning-only hits in the hybrid top 10 with no floor, by whether
    they were judged relevant and whether any passage held the words typed."""
    index.settings = index.settings.replace(related_floor=-1.0, related_floor_unmatched=-1.0)
    found: dict[tuple[bool, bool], list[float]] = {}
    for q in queries:
        res = index.search(q["query"], mode="hybrid", limit=K, facets=False)
        words = any(h.match == "words" for h in res.hits)
        for h in res.hits:
            if h.match != "meaning" or h.similarity is None:
                continue
            pids = {h.passage_id, *(c.passage_id for c in h.also_in)}
            good = bool(pids & set(judged[q["id"]].grade))
            found.setdefault((words, good), []).append(h.similarity)
    for (words, good), sims in sorted(found.items()):
        xs = sorted(sims)
        cut = [xs[int(p * (len(xs) - 1))] for p in (0, 0.05, 0.1, 0.25, 0.5, 1)]
        label = (
            f"{'words matched' if words else 'no words':<14}{'relevant' if good else 'other':<9}"
        )
        print(f"{label} n={len(xs):<4} min/5%/10%/25%/50%/max " + " ".join(f"{x:.3f}" for x in cut))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--floor", action="store_true", help="the floor report instead of a grid")
    args = ap.parse_args(argv)
    data_dir = Path(args.data_dir)
    queries, judged = dev_set(data_dir)
    base = Settings.from_env(progress=False, **overrides(args.set))
    index = Index(data_dir, base)
    index._embedder = CachedEmbedder(index.embedder)
    index._second_embedder = CachedEmbedder(index.second_embedder)
    if args.floor:
        floor_report(index, queries, judged)
    else:
        grid(index, base, args.grid, queries, judged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
