"""Score the product's search modes and three plain baselines on the judged set of real papers.

    .venv/bin/python tests/eval/run_eval_real.py --data-dir DIR [--per-query] [--half dev|test|both]

DIR is a library built by build_real_library.py (pass --build to build or update it
first). Prints nDCG@10 with graded gains (2 = answers the need, 1 = partly), MRR and
success@10 for the product's keyword, semantic and hybrid modes and the plain BM25,
MiniLM and RRF baselines (baselines.py), per query kind (keyword, paraphrase,
year_borough) and per half (odd query numbers dev, even test). Warns for judgments that
match no passage and fails when a paraphrase shares a content word (stem) with one of
its judged passages. See JUDGING_REAL.md.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import NAMES, Baselines, Library  # noqa: E402

from index import get_index  # noqa: E402
from index.fusion import dup_key, near_duplicate  # noqa: E402
from index.keyword import analysed_terms  # noqa: E402

QUERIES = Path(__file__).with_name("queries_real.json")
PRODUCT_MODES = ("keyword", "semantic", "hybrid")
SYSTEMS = PRODUCT_MODES + NAMES
KINDS = ("keyword", "paraphrase", "year_borough")
K = 10
# Function words the index keeps but that carry no topic (for the paraphrase check):
# tests/eval/run_eval.py's list and a few more pronouns, auxiliaries and particles,
# compared as the analyser stems them ("they" is indexed as "thei", "was" as "wa").
_FUNCTION_TEXT = (
    "who whom whose what which where when why how into onto over under about after before "
    "less more most very much many some any all not no nor don t s their them they our "
    "was were be is are do does did can on up off out each other another too through "
    "whether same own without because everyone nobody nowhere instead via"
)
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split()) | analysed_terms(_FUNCTION_TEXT)


def norm(text: str) -> str:
    """Lowercase, straight quotes, single spaces: how a judgment's substring is matched."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


@dataclass
class Judged:
    """One query's judged passages resolved in a library: passage id -> grade, and the
    answer group of each (near-duplicate passages, the same text in two papers, are one
    answer)."""

    grade: dict[str, int]
    group: dict[str, int]

    def group_grades(self) -> list[int]:
        best: dict[int, int] = {}
        for pid, g in self.grade.items():
            best[self.group[pid]] = max(best.get(self.group[pid], 0), g)
        return sorted(best.values(), reverse=True)


