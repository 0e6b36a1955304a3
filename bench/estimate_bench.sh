#!/usr/bin/env bash
# Issue 12's estimate target: `flow --estimate` within 25% of the measured wall time and peak
# memory of a second run of the stemming and NER workflows at twice their input size.
#
# For each workflow: RUNS runs at the books' own size fill the job history (the first run,
# then `-F`); `flow --estimate --json` then predicts, from that history only, a run on the
# same books with their text doubled (the Gutenberg header and footer kept, so the `words`
# step strips the same); RUNS runs at that size are measured. Printed per rule and in all:
# predicted and measured (the median over the runs) sum of the jobs' wall times, and peak
# memory; and the run's elapsed time (`-c CORES`) against the estimate's "about how long".
#
#   bench/estimate_bench.sh [--flow PATH] [--books DIR] [--runs N] [--cores C] [--keep]
#
# DIR holds Project Gutenberg texts named <ebook number>.txt (default: ../shared/data/books
# beside the repository): the stemming workflow's nine books, and 11.txt (Alice) for NER.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

BOOKS="$REPO/../shared/data/books"
RUNS=5
CORES=1
KEEP=0
while (($#)); do
  case "$1" in
    --flow) FLOW="$2"; shift 2 ;;
    --books) BOOKS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --cores) CORES="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) die "unknown option $1" ;;
  esac
done
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW (scripts/setup.sh builds it)"
[[ -d "$BOOKS" ]] || die "no books directory $BOOKS (--books DIR)"
FLOW="$(cd "$(dirname "$FLOW")" && pwd)/$(basename "$FLOW")"
BOOKS="$(cd "$BOOKS" && pwd)"
make_workdir estimate
((KEEP)) && trap - EXIT && note "keeping $WORK"

# double_text SRC DST: the body between the "*** START OF" and "*** END OF" lines twice (the
# whole text twice when it has no such lines), as the `words` built-in finds them.
double_text() {
  python3 - "$1" "$2" <<'EOF'
import re, sys
marker = re.compile(rb'^\s*\*\*\* *(START|END) OF', re.I)
lines = open(sys.argv[1], 'rb').read().splitlines(keepends=True)
def find(word, after):
    for i in range(after + 1, len(lines)):
        m = marker.match(lines[i])
        if m and m.group(1).upper() == word:
            return i
    return None
start = find(b'START', -1)
end = find(b'END', start) if start is not None else None
if end is None:
    out = lines + lines
else:
    body = lines[start + 1:end]
    out = lines[:start + 1] + body + body + lines[end:]
open(sys.argv[2], 'wb').write(b''.join(out))
EOF
}

# timed_runs DIR LABEL ARGS...: RUNS runs of flow in DIR (the first plain, then -F), each
# one's elapsed seconds appended to DIR/LABEL.elapsed and its history lines marked in
# DIR/LABEL.runs (the history's line count before and after).
timed_runs() {
  local dir="$1" label="$2" i start end before
  shift 2
  for ((i = 0; i < RUNS; i++)); do
    local force=()
    ((i > 0)) && force=(-F)
    before=0
    [[ -f "$dir/.flow/history.tsv" ]] && before="$(wc -l <"$dir/.flow/history.tsv")"
    start="$EPOCHREALTIME"
    (cd "$dir" && "$FLOW" -q -c "$CORES" "${force[@]}" "$@") >"$dir/$label.log" 2>&1 \
      || { cat "$dir/$label.log" >&2; die "flow failed in $dir"; }
    end="$EPOCHREALTIME"
    echo "$end - $start" | bc -l >>"$dir/$label.elapsed"
    echo "$before $(wc -l <"$dir/.flow/history.tsv")" >>"$dir/$label.runs"
  done
}

