#!/usr/bin/env bash
# Issue 11's checkpoint target: 1,000 checkpoint jobs that each add 100 jobs (100,000 dynamic
# jobs), with the total time flow spends re-planning during the run under 1 s.
#
# Each checkpoint `split c=N` writes 100 files into chunks/N/; a glob under that directory in
# `merge c=N` then implies 100 `count` jobs. The count outputs exist beforehand and read their
# input as `ancient`, so the 100,000 added jobs are listed, resolved, decided and planned but
# do not run: the run spawns only the 1,000 checkpoints, 1,000 merges and `all`, and the
# figure is the growth itself (flow's run history records it as growth_seconds).
#
#   bench/checkpoint_bench.sh [--checkpoints N] [--parts M] [--cores C] [--flow PATH] [--keep]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

checkpoints=1000
parts=100
cores=2
keep=0
while (($#)); do
  case "$1" in
    --checkpoints) checkpoints="$2"; shift 2 ;;
    --parts) parts="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --flow) FLOW="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) die "unknown option $1" ;;
  esac
done
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW (scripts/setup.sh builds it)"
make_workdir checkpoints
((keep)) && trap - EXIT && note "keeping $WORK"
cd "$WORK"

mkdir -p data counts
for ((c = 0; c < checkpoints; c++)); do
  echo "$c" >"data/$c.txt"
  mkdir -p "counts/$c"
  for ((p = 0; p < parts; p++)); do : >"counts/$c/p$p.txt"; done
done
cat >flow.yaml <<EOF
wildcard_constraints: {c: "[0-9]+"}
rules:
  all:
    input: {expand: "merged/{c}.txt", c: {range: [0, $checkpoints]}}
  split:
    checkpoint: true
    input: "data/{c}.txt"
    output: {path: "chunks/{c}", directory: true}
    shell: "mkdir -p {output} && cd {output} && touch \$(seq -f 'p%.0f' 0 $((parts - 1)))"
  count:
    input: {path: "chunks/{c}/{p}", ancient: true}
    output: "counts/{c}/{p}.txt"
    shell: "wc -c < {input} > {output}"
  merge:
    input:
      - glob: "chunks/{c}/{p}"
        expand: "counts/{c}/{p}.txt"
    output: "merged/{c}.txt"
    shell: "ls {input} | wc -l > {output}"
EOF

start=$EPOCHREALTIME
/usr/bin/time -f '%e %U %S %M' -o time.txt "$FLOW" -c "$cores" -q >run.out 2>&1 \
  || { tail -20 run.out; die "flow failed"; }
end=$EPOCHREALTIME
read -r _ user sys rss_kb <time.txt
growth=$(awk -F'\t' '$1 == "run" && $2 == "growth_seconds" {print $3}' .flow/last-run.tsv)
[[ -n "$growth" ]] || die "the run history (.flow/last-run.tsv) has no growth_seconds"
[[ "$(cat merged/0.txt)" == "$parts" ]] || die "merged/0.txt does not list $parts parts"
awk -v n="$checkpoints" -v m="$parts" -v c="$cores" -v wall="$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" \
  -v user="$user" -v sys="$sys" -v rss="$rss_kb" -v g="$growth" 'BEGIN {
  printf "checkpoints: %d, each adding %d jobs (%d dynamic jobs), -c %d\n", n, m, n * m, c
  printf "run: wall %.2f s, flow CPU %.2f s (user %.2f + sys %.2f), peak RSS %.1f MB\n", wall, user + sys, user, sys, rss / 1024
  printf "re-planning during the run (growth_seconds): %.3f s total, %.0f us per checkpoint, %.2f us per added job\n", g, g * 1e6 / n, g * 1e6 / (n * m)
  printf "target: re-planning < 1 s: %s\n", g < 1 ? "met" : "NOT MET"
}'
