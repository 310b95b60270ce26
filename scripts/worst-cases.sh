#!/usr/bin/env bash
# Worst-case inputs for `balise tag`, each at two sizes (S and 10×S bytes), to
# check that time grows linearly: the throughput of the large run (start-up
# subtracted) should not fall below the small one's, and memory should grow
# no faster than the input.
#
#   scripts/worst-cases.sh [S_MB]      # default 2 (so 2 MB and 20 MB inputs)
#
# Cases: one document with no newline made of the example article repeated,
# the same in ALL CAPS, a line of apostrophes, "l'" repeated, 10,000-character
# tokens, a hyphenated compound of 100,000s of parts, and a sentence of names found
# by rules, titled aliases and small places abroad repeated, and thousands of
# different unknown people, thousands of acronym definitions, opening parentheses
# that one closing parenthesis ends, and topic triggers with their vetoes. Topics
# are computed too (--topics).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-2}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q
balise="$target/release/balise"
work="$target/worst-cases"
mkdir -p "$work"
python3 - "$mb" "$work" <<'PY'
import sys
mb, out = float(sys.argv[1]), sys.argv[2]
article = open("examples/article-fr.txt", encoding="utf-8").read().replace("\n", " ") + " "
named = "Le pape François a vu Crespo et M. Lavergne, puis Thomas De Gendt. "
vetoed = "Le climat des affaires se tend, le climat change et la guerre des prix continue. "


def acronym(i):
    """Four capitals, different for every i below 26**4."""
    return "".join(chr(65 + (i // 26**k) % 26) for k in range(4))


def acronym_long(i):
    """Four capitalised words whose initials spell acronym(i)."""
    return " ".join(c + surname(i + k).lower()[1:] for k, c in enumerate(acronym(i)))


def surname(i):
    """A made-up capitalised surname, different for every i."""
    letters = "bcdfglmnprstv"
    vowels = "aeiou"
    out = ""
    while True:
        out += letters[i % len(letters)] + vowels[(i // len(letters)) % len(vowels)]
        i //= len(letters) * len(vowels)
        if i == 0:
            return out.capitalize() + "ard"

cases = {
    "one-line-article": lambda n: (article * (n // len(article.encode()) + 1)),
    "all-caps": lambda n: (article.upper() * (n // len(article.encode()) + 1)),
    "apostrophes": lambda n: "'" * n,
    "elisions": lambda n: "l'" * (n // 2),
    "long-tokens": lambda n: " ".join(["a" * 10000] * (n // 10001)),
    "hyphen-chain": lambda n: "-".join(["Paris"] * (n // 6)),
    # Names found by rules and propagated, titles in aliases, small places
    # abroad: every mention is checked against every other in a naive resolver.
    "repeated-names": lambda n: named * (n // len(named.encode()) + 1),
    # Thousands of different unknown people, each found by a rule and
    # looked for again in the whole document.
    "distinct-names": lambda n: "".join(
        f"Hier, Jean {surname(i)} a parlé. " for i in range(n // 30 + 1)
    ),
    # Topic triggers and the vetoes that cancel them, over and over.
    "topic-vetoes": lambda n: vetoed * (n // len(vetoed.encode()) + 1),
    # Thousands of acronyms, each defined once and used again.
    "acronym-definitions": lambda n: "".join(
        f"Le {acronym_long(i)} ({acronym(i)}) agit. Le {acronym(i)} parle. "
        for i in range(n // 60 + 1)
    ),
    # Opening parentheses by the thousand and a single closing one at the end.
    "open-parentheses": lambda n: "Le Fonds monétaire (" * (n // 21 + 1) + "FMI)",
}
for name, make in cases.items():
    for scale, suffix in [(1, "small"), (10, "large")]:
        with open(f"{out}/{name}.{suffix}.txt", "w", encoding="utf-8") as f:
            f.write(make(int(mb * 1e6 * scale)))
PY
# Spans and topics, as a user tagging a corpus would ask.
run() { /usr/bin/time -f "%e %M" "$balise" tag -q -j 1 --topics "$work/topics.csv" "$1" 2>&1 >/dev/null | tail -1; }
read -r t0 _ < <(echo "" | /usr/bin/time -f "%e %M" "$balise" tag -q -j 1 --topics "$work/topics.csv" 2>&1 >/dev/null | tail -1)
printf "%-18s %9s %9s %12s %12s %9s\n" case "small s" "large s" "small MB/s" "large MB/s" "peak MB"
for f in "$work"/*.small.txt; do
    name=$(basename "$f" .small.txt)
    read -r ts _ < <(run "$f")
    read -r tl ml < <(run "$work/$name.large.txt")
    bs=$(stat -c %s "$f")
    bl=$(stat -c %s "$work/$name.large.txt")
    rates=$(python3 -c "import sys; t0,ts,tl,bs,bl=map(float,sys.argv[1:]); r=lambda b,t: b/1e6/max(t-t0,0.01); print(f'{r(bs,ts):.1f} {r(bl,tl):.1f}')" "$t0" "$ts" "$tl" "$bs" "$bl")
    read -r rs rl <<< "$rates"
    printf "%-18s %9s %9s %12s %12s %9s\n" "$name" "$ts" "$tl" "$rs" "$rl" "$((ml / 1024))"
done
echo "(start-up ${t0} s subtracted from both; linear time means large MB/s ≥ small MB/s)"