# compare NAME DIR: the table for one workflow, from DIR/estimate.json and the measured runs.
compare() {
  python3 - "$1" "$2" <<'EOF'
import json, statistics, sys
name, d = sys.argv[1], sys.argv[2]
est = json.load(open(f"{d}/estimate.json"))
lines = open(f"{d}/.flow/history.tsv").read().splitlines()
elapsed = [float(x) for x in open(f"{d}/double.elapsed").read().split()]
runs = []
for row in open(f"{d}/double.runs"):
    a, b = map(int, row.split())
    per_rule = {}
    for line in lines[a:b]:
        if line.startswith("#") or not line.strip():
            continue
        f = line.split("\t")
        r = per_rule.setdefault(f[0], [0.0, 0.0, 0])
        r[0] += float(f[5]); r[1] = max(r[1], float(f[7])); r[2] += 1
    runs.append(per_rule)
def med(values):
    return statistics.median(values) if values else float("nan")
def pct(p, m):
    return f"{100 * (p - m) / m:+.0f}%" if m > 0 else "n/a"
rows, worst = [], 0.0
print(f"{name}: {len(runs)} runs at twice the size; estimate from the runs at their own size")
print(f"  {'rule':<12} {'jobs':>4} {'wall pred':>10} {'wall meas':>10} {'diff':>6} "
      f"{'peak pred':>10} {'peak meas':>10} {'diff':>6}")
for r in est["rules"]:
    rule = r["rule"]
    walls = [run[rule][0] for run in runs if rule in run]
    peaks = [run[rule][1] for run in runs if rule in run]
    mw, mp = med(walls), med(peaks)
    pw, pp = r.get("wall_seconds", 0.0), r.get("peak_mb", 0.0)
    print(f"  {rule:<12} {r['jobs']:>4} {pw:>9.3f}s {mw:>9.3f}s {pct(pw, mw):>6} "
          f"{pp:>7.1f} MB {mp:>7.1f} MB {pct(pp, mp):>6}")
total_walls = [sum(v[0] for v in run.values()) for run in runs]
total_peaks = [max(v[1] for v in run.values()) for run in runs]
checks = [("sum of job wall times", est["wall_seconds"], med(total_walls), "s"),
          ("peak memory (largest job)", est["peak_mb"], med(total_peaks), " MB"),
          ("run's elapsed time", est["elapsed_seconds"], med(elapsed), "s")]
for what, p, m, unit in checks:
    ok = m > 0 and abs(p - m) <= 0.25 * m
    print(f"  {what:<26} predicted {p:8.3f}{unit:<3} measured {m:8.3f}{unit:<3} "
          f"{pct(p, m):>6}  within 25%: {'met' if ok else 'NOT MET'}")
spread = max(elapsed) / min(elapsed) if min(elapsed) > 0 else float("nan")
print(f"  (the measured elapsed times range {min(elapsed):.3f}-{max(elapsed):.3f} s, "
      f"max/min {spread:.2f})")
EOF
}

echo "flow estimate bench: $RUNS runs per size, -c $CORES; load average: $(cut -d' ' -f1-3 /proc/loadavg); flow: $FLOW"

# Stemming: the nine books, local copies (books_dir).
stem_books=(764 15 1661 84 345 768 1342 11 61262)
for size in single double; do
  dir="$WORK/stemming-$size"
  mkdir -p "$dir/local"
  cp "$REPO/workflows/stemming/flow.yaml" "$dir/"
  for b in "${stem_books[@]}"; do
    [[ -f "$BOOKS/$b.txt" ]] || die "no $BOOKS/$b.txt"
    if [[ $size == single ]]; then cp "$BOOKS/$b.txt" "$dir/local/$b.txt"
    else double_text "$BOOKS/$b.txt" "$dir/local/$b.txt"; fi
  done
done
# NER: Alice (11.txt) as the local text.
for size in single double; do
  dir="$WORK/ner-$size"
  mkdir -p "$dir"
  cp "$REPO/workflows/ner/flow.yaml" "$dir/"
  if [[ $size == single ]]; then cp "$BOOKS/11.txt" "$dir/alice.txt"
  else double_text "$BOOKS/11.txt" "$dir/alice.txt"; fi
done

for wf in stemming ner; do
  case $wf in
    stemming) args=(--config books_dir=local) ;;
    ner) args=(--config text=alice.txt) ;;
  esac
  timed_runs "$WORK/$wf-single" single "${args[@]}"
  mkdir -p "$WORK/$wf-double/.flow"
  cp "$WORK/$wf-single/.flow/history.tsv" "$WORK/$wf-double/.flow/"
  (cd "$WORK/$wf-double" && "$FLOW" --estimate --json -c "$CORES" "${args[@]}") \
    >"$WORK/$wf-double/estimate.json"
  timed_runs "$WORK/$wf-double" double "${args[@]}"
  compare "$wf" "$WORK/$wf-double"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
