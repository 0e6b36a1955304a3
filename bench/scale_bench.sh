#!/usr/bin/env bash
# Issue 9's scale targets in one run, flow beside make and Ninja on the same machine at the
# same time: this drives plan_bench.sh and run_bench.sh, keeps their tables, and ends with
# one summary of the targets:
#   - dry run of the 100k fan-out <= 0.2x `make -n`, peak memory < 100 MB (flow -q);
#   - no-op of 100k up-to-date jobs after a real run <= 0.35x `ninja`;
#   - 1,000,000-job dry run < 6 s and < 1 GB;
#   - a deep chain of explicit rules not slower per job than the fan-out (at the chain size);
#   - a full run's ms/job flat from 10k to 100k jobs (at most 1.1x).
#
#   bench/scale_bench.sh [--fanout "10000 100000 1000000"] [--chain 100000] [--run 10000]
#                        [--noop 100000] [--repeat 3] [--cores 2] [--flow PATH]
#
# The sizes are options so that the script can be tried small (`--fanout "1000 10000"
# --chain 2000 --run 1000 --noop 10000`); the targets are then checked at those sizes and
# say so. At the default sizes it takes about half an hour on 2 cores (the 100k full runs
# of flow, make and Ninja) and writes about 2.2 million small files under /tmp.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

fanout="10000 100000 1000000"
chain=100000
run_jobs=10000
noop_jobs=100000
repeat=3
cores=2
while (($#)); do
  case "$1" in
    --fanout) fanout="$2"; shift 2 ;;
    --chain) chain="$2"; shift 2 ;;
    --run) run_jobs="$2"; shift 2 ;;
    --noop) noop_jobs="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --flow) FLOW="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW (scripts/setup.sh builds it)"
FLOW="$(cd "$(dirname "$FLOW")" && pwd)/$(basename "$FLOW")"
export FLOW
make_workdir scale

echo "flow scale bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); flow: $FLOW"
largest_fanout="$(tr ' ' '\n' <<<"$fanout" | sort -n | tail -1)"
# The 100k comparison is at the largest fan-out size up to 100,000.
compare_size="$(tr ' ' '\n' <<<"$fanout" | sort -n | awk '$1 <= 100000' | tail -1)"

echo
echo "== fan-out dry runs (plan_bench.sh --shape fanout)"
bash "$here/plan_bench.sh" --shape fanout --sizes "$fanout" --repeat "$repeat" \
  --tools "flow make ninja" | tee "$WORK/fanout.txt"
echo
echo "== chain dry runs (plan_bench.sh --shape chain; make is left out: quadratic on chains)"
bash "$here/plan_bench.sh" --shape chain --sizes "$chain" --repeat "$repeat" \
  --tools "flow ninja" | tee "$WORK/chain.txt" || true
echo
echo "== runs and no-op runs (run_bench.sh)"
bash "$here/run_bench.sh" --jobs "$run_jobs" --noop-jobs "$noop_jobs" --cores "$cores" \
  | tee "$WORK/run.txt"

# row FILE TOOL JOBS COLUMN: a figure from one of plan_bench's rows (tool jobs wall_s cpu_s
# rss_mb us/job ratio; COLUMN counts from 1), empty when the row is missing or FAILED.
row() {
  awk -v t="$2" -v n="$3" -v c="$4" '$1 == t && $2 == n && $3 != "FAILED" { print $c; exit }' "$1"
}
verdict_of() { awk "BEGIN { exit !($1) }" && echo met || echo "NOT MET"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1e-9) }'; }
check() {  # check WHAT FIGURE CONDITION
  if [[ "$2" == *"?"* ]]; then echo "  $1: $2 -> not measured"; return; fi
  echo "  $1: $2 -> $(verdict_of "$3")"
}
# check_ratio WHAT A B UNIT LIMIT: A / B at most LIMIT ("not measured" when either is missing).
check_ratio() {
  if [[ -z "$2" || -z "$3" ]]; then check "$1" "?" 0; return; fi
  local r
  r="$(ratio "$2" "$3")"
  check "$1" "$2 / $3 $4 = ${r}x" "$r <= $5"
}

echo
echo "== issue 9's targets"
fw="$(row "$WORK/fanout.txt" flow-q "$compare_size" 3)"
fr="$(row "$WORK/fanout.txt" flow-q "$compare_size" 5)"
mw="$(row "$WORK/fanout.txt" make "$compare_size" 3)"
check_ratio "dry run of $compare_size jobs, flow -q / make -n <= 0.2" "$fw" "$mw" s 0.2
check "dry run of $compare_size jobs, flow -q peak RSS < 100 MB" "${fr:-?} MB" "${fr:-0} < 100"
lw="$(row "$WORK/fanout.txt" flow-q "$largest_fanout" 3)"
lr="$(row "$WORK/fanout.txt" flow-q "$largest_fanout" 5)"
check "dry run of $largest_fanout jobs < 6 s" "${lw:-?} s" "${lw:-0} < 6"
check "dry run of $largest_fanout jobs < 1 GB" "${lr:-?} MB" "${lr:-0} < 1024"

# µs/job of the chain against the fan-out at the same size (the fan-out row nearest below).
cj="$(awk '$1 == "flow-q" && $3 != "FAILED" { print $2; exit }' "$WORK/chain.txt")"
cu="$(awk '$1 == "flow-q" && $3 != "FAILED" { print $6; exit }' "$WORK/chain.txt")"
fu="$(awk -v n="${cj:-0}" '$1 == "flow-q" && $2 <= n && $3 != "FAILED" { u = $6 } END { print u }' \
  "$WORK/fanout.txt")"
check_ratio "chain of ${cj:-?} explicit rules, µs/job over the fan-out's <= 1" "$cu" "$fu" µs 1

# run_bench part 1 row "flow" (run jobs wall_s cpu_s ms/job ...), part 2 rows
# (tool full_run_s full_ms/job noop_s noop_cpu_s rss_mb).
small_ms="$(awk '/^== part 1/ { p = 1 } /^== part 2/ { p = 0 } p && $1 == "flow" { print $5; exit }' \
  "$WORK/run.txt")"
big_ms="$(awk '/^== part 2/ { p = 1 } p && $1 == "flow" { print $3; exit }' "$WORK/run.txt")"
flow_noop="$(awk '/^== part 2/ { p = 1 } p && $1 == "flow" { print $4; exit }' "$WORK/run.txt")"
ninja_noop="$(awk '/^== part 2/ { p = 1 } p && $1 == "ninja" { print $4; exit }' "$WORK/run.txt")"
check_ratio "no-op of $noop_jobs jobs, flow / ninja <= 0.35" "$flow_noop" "$ninja_noop" s 0.35
check_ratio "full run ms/job, $noop_jobs jobs over $run_jobs jobs <= 1.1" "$big_ms" "$small_ms" \
  ms 1.1
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
