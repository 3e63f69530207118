"""Pool the passages six systems return for each query of queries_real.json, for judging.

    .venv/bin/python tests/eval/pool_real.py --data-dir DIR [--out FILE] [--depth 20] [--ids k01,p03]

For every query, the top `depth` passages of the product's keyword, semantic and hybrid
modes (index.search, the shipped settings) and of the three plain baselines of
baselines.py (BM25, MiniLM, their RRF fusion). The union goes to FILE (default
DIR/pool_real.json) with each passage's file stem, page, text and the rank each system
gave it, in a fixed order (by best rank, then store order), so the judge reads every
pooled passage once and does not see which system found it first. A hit the product
folded (the same text in another paper) brings its folded passages into the pool too.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import NAMES, Baselines  # noqa: E402

import index  # noqa: E402

QUERIES = Path(__file__).with_name("queries_real.json")
PRODUCT_MODES = ("keyword", "semantic", "hybrid")
SYSTEMS = PRODUCT_MODES + NAMES


def product_ranking(query: str, mode: str, depth: int, data_dir: Path) -> list[list[str]]:
    """The product's hits as lists of passage ids: the hit's own, then those folded in."""
    result = index.search(query, mode=mode, limit=depth, data_dir=data_dir)
    return [[h.passage_id, *(c.passage_id for c in h.also_in)] for h in result.hits]


def rankings(query: str, depth: int, data_dir: Path, baselines: Baselines) -> dict[str, list]:
    """System name -> its top `depth` hits, each a list of passage ids."""
    out = {m: product_ranking(query, m, depth, data_dir) for m in PRODUCT_MODES}
    for name in NAMES:
        out[name] = [[pid] for pid in baselines.rank(name, query, depth)]
    return out


def pool_query(q: dict, ranked: dict[str, list], baselines: Baselines) -> dict:
    """The union of the systems' hits for one query, each passage once."""
    lib = baselines.library
    where = {pid: i for i, pid in enumerate(lib.ids)}
    found: dict[str, dict[str, int]] = {}
    for system, hits in ranked.items():
        for rank, pids in enumerate(hits, 1):
            for pid in pids:
                found.setdefault(pid, {}).setdefault(system, rank)
    order = sorted(found, key=lambda pid: (min(found[pid].values()), where.get(pid, 0)))
    passages = []
    for pid in order:
        i = where[pid]
        passages.append(
            {
                "pid": pid,
                "file": lib.files[i],
                "page": lib.pages[i],
                "text": lib.texts[i],
                "ranks": found[pid],
            }
        )
    return {k: q[k] for k in ("id", "kind", "query", "need")} | {"pool": passages}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", required=True, help="the library (build_real_library.py)")
    ap.add_argument("--out", help="pool file to write (default DIR/pool_real.json)")
    ap.add_argument("--depth", type=int, default=20, help="hits taken from each system")
    ap.add_argument("--ids", help="only these query ids, comma-separated")
    args = ap.parse_args(argv)
    data_dir = Path(args.data_dir)
    out = Path(args.out) if args.out else data_dir / "pool_real.json"
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    if args.ids:
        wanted = set(args.ids.split(","))
        queries = [q for q in queries if q["id"] in wanted]
    baselines = Baselines(data_dir)
    pooled = []
    for q in queries:
        ranked = rankings(q["query"], args.depth, data_dir, baselines)
        pooled.append(pool_query(q, ranked, baselines))
        print(f"{q['id']}: {len(pooled[-1]['pool'])} passages", file=sys.stderr)
    out.write_text(json.dumps(pooled, indent=1, ensure_ascii=False), encoding="utf-8")
    total = sum(len(p["pool"]) for p in pooled)
    print(f"{len(pooled)} queries, {total} pooled passages -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
