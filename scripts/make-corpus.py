#!/usr/bin/env python3
"""Write JSONL corpora of French text from the project's own texts, or from yours.

    scripts/make-corpus.py [--corpus synthetic|news|FILE.jsonl] SEED OUT.jsonl:BYTES [OUT2.jsonl:BYTES ...]

--corpus synthetic (the default): each document is the article of examples/article-fr.txt
with the words of every paragraph shuffled, so that documents differ. It is
denser in names than news (a span every ~40 bytes) and has capitals everywhere.

--corpus news (or --news): each document is one whole article of tests/data/heldout/*.txt (news
articles written for the project), in a random order: real French news prose,
a span every ~80 bytes.

--corpus FILE.jsonl (or --from FILE.jsonl): the documents of FILE (JSONL with a "text" field; your own
news corpus, say), in a random order.

Each output file gets documents {"id": "docN", "text": ...} until it holds at
least BYTES bytes. The files are written in order from one random stream seeded
with SEED: the same arguments give the same bytes. Used by bench.sh,
vs-flashtext.sh and spark-local.sh.
"""
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article-fr.txt"
NEWS = ROOT / "tests" / "data" / "heldout"


def synthetic(rng):
    paragraphs = [p for p in ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    while True:
        yield "\n\n".join(" ".join(rng.sample(p.split(), len(p.split()))) for p in paragraphs)


def shuffled(rng, texts):
    if not texts:
        sys.exit("make-corpus: no documents to draw from")
    while True:
        order = list(range(len(texts)))
        rng.shuffle(order)
        for i in order:
            yield texts[i]


def main(argv):
    args = argv[1:]
    source = "synthetic"
    if args and args[0] == "--news":
        source, args = "news", args[1:]
    elif args and args[0] in ("--from", "--corpus"):
        if len(args) < 2:
            sys.exit(__doc__)
        source, path, args = "from", args[1], args[2:]
        if path in ("synthetic", "news"):
            source = path
        elif not Path(path).is_file():
            sys.exit(f"make-corpus: no corpus file '{path}'")
    if len(args) < 2:
        sys.exit(__doc__)
    rng = random.Random(int(args[0]))
    if source == "news":
        texts = [p.read_text(encoding="utf-8") for p in sorted(NEWS.glob("*.txt"))]
        documents = shuffled(rng, texts)
    elif source == "from":
        with open(path, encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        documents = shuffled(rng, texts)
    else:
        documents = synthetic(rng)
    for spec in args[1:]:
        out, size = spec.rsplit(":", 1)
        written, i = 0, 0
        with open(out, "w", encoding="utf-8") as f:
            while written < float(size):
                line = json.dumps({"id": f"doc{i}", "text": next(documents)}, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                i += 1


if __name__ == "__main__":
    main(sys.argv)
