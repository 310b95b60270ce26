#!/usr/bin/env bash
# Side-by-side benchmark: balise vs the Python library flashtext (PyPI flashtext==2.7),
# same place gazetteer, same corpus, one thread each. No ../shared needed.
#
#   scripts/vs-flashtext.sh [--aliases N] [--mb M] [--corpus synthetic|news|FILE] [--keep]
#
# What it does
#   1. Builds the balise release binary (${CARGO_TARGET_DIR:-target}/release/balise).
#   2. Installs flashtext==2.7 into a private venv, $TARGET/vs-flashtext/venv (kept
#      between runs). Without python3, venv or pip, it prints "skipped" and exits 0.
#   3. Builds a gazetteer of exactly N distinct place aliases (default 700000): every LOC
#      name and alias of gazetteers/packs/*.tsv and gazetteers/default/places.tsv (98k
#      distinct ones), topped up with synthetic, capitalised, multi-token place-like names made
#      from parts of the real ones ("Saint-X-sur-Y", "X-les-Bains", "Haute-X" …; seeded,
#      so deterministic). Aliases are distinct after balise's normalisation (case,
#      accents, hyphen = space), hence also for flashtext. Written twice, with the same
#      aliases: a balise gazetteer (one LOC row per alias, id vf:K) and a flashtext
#      keyword list (alias TAB vf:K).
#   4. Writes two JSONL corpora, M and M/10 megabytes (default M = 20), like
#      scripts/bench.sh, with scripts/make-corpus.py: by default shuffled words of
#      examples/article-fr.txt paragraphs (dense in names); --corpus news draws whole
#      articles of tests/data/heldout, --corpus FILE the documents of your JSONL file.
#   5. Runs each tool 3 times on an empty input, the small and the large corpus, output
#      to /dev/null, one thread:
#        balise:    balise tag --stats -j 1 --no-default-gazetteer -g places.tsv --no-rules FILE
#                   (no -q: its summary line gives the match count; --stats gives the
#                   in-process timings; no topics are computed for CSV output)
#        flashtext: python driver.py keywords.tsv FILE — KeywordProcessor(case_sensitive=
#                   False), add_keyword(alias, id) for every alias, then for each JSONL
#                   document extract_keywords(text, span_info=True) and one
#                   "doc_id,start,end,id" CSV line per match.
#      Both parse the same JSONL and write CSV. flashtext is single-threaded by nature.
#
# Definitions (the same for both tools; "best" = best of 3 runs)
#   start-up      = best wall time of a whole run on a one-document input with empty
#                   text (process start, gazetteer load, automaton / trie build).
#   scan time     = measured inside the process, from "dictionary ready" to "output
#                   written": reading + JSON parsing + matching + CSV writing. balise:
#                   read + tag + write of --stats; flashtext: the driver's own clock.
#   steady MB/s   = (bytes_large − bytes_small) / (scan_large − scan_small), best scans,
#                   bytes = JSONL file sizes. Start-up cancels out, and so does its
#                   jitter: with 700k aliases both tools take seconds to start, and the
#                   same formula on whole-run wall times is dominated by that noise (it
#                   is printed too, in the details table, for reference).
#   peak RSS      = maximum resident set over the large-corpus runs, from
#                   /usr/bin/time -f %M if present, else from wait4() on the child.
#   matches       = spans reported on the large corpus. Informational: balise checks
#                   token boundaries, matches accent-insensitively but case-aware for
#                   one-word names, and keeps the longest of overlapping mentions;
#                   flashtext lower-cases and treats every non-ASCII letter (é, à …) as
#                   a word boundary.
#
# Generated files go to $TARGET/vs-flashtext/ and are removed at the end unless --keep
# (the venv stays, so a second run does not reinstall).
set -euo pipefail

usage() {
    sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOF'
Options:
  --aliases N   number of place aliases in the gazetteer (default 700000)
  --mb M        size of the large corpus in MB; the small one is M/10 (default 20)
  --corpus C    synthetic (default), news (tests/data/heldout articles) or a JSONL file
  --keep        keep the generated gazetteer, keyword list and corpora
  -h, --help    this help
Environment: CARGO_TARGET_DIR (build and work directory, default target)
EOF
}

