#!/usr/bin/env python3
"""Independent check of `balise eval ner` exact-match figures.

Reads a BRAT gold folder and a spans CSV written by `balise tag` on the same
texts, and prints precision, recall and F1 per type and overall for exact
matches (same document, same character offsets, same type). Standard library
only; shares no code with balise.

    balise tag --input-format text GOLD_DIR > /tmp/spans.csv    # doc_id = path relative to GOLD_DIR
    python3 scripts/ner_check.py GOLD_DIR /tmp/spans.csv --map Person=PER,Location=LOC,Organization=ORG
"""
import argparse
import collections
import csv
import os
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold_dir")
    ap.add_argument("spans_csv")
    ap.add_argument("--map", default="")
    ap.add_argument("--types", default="PER,LOC,ORG")
    args = ap.parse_args()
    mapping = dict(p.split("=", 1) for p in args.map.split(",") if p)
    types = set(args.types.split(","))

    gold = collections.Counter()
    annotated = set()
    for root, _, files in os.walk(args.gold_dir):
        for name in files:
            if not name.endswith(".ann"):
                continue
            txt = os.path.relpath(os.path.join(root, name[:-4] + ".txt"), args.gold_dir).replace(os.sep, "/")
            annotated.add(txt)
            with open(os.path.join(root, name), encoding="utf-8") as f:
                for line in f:
                    if not line.startswith("T"):
                        continue
                    label_offsets = line.split("\t")[1]
                    label, *offsets = label_offsets.replace(";", " ").split(" ")
                    label = mapping.get(label, label)
                    if label in types:
                        nums = [int(x) for x in offsets]
                        gold[(txt, min(nums), max(nums), label)] += 1

    pred = collections.Counter()
    with open(args.spans_csv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            # Only documents that have a gold annotation file are scored.
            if row["type"] in types and row["doc_id"] in annotated:
                pred[(row["doc_id"], int(row["start"]), int(row["end"]), row["type"])] += 1

    rows = []
    total = [0, 0, 0]
    for t in sorted(types):
        g = collections.Counter({k: v for k, v in gold.items() if k[3] == t})
        p = collections.Counter({k: v for k, v in pred.items() if k[3] == t})
        tp = sum((g & p).values())
        fp = sum(p.values()) - tp
        fn = sum(g.values()) - tp
        rows.append((t, tp, fp, fn))
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
    rows.append(("overall", *total))
    print(f"{'type':<8} {'precision':>9} {'recall':>9} {'F1':>9} {'tp':>7} {'fp':>7} {'fn':>7}")
    for t, tp, fp, fn in rows:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{t:<8} {p:>9.3f} {r:>9.3f} {f1:>9.3f} {tp:>7} {fp:>7} {fn:>7}")


if __name__ == "__main__":
    sys.exit(main())
