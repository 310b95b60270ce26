#!/usr/bin/env bash
# Evaluate balise on the held-out French news sets (tests/data/heldout and
# tests/data/heldout2): entities (PER/LOC/ORG, with and without rules) and
# topics (IPTC top level).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -q
BALISE="${CARGO_TARGET_DIR:-target}/release/balise"
for SET in tests/data/heldout tests/data/heldout2; do
  echo "######## $SET"
  echo "== NER: balise eval ner $SET --types PER,LOC,ORG"
  "$BALISE" eval ner "$SET" --gold-format brat --types PER,LOC,ORG
  echo
  echo "== NER, gazetteers only: --no-rules"
  "$BALISE" eval ner "$SET" --gold-format brat --types PER,LOC,ORG --no-rules
  echo
  echo "== Topics: balise eval topics $SET/topics.tsv"
  "$BALISE" eval topics "$SET/topics.tsv" --text-column headline,text \
    --label-column category --map-file "$SET/topic-map.txt"
  echo
done