def resolve(queries: list[dict], lib: Library) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Query id -> {passage id: grade}; and the judgments that match no passage."""
    by_file: dict[tuple[str, int], list[int]] = {}
    for i, (stem, page) in enumerate(zip(lib.files, lib.pages, strict=True)):
        by_file.setdefault((stem, page), []).append(i)
    texts = [norm(t) for t in lib.texts]
    out: dict[str, dict[str, int]] = {}
    missing = []
    for q in queries:
        grades: dict[str, int] = {}
        for j in q["relevant"]:
            needle = norm(j["contains"])
            found = [i for i in by_file.get((j["file"], j["page"]), []) if needle in texts[i]]
            if not found:
                missing.append(f"{q['id']}: {j['file']} p{j['page']} '{j['contains']}'")
            for i in found:
                pid = lib.ids[i]
                grades[pid] = max(grades.get(pid, 0), j["grade"])
        out[q["id"]] = grades
    return out, missing


class Copies:
    """Near-duplicate passages of a library (the same text in two papers, as the product's
    search folds them: index.search.near_duplicate). Candidates share one of their three
    rarest words, so the library is not compared pair by pair."""

    def __init__(self, lib: Library) -> None:
        self.keys = [dup_key(t) for t in lib.texts]
        df: dict[str, int] = {}
        for _, words in self.keys:
            for w in words:
                df[w] = df.get(w, 0) + 1
        self.buckets: dict[str, list[int]] = {}
        self.rare: list[list[str]] = []
        for i, (_, words) in enumerate(self.keys):
            rare = sorted(words, key=lambda w: (df[w], w))[:3]
            self.rare.append(rare)
            for w in rare:
                self.buckets.setdefault(w, []).append(i)

    def of(self, i: int) -> list[int]:
        """Passages that are near-duplicates of passage i (i itself included)."""
        found = {i}
        for w in self.rare[i]:
            for j in self.buckets[w]:
                if j not in found and near_duplicate(self.keys[i], self.keys[j]):
                    found.add(j)
        return sorted(found)


def with_copies(grades: dict[str, int], lib: Library, copies: Copies) -> Judged:
    """Extend a query's judgments to near-duplicates of judged passages (the same text in
    another paper: a system that shows the copy shows the same answer) and make each set
    of near-duplicates one answer group."""
    index_of = {pid: i for i, pid in enumerate(lib.ids)}
    grade: dict[str, int] = {}
    group: dict[str, int] = {}
    for pid in sorted(grades, key=lambda p: (-grades[p], index_of[p])):
        if pid in group:
            continue
        n = len(set(group.values()))
        for j in copies.of(index_of[pid]):
            twin = lib.ids[j]
            if twin not in group:
                group[twin] = n
                grade[twin] = grades.get(twin, grades[pid])
    return Judged(grade, group)


def scores(ranked: list[list[str]], judged: Judged, k: int = K) -> tuple[float, float, float]:
    """(nDCG@k, reciprocal rank, success@k) of one ranking. A hit is a list of passage ids
    (a folded hit holds its near-duplicates); it earns the best grade among the answers it
    shows that no higher hit showed already, so the same answer twice counts once. The
    ideal ranking shows each answer once, best grades first."""
    seen: set[int] = set()
    dcg, first = 0.0, None
    for rank, pids in enumerate(ranked[:k]):
        new = {judged.group[p] for p in pids if p in judged.grade} - seen
        if not new:
            continue
        gain = max(judged.grade[p] for p in pids if p in judged.grade and judged.group[p] in new)
        seen |= new
        dcg += gain / math.log2(rank + 2)
        first = rank if first is None else first
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(judged.group_grades()[:k]))
    rr = 0.0 if first is None else 1.0 / (first + 1)
    return (dcg / ideal if ideal else 0.0), rr, (0.0 if first is None else 1.0)


def half(query_id: str) -> str:
    """'dev' for odd query numbers, 'test' for even ones."""
    return "dev" if int(re.sub(r"\D", "", query_id)) % 2 else "test"


def paraphrase_problems(
    queries: list[dict], judged: dict[str, dict[str, int]], lib: Library
) -> list[str]:
    """Paraphrases that share a content word (stem, the index's analyser) with a judged
    passage: keyword search alone must not be able to answer them."""
    text = dict(zip(lib.ids, lib.texts, strict=True))
    problems = []
    for q in queries:
        if q["kind"] != "paraphrase":
            continue
        terms = analysed_terms(re.sub(r"[-']", " ", q["query"])) - FUNCTION_WORDS
        for pid in judged[q["id"]]:
            common = terms & analysed_terms(re.sub(r"[-']", " ", text[pid]))
            if common:
                problems.append(f"{q['id']} '{q['query']}' shares {sorted(common)} with {pid}")
    return problems


def run_systems(queries: list[dict], data_dir: Path, baselines: Baselines) -> dict:
    """(query id, system) -> the system's top K hits as lists of passage ids."""
    product = get_index(data_dir)
    out: dict[tuple[str, str], list[list[str]]] = {}
    for q in queries:
        for mode in PRODUCT_MODES:
            res = product.search(q["query"], mode=mode, limit=K, facets=False)
            out[q["id"], mode] = [
                [h.passage_id, *(c.passage_id for c in h.also_in)] for h in res.hits
            ]
        for name in NAMES:
            out[q["id"], name] = [[pid] for pid in baselines.rank(name, q["query"], K)]
    return out


def table(
    rows: dict[tuple[str, str, str], list[tuple[float, float, float]]], halves: list[str]
) -> str:
    """Three blocks (nDCG@10, MRR, success@10): a row per half and query kind, a column
    per system."""
    lines = []
    for m, metric in enumerate((f"nDCG@{K}", "MRR", f"success@{K}")):
        lines.append(f"\n{metric}")
        lines.append(f"{'half':<6}{'kind':<14}{'n':>4}" + "".join(f"{s:>10}" for s in SYSTEMS))
        for part in halves:
            for kind in ("all", *KINDS):
                n = len(rows.get((part, kind, SYSTEMS[0]), []))
                if not n:
                    continue
                cells = "".join(
                    f"{sum(x[m] for x in rows[part, kind, s]) / n:>10.3f}" for s in SYSTEMS
                )
                lines.append(f"{part:<6}{kind:<14}{n:>4}{cells}")
    return "\n".join(lines)


def evaluate(queries: list[dict], ranked: dict, judged: dict[str, Judged]) -> tuple[dict, dict]:
    """Scores gathered per (half, kind, system), and per query."""
    rows: dict[tuple[str, str, str], list[tuple[float, float, float]]] = {}
    per_query: dict[str, dict[str, float]] = {}
    for q in queries:
        for s in SYSTEMS:
            m = scores(ranked[q["id"], s], judged[q["id"]])
            for part in (half(q["id"]), "both"):
                for kind in ("all", q["kind"]):
                    rows.setdefault((part, kind, s), []).append(m)
            per_query.setdefault(q["id"], {})[s] = m[0]
    return rows, per_query


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", required=True, help="the library (build_real_library.py)")
    ap.add_argument("--build", action="store_true", help="build or update the library first")
    ap.add_argument("--per-query", action="store_true", help="print nDCG@10 per query and system")
    ap.add_argument("--half", default="both", choices=("dev", "test", "both"))
    args = ap.parse_args(argv)
    data_dir = Path(args.data_dir)
    if args.build:
        from build_real_library import build

        build(data_dir, quiet=True)
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    if args.half != "both":
        queries = [q for q in queries if half(q["id"]) == args.half]
    baselines = Baselines(data_dir)
    lib = baselines.library
    grades, missing = resolve(queries, lib)
    for m in missing:
        print(f"warning: judgment matches no passage: {m}", file=sys.stderr)
    empty = [q["id"] for q in queries if not grades[q["id"]]]
    for qid in empty:
        print(f"error: query {qid} has no judged passage in this library", file=sys.stderr)
    problems = paraphrase_problems(queries, grades, lib)
    for p in problems:
        print(f"paraphrase not clean: {p}", file=sys.stderr)
    copies = Copies(lib)
    judged = {qid: with_copies(g, lib, copies) for qid, g in grades.items()}
    rows, per_query = evaluate(queries, run_systems(queries, data_dir, baselines), judged)
    if args.per_query:
        print(f"{'query':<6}" + "".join(f"{s:>10}" for s in SYSTEMS))
        for qid, by_system in per_query.items():
            print(f"{qid:<6}" + "".join(f"{by_system[s]:>10.2f}" for s in SYSTEMS))
    halves = ["dev", "test", "both"] if args.half == "both" else [args.half]
    print(table(rows, halves))
    return 1 if empty or problems else 0


if __name__ == "__main__":
    sys.exit(main())
