"""Score the recommendations extractor against the hand-labelled set.

    .venv/bin/python tests/eval/run_recommendations_eval.py            # all documents
    .venv/bin/python tests/eval/run_recommendations_eval.py --show     # also list misses and extras
    .venv/bin/python tests/eval/run_recommendations_eval.py --only bexley --show

The labelled set (tests/eval/recommendations_labelled.json, see RECOMMENDATIONS.md) holds
every formal recommendation of the twenty Ofsted reports in ../shared/realdocs and the
recommendation lists and tables of corpus/papers. Each document is read with the normal
reader (ingest.pipeline.parse_file, no other enrichers) and ``ingest.extract.recommendations.extract``
runs on it; only records of kind ``recommendation`` count (``concern`` records are not
recommendations and are left out).

A predicted recommendation matches a labelled one when it is in the same document, on the
labelled page (or within the labelled page range of a table that runs over pages), and its
text matches fuzzily: after lower-casing and dropping punctuation and a leading number, the
similarity ratio is >= 0.85, or one text holds the other and the shorter is at least 60% of
the longer. Matching is one to one (best ratio first). Precision = matched predictions /
predictions; recall = matched labels / labels; both per document type and overall.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "eval" / "recommendations_labelled.json"
REALDOCS = ROOT.parent / "shared" / "realdocs"


def _norm(text: str) -> str:
    text = re.sub(r"^\s*(?:\d{1,3}[.)]|[\u25aa\u25fc\u25a0\u2022\u25cf\uf06e\uf02d-])\s*", "", text)
    text = re.sub(r"-\s+", "-", text)  # "multi- agency" from a line break
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def similar(a: str, b: str) -> float:
    """0..1: how well a predicted text matches a labelled one."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return 0.0
    short, long_ = sorted((x, y), key=len)
    if short in long_ and len(short) >= 0.6 * len(long_):
        return max(0.9, SequenceMatcher(None, x, y).ratio())
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


def documents(realdocs: Path) -> dict[str, Path]:
    paths = {
        p.name: p for sub in ("lscb-reviews", "tri-borough") for p in (realdocs / sub).glob("*.pdf")
    }
    for folder in (ROOT / "corpus" / "papers", ROOT / "corpus" / "fixtures" / "papers"):
        paths.update({p.name: p for p in folder.iterdir() if p.is_file()})
    return paths


def doc_types(items: list[dict]) -> dict[str, str]:
    types = {i["document"]: i["doc_type"] for i in items}
    truths = [ROOT / "corpus" / "truth", ROOT / "corpus" / "fixtures" / "truth"]
    for truth in (t for folder in truths for t in folder.glob("*.truth.json")):
        t = json.loads(truth.read_text(encoding="utf-8"))
        types.setdefault(t["file"], t["metadata"]["doc_type"])
    return types


def parse(path: Path, cache: Path | None):
    from ingest.pipeline import parse_file

    if cache:
        key = cache / f"{path.name}.{path.stat().st_size}.pickle"
        if key.exists():
            return pickle.loads(key.read_bytes())
    parsed = parse_file(path, enrich=False)
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        key.write_bytes(pickle.dumps(parsed))
    return parsed


def match(
    preds: list[dict], labels: list[dict]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """One-to-one matches (pred index, label index), unmatched preds, unmatched labels."""
    pairs = []
    for i, p in enumerate(preds):
        for j, lab in enumerate(labels):
            lo, hi = lab["page"], lab.get("page_end", lab["page"])
            if not lo <= p["page"] <= hi:
                continue
            s = similar(p["text"], lab["text"])
            if s >= 0.85:
                pairs.append((s, i, j))
    used_p, used_l, out = set(), set(), []
    for _s, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_l:
            used_p.add(i)
            used_l.add(j)
            out.append((i, j))
    return (
        out,
        [i for i in range(len(preds)) if i not in used_p],
        [j for j in range(len(labels)) if j not in used_l],
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--realdocs", type=Path, default=REALDOCS)
    ap.add_argument("--only", default="", help="only documents whose file name contains this")
    ap.add_argument("--show", action="store_true", help="list missed and extra recommendations")
    ap.add_argument(
        "--cache", type=Path, default=None, help="keep parsed documents here (speeds re-runs)"
    )
    args = ap.parse_args(argv)

    from ingest.extract import recommendations

    items = json.loads(LABELLED.read_text(encoding="utf-8"))["items"]
    types = doc_types(items)
    paths = documents(args.realdocs)
    missing = sorted({i["document"] for i in items} - set(paths))
    if missing:
        print(f"Cannot find these labelled documents: {', '.join(missing)}", file=sys.stderr)
        return 2
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_doc[item["document"]].append(item)
    totals: dict[str, list[int]] = defaultdict(
        lambda: [0, 0, 0, 0]
    )  # tp_pred, preds, tp_lab, labels
    who = [0, 0]  # matched pairs whose addressee kind agrees, matched pairs
    rows = []
    for name in sorted(paths):
        if args.only and args.only not in name:
            continue
        parsed = parse(paths[name], args.cache)
        recs = [r for r in recommendations.extract(parsed) if r.kind == "recommendation"]
        preds = [{"page": r.page, "text": r.fields.text, "data": r.data} for r in recs]
        labels = by_doc.get(name, [])
        pairs, extra, missed = match(preds, labels)
        dtype = types.get(name, "other")
        for key in (dtype, "all"):
            t = totals[key]
            t[0] += len(pairs)
            t[1] += len(preds)
            t[2] += len(pairs)
            t[3] += len(labels)
        rows.append((name, len(labels), len(preds), len(pairs)))
        for i, j in pairs:
            who[1] += 1
            who[0] += preds[i]["data"].get("addressee", "") == labels[j]["addressee"]
            if args.show and preds[i]["data"].get("addressee", "") != labels[j]["addressee"]:
                print(
                    f"  ADDRESSEE {name} p{labels[j]['page']}: labelled {labels[j]['addressee']!r}, "
                    f"found {preds[i]['data'].get('addressee', '')!r} ({preds[i]['data'].get('addressed_to', '')})"
                )
            if args.show and similar(preds[i]["text"], labels[j]["text"]) < 0.97:
                print(
                    f"  TEXT {name} p{labels[j]['page']}:\n    label {labels[j]['text']}\n    found {preds[i]['text']}"
                )
        if args.show and (extra or missed):
            print(f"\n== {name}")
            for j in missed:
                print(
                    f"  MISSED  p{labels[j]['page']} #{labels[j].get('number')}: {labels[j]['text'][:110]}"
                )
            for i in extra:
                print(f"  EXTRA   p{preds[i]['page']}: {preds[i]['text'][:110]}")
    print(f"\n{'document':58} {'labels':>6} {'found':>6} {'match':>6}")
    for name, n_lab, n_pred, n_match in rows:
        print(f"{name[:58]:58} {n_lab:6} {n_pred:6} {n_match:6}")
    print(f"\n{'document type':20} {'labels':>6} {'found':>6} {'precision':>9} {'recall':>7}")
    for key in sorted(totals, key=lambda k: (k == "all", k)):
        tp, npred, tpl, nlab = totals[key]
        prec = tp / npred if npred else 1.0
        rec = tpl / nlab if nlab else 1.0
        print(f"{key:20} {nlab:6} {npred:6} {prec:9.3f} {rec:7.3f}")
    if who[1]:
        print(
            f"\naddressee kind right on {who[0]} of {who[1]} matched recommendations ({who[0] / who[1]:.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
