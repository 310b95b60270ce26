#!/usr/bin/env bash
# Steady-state throughput of `balise tag`, on a French-like corpus generated from
# the project's own example text (no ../shared needed).
#
#   scripts/bench.sh [MB] [extra balise tag flags…]
#
# One thread unless THREADS is set (THREADS=2 scripts/bench.sh 50).
# CORPUS picks the text (see scripts/make-corpus.py): synthetic (default: the
# example page with its words shuffled, dense in names), news (the held-out
# news articles of tests/data/heldout) or a JSONL file of your own
# (CORPUS=my-news.jsonl scripts/bench.sh 50).
#
# Builds the release binary, writes two JSONL corpora (MB and MB/10 megabytes)
# under target/bench/, times `balise tag` on each (best of 3) and reports
# (bytes_large − bytes_small) / (time_large − time_small), so start-up (loading
# and building the gazetteers) is not counted; start-up is reported on its own.
set -euo pipefail
# A corpus file's path is made absolute before the cd below.
[[ ${CORPUS:=synthetic} == synthetic || $CORPUS == news ]] || CORPUS=$(realpath "$CORPUS")
cd "$(dirname "$0")/.."
mb=${1:-50}
shift || true
cargo build --release -q
out=target/bench
mkdir -p "$out"
python3 scripts/make-corpus.py --corpus "$CORPUS" 1 "$out/large.jsonl:$(echo "$mb * 1000000" | bc)" "$out/small.jsonl:$(echo "$mb * 100000" | bc)"
best() {
    local file=$1; shift
    local best=
    for _ in 1 2 3; do
        local s e t
        s=$(date +%s.%N)
        ./target/release/balise tag -q -j "${THREADS:-1}" "$@" "$file" > /dev/null
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}
empty=$(mktemp)
echo '{"id":"0","text":""}' > "$empty"
t0=$(best "$empty" "$@")
ts=$(best "$out/small.jsonl" "$@")
tl=$(best "$out/large.jsonl" "$@")
bs=$(stat -c %s "$out/small.jsonl")
bl=$(stat -c %s "$out/large.jsonl")
rm -f "$empty"
echo "corpus: $CORPUS"
echo "start-up (empty input): ${t0} s"
echo "small: ${bs} bytes in ${ts} s; large: ${bl} bytes in ${tl} s"
echo "steady-state throughput: $(echo "($bl - $bs) / ($tl - $ts) / 1000000" | bc -l | cut -c1-6) MB/s"
