#!/usr/bin/env bash
# Before/after: two flow binaries on the same workflows, measured interleaved (before, after,
# before, after...) so that a busy machine disturbs both alike. For each case it keeps the
# best wall time of --repeat runs and that run's CPU seconds and peak RSS, and prints the
# ratio after/before (below 1: the new binary is faster). Cases:
#   plan-fanout   dry run of the fanout workflow (--plan-jobs, default 100000)
#   plan-chain    dry run of a chain (--chain-jobs, default 10000): depth, not width
#   run           a full run of --run-jobs (default 10000) trivial jobs at -c 2, outputs and
#                 .flow/ removed before every run
#   noop          a no-op rerun of a fanout workflow (--noop-jobs, default 20000), everything
#                 up to date; each binary built its own copy first (their journals may differ)
#
# Usage: bench/compare_flow.sh --before PATH --after PATH [--repeat 3]
#                              [--plan-jobs 100000] [--chain-jobs 10000] [--run-jobs 10000]
#                              [--noop-jobs 20000]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

before=""
after=""
repeat=3
plan_jobs=100000
chain_jobs=10000
run_jobs=10000
noop_jobs=20000
while (($#)); do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --after) after="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --plan-jobs) plan_jobs="$2"; shift 2 ;;
    --chain-jobs) chain_jobs="$2"; shift 2 ;;
    --run-jobs) run_jobs="$2"; shift 2 ;;
    --noop-jobs) noop_jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[[ -x "$before" && -x "$after" ]] || die "--before and --after must name flow binaries"
ensure_command /usr/bin/time time

make_workdir compare
generate_workflow --shape fanout --jobs "$plan_jobs" --out "$WORK/fanout"
generate_workflow --shape chain --jobs "$chain_jobs" --out "$WORK/chain"
generate_workflow --shape fanout --jobs "$run_jobs" --out "$WORK/run"
generate_workflow --shape fanout --jobs "$noop_jobs" --out "$WORK/noop.before"
cp -a "$WORK/noop.before" "$WORK/noop.after"

clean_run() { rm -rf "$WORK/run/out" "$WORK/run/.flow"; }

# measure CASE DIR PREP ARGS...: best of $repeat for each binary, interleaved; prints a row.
# A DIR ending in '.' is per binary: DIR.before and DIR.after.
measure() {
  local name="$1" base="$2" prep="$3" dir; shift 3
  local -A wall=() cpu=() rss=()
  local i which bin
  for ((i = 0; i < repeat; i++)); do
    for which in before after; do
      if [[ "$which" == before ]]; then bin="$before"; else bin="$after"; fi
      "$prep"
      dir="$base"
      [[ "$base" == *. ]] && dir="$base$which"
      (cd "$dir" && timed "$WORK/$name.$which.log" "$bin" "$@") || die "$name: $which failed"
      # timed ran in a subshell: read its figures back from the time file it wrote.
      local tf="$WORK/$name.$which.log.time" w c r
      c="$(tail -n 1 "$tf" | awk '{ printf "%.2f", $3 + $4 }')"
      r="$(tail -n 1 "$tf" | awk '{ printf "%.1f", $2 / 1024 }')"
      w="$(tail -n 1 "$tf" | awk '{ printf "%.2f", $1 }')"
      if [[ -z "${wall[$which]:-}" ]] || awk -v a="$w" -v b="${wall[$which]}" 'BEGIN { exit !(a < b) }'; then
        wall[$which]="$w"; cpu[$which]="$c"; rss[$which]="$r"
      fi
    done
  done
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" \
    "${wall[before]}" "${wall[after]}" "$(calc "${wall[after]} / ${wall[before]}")" \
    "${cpu[before]}" "${cpu[after]}" "${rss[before]}" "${rss[after]}"
}

# The no-op case needs its workflow built, by each binary in its own copy.
(cd "$WORK/noop.before" && "$before" -c 2 -q >/dev/null 2>&1) || die "before: could not build the no-op workflow"
(cd "$WORK/noop.after" && "$after" -c 2 -q >/dev/null 2>&1) || die "after: could not build the no-op workflow"

echo "before: $before"
echo "after:  $after"
echo "load at start: $(cut -d ' ' -f 1-3 /proc/loadavg); best of $repeat, interleaved"
echo
echo '| case | wall s before | wall s after | after/before | cpu s before | cpu s after | RSS MB before | RSS MB after |'
echo '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
measure "plan-chain $chain_jobs" "$WORK/chain" : --dry-run
measure "run $run_jobs -c 2" "$WORK/run" clean_run -c 2 -q
measure "noop $noop_jobs" "$WORK/noop." : -q
measure "plan-fanout $plan_jobs" "$WORK/fanout" : --dry-run