aliases=700000
mb=20
keep=0
corpus=synthetic
while [ $# -gt 0 ]; do
    case $1 in
        --aliases) aliases=${2:?--aliases needs a number}; shift 2 ;;
        --aliases=*) aliases=${1#*=}; shift ;;
        --mb) mb=${2:?--mb needs a number}; shift 2 ;;
        --mb=*) mb=${1#*=}; shift ;;
        --corpus) corpus=${2:?--corpus needs synthetic, news or a file}; shift 2 ;;
        --corpus=*) corpus=${1#*=}; shift ;;
        --keep) keep=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "vs-flashtext: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
[[ $aliases =~ ^[1-9][0-9]*$ ]] || { echo "vs-flashtext: --aliases must be a positive integer" >&2; exit 2; }
[[ $mb =~ ^[0-9]+([.][0-9]+)?$ && ! $mb =~ ^0*([.]0*)?$ ]] || { echo "vs-flashtext: --mb must be a positive number" >&2; exit 2; }

# A corpus file's path is made absolute before the cd below.
[[ $corpus == synthetic || $corpus == news ]] || corpus=$(realpath "$corpus")
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
balise=$target/release/balise
out=$target/vs-flashtext

if ! command -v python3 > /dev/null; then
    echo "vs-flashtext: python3 not found; skipped"
    exit 0
fi

cargo build --release -q
mkdir -p "$out"

# --- flashtext in a private venv -----------------------------------------------------
venv=$out/venv
if ! "$venv/bin/python" -c 'import importlib.metadata as m, flashtext; assert m.version("flashtext") == "2.7"' 2> /dev/null; then
    echo "vs-flashtext: installing flashtext==2.7 into $venv" >&2
    if ! python3 -m venv "$venv" > /dev/null 2>&1 || [ ! -x "$venv/bin/python" ]; then
        echo "vs-flashtext: cannot create a Python venv (python3-venv missing?); skipped"
        exit 0
    fi
    if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check flashtext==2.7 >&2; then
        echo "vs-flashtext: pip could not install flashtext==2.7; skipped"
        exit 0
    fi
fi

cleanup() {
    if [ "$keep" = 0 ]; then
        rm -f "$out/places.tsv" "$out/keywords.tsv" "$out/empty.jsonl" \
            "$out/small.jsonl" "$out/large.jsonl" "$out/driver.py"
    fi
}
trap cleanup EXIT

# --- gazetteer (balise TSV + flashtext keyword list) and corpora ---------------------
echo "vs-flashtext: generating $aliases aliases and a ${mb} MB corpus under $out" >&2
python3 - "$aliases" "$mb" "$out" <<'PY'
import glob, json, random, re, sys, unicodedata

n_aliases, mb, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]

def norm(s):
    """balise's matching key, near enough: case, accents, apostrophes, hyphen = space."""
    s = s.lower().replace("ß", "ss").replace("œ", "oe").replace("æ", "ae")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = re.sub("[’ʼ´`′]", "'", s)
    s = re.sub("[-‐‑‒–—−]", " ", s)
    return " ".join(s.split())

def loc_aliases(path):
    header = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        row = dict(zip(header, fields))
        if row.get("type") != "LOC":
            continue
        yield row["name"]
        yield from (a for a in row.get("aliases", "").split("|") if a)

files = sorted(glob.glob("gazetteers/packs/*.tsv")) + ["gazetteers/default/places.tsv"]
seen, real = set(), []
for path in files:
    for alias in loc_aliases(path):
        alias = alias.strip()
        key = norm(alias)
        if key and "|" not in alias and key not in seen:
            seen.add(key)
            real.append(alias)

rng = random.Random(1)
if n_aliases <= len(real):
    chosen = rng.sample(real, n_aliases)
    n_real = n_aliases
