"""Score theme assignment against the hand-labelled set with the real model.

    .venv/bin/python tests/eval/run_themes_eval.py           # the shipped parameters
    .venv/bin/python tests/eval/run_themes_eval.py --tune    # re-derive them on the dev half

Three variants: seed terms only, embeddings only, combined (index.themes.assign's rule).
The labelled set is split in two halves by alternating passages within each source
(seed / realdocs). Parameters are tuned on the dev half only; the tables report the
test half, the whole set, and a two-fold cross-validation (tune on one half, predict
the other, pool) so no number comes from parameters fitted to the passages it scores.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from ingest.settings import ModelSettings, use_models_offline

use_models_offline()  # before the Hugging Face libraries load

from index import themes as T  # noqa: E402
from index.embed import get_embedder  # noqa: E402
from ingest.model import Passage  # noqa: E402
from ingest.themes import evaluate, load_themes  # noqa: E402

LABELLED = Path(__file__).resolve().parents[1] / "themes_labelled.json"
# the taxonomy's groups in its own order, then all themes together
GROUPS = [*dict.fromkeys(t["group"] for t in load_themes()), "all"]
GRID = {
    "prototype": ("description", "terms"),
    "threshold": tuple(round(x, 3) for x in np.arange(0.20, 0.701, 0.025)),
    "bonus": (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5),
    "max_themes": (1, 2, 3, 4),
}


def load_labelled() -> list[dict]:
    return json.loads(LABELLED.read_text(encoding="utf-8"))["passages"]


def split(items: Sequence[dict]) -> tuple[list[int], list[int]]:
    """(dev, test) row numbers: alternate passages within each source."""
    dev, test, seen = [], [], {}
    for i, item in enumerate(items):
        n = seen.get(item["source"], 0)
        seen[item["source"]] = n + 1
        (dev if n % 2 == 0 else test).append(i)
    return dev, test


class Scorer:
    """Everything the variants need, computed once: vectors, similarities, term hits."""

    def __init__(self, items: Sequence[dict], embedder, themes) -> None:
        self.items, self.themes = items, themes
        self.passages = [
            Passage(item["id"], i, item["kind"], item["text"], item.get("page") or 1)
            for i, item in enumerate(items)
        ]
        start = time.perf_counter()
        vecs = T.passage_matrix(self.passages, embedder)
        self.encode_s = time.perf_counter() - start
        T.prototypes(embedder, themes, T.DEFAULT.prototype)  # cached before timing
        start = time.perf_counter()
        T.assign(self.passages, embedder, themes, passage_vectors=vecs)
        self.assign_s = time.perf_counter() - start
        self.sims = {m: vecs @ T.prototypes(embedder, themes, m).T for m in GRID["prototype"]}
        self.hits = T.term_hits([p.text for p in self.passages], themes)
        self.gold = {item["id"]: item["themes"] for item in items}

    def predict(self, params: T.Params, rows: Sequence[int]) -> dict[str, list[str]]:
        sims = self.sims[params.prototype][list(rows)]
        hits = [self.hits[i] for i in rows]
        chosen = T.choose(sims, hits, params)
        return {
            self.items[i]["id"]: [self.themes[j]["name"] for j, _ in tags]
            for i, tags in zip(rows, chosen, strict=True)
        }

    def seed_only(self, rows: Sequence[int]) -> dict[str, list[str]]:
        return {self.items[i]["id"]: [self.themes[j]["name"] for j in self.hits[i]] for i in rows}

    def score(self, predicted: dict[str, list[str]], rows: Sequence[int]) -> dict:
        gold = {self.items[i]["id"]: self.gold[self.items[i]["id"]] for i in rows}
        return evaluate(gold, predicted, self.themes)


def tune(scorer: Scorer, rows: Sequence[int], embeddings_only: bool) -> T.Params:
    """The grid point with the best overall F1 on `rows` (ties: fewer tags, then order)."""
    best, best_key = T.DEFAULT, (-1.0, 0.0)
    bonuses = (0.0,) if embeddings_only else GRID["bonus"]
    for proto, thr, bonus, k in itertools.product(
        GRID["prototype"], GRID["threshold"], bonuses, GRID["max_themes"]
    ):
        params = T.Params(proto, float(thr), bonus, k)
        s = scorer.score(scorer.predict(params, rows), rows)["all"]
        key = (s["f1"], s["precision"])
        if key > best_key:
            best, best_key = params, key
    return best


def cross_validated(
    scorer: Scorer, halves: tuple[list[int], list[int]], fit: Callable[[list[int]], T.Params]
) -> dict:
    predicted: dict[str, list[str]] = {}
    for a, b in (halves, halves[::-1]):
        predicted.update(scorer.predict(fit(a), b))
    rows = halves[0] + halves[1]
    return scorer.score(predicted, rows)


def table(title: str, results: dict[str, dict]) -> str:
    lines = [f"\n## {title}", f"{'group':26}" + "".join(f"{v:>22}" for v in results)]
    lines[-1] += "  gold pairs"
    lines.append(f"{'':26}" + "".join(f"{'P     R     F1':>22}" for _ in results))
    for g in GROUPS:
        cells = []
        for r in results.values():
            s = r.get(g)
            cells.append(f"{s['precision']:.2f}  {s['recall']:.2f}  {s['f1']:.2f}" if s else "-")
        gold = max((r[g]["tp"] + r[g]["fn"] for r in results.values() if g in r), default=0)
        lines.append(f"{g:26}" + "".join(f"{c:>22}" for c in cells) + f"{gold:>12}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tune", action="store_true", help="grid-search parameters on the dev half")
    args = ap.parse_args(argv)

    items, themes = load_labelled(), load_themes()
    embedder = get_embedder(ModelSettings.from_env())
    scorer = Scorer(items, embedder, themes)
    dev, test = split(items)
    print(f"{len(items)} labelled passages: dev {len(dev)}, test {len(test)}")
    n = len(items)
    print(f"encoding passages: {n / scorer.encode_s:.0f} passages/s")
    print(
        f"assign() with vectors given (seed terms + one matrix product): "
        f"{n / scorer.assign_s:.0f} passages/s"
    )

    combined = tune(scorer, dev, False) if args.tune else T.DEFAULT
    emb_only = tune(scorer, dev, True) if args.tune else T.EMBEDDINGS_ONLY
    print(f"combined:        {combined}")
    print(f"embeddings only: {emb_only}")

    for name, rows in (("test half (never tuned on)", test), ("whole set", dev + test)):
        print(
            table(
                name,
                {
                    "seed terms only": scorer.score(scorer.seed_only(rows), rows),
                    "embeddings only": scorer.score(scorer.predict(emb_only, rows), rows),
                    "combined": scorer.score(scorer.predict(combined, rows), rows),
                },
            )
        )
    if args.tune:
        halves = (dev, test)
        print(
            table(
                "two-fold cross-validation (tuned on the other half)",
                {
                    "seed terms only": scorer.score(scorer.seed_only(dev + test), dev + test),
                    "embeddings only": cross_validated(
                        scorer, halves, lambda r: tune(scorer, r, True)
                    ),
                    "combined": cross_validated(scorer, halves, lambda r: tune(scorer, r, False)),
                },
            )
        )
        for proto in GRID["prototype"]:
            p = tune_fixed(scorer, dev, proto)
            s = scorer.score(scorer.predict(p, test), test)["all"]
            print(f"best {proto!r} prototype on dev: {p}; test F1 {s['f1']:.2f}")
    return 0


def tune_fixed(scorer: Scorer, rows: Sequence[int], proto: str) -> T.Params:
    """Best combined parameters with the prototype mode held fixed (to compare modes)."""
    saved = GRID["prototype"]
    GRID["prototype"] = (proto,)
    try:
        return replace(tune(scorer, rows, False), prototype=proto)
    finally:
        GRID["prototype"] = saved


if __name__ == "__main__":
    sys.exit(main())
