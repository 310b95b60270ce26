#!/usr/bin/env python3
"""Write French-like JSONL corpora from the project's own example article.

    scripts/make-corpus.py SEED OUT.jsonl:BYTES [OUT2.jsonl:BYTES ...]

Each document is the article of examples/article-fr.txt with the words of every
paragraph shuffled, so that documents differ; each file gets documents
{"id": "docN", "text": ...} until it holds at least BYTES bytes. The files are
written in order from one random stream seeded with SEED: the same arguments
give the same bytes. Used by bench.sh, vs-flashtext.sh and spark-local.sh.
"""
import json
import random
import sys
from pathlib import Path

ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "article-fr.txt"


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    rng = random.Random(int(argv[1]))
    paragraphs = [p for p in ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    for spec in argv[2:]:
        path, size = spec.rsplit(":", 1)
        written, i = 0, 0
        with open(path, "w", encoding="utf-8") as f:
            while written < float(size):
                text = "\n\n".join(" ".join(rng.sample(p.split(), len(p.split()))) for p in paragraphs)
                line = json.dumps({"id": f"doc{i}", "text": text}, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                i += 1


if __name__ == "__main__":
    main(sys.argv)