else:
    chosen = list(real)
    n_real = len(real)
    # Parts of real names: capitalised alphabetic words of 3+ letters, not acronyms.
    parts = sorted({w for a in real for w in re.split(r"[\s\-‑']+", a)
                    if len(w) >= 3 and w.isalpha() and w[0].isupper() and not w.isupper()})
    templates = [
        "Saint-{A}", "Sainte-{A}", "Saint-{A}-sur-{B}", "Sainte-{A}-de-{B}", "Saint-{A}-des-{B}",
        "{A}-sur-{B}", "{A}-sous-{B}", "{A}-les-{B}", "{A}-lès-{B}", "{A}-en-{B}", "{A}-de-{B}",
        "{A}-la-{B}", "{A}-le-{B}", "Haute-{A}", "Haut-{A}", "Nouvelle-{A}", "Nouveau-{A}",
        "{A}-les-Bains", "{A}-le-Vieux", "{A}-le-Château", "{A}-la-Forêt", "{A}-sur-Mer",
        "Le {A}-{B}", "La {A}", "Les {A}", "Mont-{A}", "Port-{A}", "Villeneuve-{A}",
        "Val-de-{A}", "Bourg-{A}", "Fort-{A}", "Pont-{A}", "{A} {B}", "{A}-{B}", "Lac {A}",
        "Île de {A}", "{A}-Saint-{B}", "Grand-{A}", "Petit-{A}", "{A}-d'{B}",
    ]
    while len(chosen) < n_aliases:
        a, b = rng.choice(parts), rng.choice(parts)
        if a == b:
            continue
        alias = rng.choice(templates).replace("{A}", a).replace("{B}", b)
        key = norm(alias)
        if key not in seen:
            seen.add(key)
            chosen.append(alias)

with open(f"{out}/places.tsv", "w", encoding="utf-8") as g, \
     open(f"{out}/keywords.tsv", "w", encoding="utf-8") as k:
    g.write("# balise-gazetteer v1\n")
    g.write(f"# vs-flashtext benchmark: {n_real} real + {n_aliases - n_real} synthetic place aliases, one per row.\n")
    g.write("id\ttype\tname\taliases\n")
    for i, alias in enumerate(chosen):
        g.write(f"vf:{i}\tLOC\t{alias}\t\n")
        k.write(f"{alias}\tvf:{i}\n")
print(f"vs-flashtext: {n_real} real aliases (of {len(real)}), {n_aliases - n_real} synthetic", file=sys.stderr)

with open(f"{out}/empty.jsonl", "w") as f:
    f.write('{"id":"0","text":""}\n')
PY
# Corpus: the same generator and seed as scripts/bench.sh.
python3 scripts/make-corpus.py --corpus "$corpus" 1 "$out/large.jsonl:$(python3 -c "print(int($mb * 1e6))")" \
    "$out/small.jsonl:$(python3 -c "print(int($mb * 1e5))")"

cat > "$out/driver.py" <<'PY'
# flashtext side of scripts/vs-flashtext.sh: driver.py KEYWORDS.tsv CORPUS.jsonl > CSV
import json, sys, time
from flashtext import KeywordProcessor

t0 = time.perf_counter()
kp = KeywordProcessor(case_sensitive=False)
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        alias, ident = line.rstrip("\n").split("\t")
        kp.add_keyword(alias, ident)
t1 = time.perf_counter()
out = sys.stdout
matches = 0
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        doc = json.loads(line)
        doc_id = doc["id"]
        for ident, start, end in kp.extract_keywords(doc["text"], span_info=True):
            out.write(f"{doc_id},{start},{end},{ident}\n")
            matches += 1
out.flush()
t2 = time.perf_counter()
print(f"flashtext: {len(kp)} keywords, load {t1 - t0:.4f} s, scan {t2 - t1:.4f} s, {matches} matches",
      file=sys.stderr)
PY

echo "vs-flashtext: balise gazetteer check:" >&2
"$balise" gazetteer check --no-default-gazetteer "$out/places.tsv" >&2

# --- timing --------------------------------------------------------------------------
python3 - "$balise" "$venv/bin/python" "$out" "$aliases" "$corpus" <<'PY2'
import os, re, shutil, subprocess, sys, tempfile, time

balise, vpython, out, n_aliases, corpus_name = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
files = {k: f"{out}/{k}.jsonl" for k in ("empty", "small", "large")}
size = {k: os.path.getsize(f) for k, f in files.items()}
gnu_time = shutil.which("time", path="/usr/bin")

