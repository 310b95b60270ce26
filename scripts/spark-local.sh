#!/usr/bin/env bash
# Tag a JSONL corpus with balise under Apache Spark, in local mode: each
# partition of the corpus is piped through `balise tag` (RDD.pipe), so balise
# runs as a streaming filter — JSONL documents on stdin, one JSON record per
# document on stdout — exactly as it would on a cluster.
#
#   scripts/spark-local.sh [CORPUS.jsonl] [PARTITIONS]
#
# Needs pyspark (pip install pyspark) and Java; without them it says so and
# exits 0. With no corpus, it generates one (scripts/make-corpus.py).
# It checks that the Spark output, sorted by document, is identical to a plain
# `balise tag` run over the same corpus, and exits 1 if not.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
python=${PYTHON:-python3}
if ! "$python" -c 'import pyspark' 2>/dev/null; then
    echo "spark-local: pyspark is not installed for $python (pip install pyspark); skipped"
    exit 0
fi
if ! command -v java >/dev/null; then
    echo "spark-local: no java on PATH; skipped"
    exit 0
fi
cargo build --release -q
balise=$(realpath "$target/release/balise")
work="$target/spark-local"
rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")
corpus=${1:-}
partitions=${2:-4}
if [ -z "$corpus" ]; then
    corpus="$work/corpus.jsonl"
    "$python" scripts/make-corpus.py 3 "$corpus:2500000"
fi
corpus=$(realpath "$corpus")

# The reference: one balise process over the whole corpus.
"$balise" tag -q --jsonl --format jsonl "$corpus" | sort > "$work/expected.jsonl"

"$python" - "$balise" "$corpus" "$partitions" "$work/spark-out" <<'PY'
import sys, time
from pyspark.sql import SparkSession

balise, corpus, partitions, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
spark = (SparkSession.builder.master("local[2]").appName("balise")
         .config("spark.ui.enabled", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
started = time.time()
documents = spark.sparkContext.textFile("file://" + corpus, minPartitions=partitions)
# One balise process per partition; -j 1 because Spark already runs one task per core.
records = documents.pipe(f"{balise} tag -q -j 1 --jsonl --format jsonl")
records.saveAsTextFile("file://" + out)
print(f"spark-local: {documents.getNumPartitions()} partitions tagged in {time.time() - started:.1f} s")
spark.stop()
PY
cat "$work"/spark-out/part-* | sort > "$work/spark.jsonl"
if cmp -s "$work/expected.jsonl" "$work/spark.jsonl"; then
    echo "spark-local: $(wc -l < "$work/spark.jsonl") documents; output identical to a single balise run"
else
    echo "spark-local: output differs from a single balise run (see $work)" >&2
    exit 1
fi