def balise_cmd(f):
    return [balise, "tag", "--stats", "-j", "1", "--no-default-gazetteer",
            "-g", f"{out}/places.tsv", "--no-rules", f]

def balise_parse(stderr):
    """(set-up s, scan s, matches) from `balise tag --stats` and its summary line."""
    m = re.search(r"load ([\d.]+) ms, build ([\d.]+) ms .*read ([\d.]+) ms, tag ([\d.]+) ms"
                  r".*write ([\d.]+) ms", stderr)
    load, build, read, tag, write = (float(x) / 1000 for x in m.groups())
    return load + build, read + tag + write, int(re.search(r"(\d+) spans?\b", stderr).group(1))

def flashtext_cmd(f):
    return [vpython, f"{out}/driver.py", f"{out}/keywords.tsv", f]

def flashtext_parse(stderr):
    m = re.search(r"load ([\d.]+) s, scan ([\d.]+) s, (\d+) matches", stderr)
    return float(m.group(1)), float(m.group(2)), int(m.group(3))

tools = {"balise": (balise_cmd, balise_parse), "flashtext": (flashtext_cmd, flashtext_parse)}

def run(cmd):
    """Wall time, peak RSS (KiB) and stderr of one run, its output to /dev/null."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as rss_file:
        if gnu_time:
            cmd = [gnu_time, "-f", "%M", "-o", rss_file.name] + cmd
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        if p.returncode != 0:
            sys.exit(f"vs-flashtext: {' '.join(cmd)} failed (exit {p.returncode}, {wall:.1f} s, "
                     f"RSS {usage.ru_maxrss / 1024:.0f} MB):\n{stderr}")
        rss = int(open(rss_file.name).read().split()[-1]) if gnu_time else usage.ru_maxrss
    return wall, rss, stderr

results = {}
for name, (cmd, parse) in tools.items():
    print(f"vs-flashtext: timing {name} (3 runs each on empty, small, large) …", file=sys.stderr)
    r = {}
    for corpus in ("empty", "small", "large"):
        runs = []
        for _ in range(3):
            wall, rss, stderr = run(cmd(files[corpus]))
            setup, scan, matches = parse(stderr)
            runs.append((wall, rss, setup, scan, matches))
            print(f"  {corpus}: wall {wall:.3f} s, set-up {setup:.3f} s, scan {scan:.3f} s, "
                  f"RSS {rss / 1024:.0f} MB, {matches} matches", file=sys.stderr)
        r[corpus] = dict(wall=min(x[0] for x in runs), rss=max(x[1] for x in runs),
                         setup=min(x[2] for x in runs), scan=min(x[3] for x in runs),
                         matches=runs[0][4])
    db = size["large"] - size["small"]
    r["steady"] = db / (r["large"]["scan"] - r["small"]["scan"]) / 1e6
    dt = r["large"]["wall"] - r["small"]["wall"]
    r["steady_wall"] = f"{db / dt / 1e6:.1f}" if dt > 0 else "n/a"
    results[name] = r

print()
print(f"{n_aliases} place aliases; corpus ({corpus_name}): small {size['small']} bytes, large {size['large']} "
      f"bytes (JSONL); one thread each")
print()
print("| tool | aliases | start-up s | steady MB/s | peak RSS MB | matches (large) |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, r in results.items():
    print(f"| {name} | {n_aliases} | {r['empty']['wall']:.2f} | {r['steady']:.2f} | "
          f"{r['large']['rss'] / 1024:.0f} | {r['large']['matches']} |")
b, f = results["balise"], results["flashtext"]
print()
print(f"steady-state throughput ratio balise/flashtext: {b['steady'] / f['steady']:.2f}")
print()
print("details (best of 3; set-up and scan are measured inside each process):")
print()
print("| tool | set-up s | scan small s | scan large s | wall empty s | wall small s | wall large s | whole-run MB/s |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, r in results.items():
    print(f"| {name} | {r['empty']['setup']:.2f} | {r['small']['scan']:.3f} | {r['large']['scan']:.3f} | "
          f"{r['empty']['wall']:.2f} | {r['small']['wall']:.2f} | {r['large']['wall']:.2f} | "
          f"{r['steady_wall']} |")
PY2
