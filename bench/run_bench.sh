#!/usr/bin/env bash
# Running speed: the per-job cost of each tool on trivial jobs, against the cost of just
# spawning the same commands with no scheduler.
#
# Part 1 (--jobs, default 10000 jobs at -c/-j --cores, default 2): the fanout workflow, each
# job `cp in/I.txt out/I.txt`; outputs cleaned before every run. Rows:
#   exec-baseline   xargs -P2 -n2 cp: fork+exec of cp, no shell, no scheduler: the floor
#   bash-baseline   xargs -P2 -n2 bash -c 'set -euo pipefail; cp "$0" "$1"': the floor for a
#                   step run through bash (spec §1; flow, like make, execs a command with no
#                   shell syntax directly, so for `cp` its floor is exec-baseline)
#   make -j2        (execs cp directly: no shell)     ninja -j2   (through /bin/sh -c)
#   flow -c 2
#   snakemake -c2   opt-in (--with-snakemake), at its own smaller size (--snakemake-jobs,
#                   default 1000): its cost per job grows with the number of jobs (74 ms/job
#                   at 200 jobs, 215 ms/job at 2000), so 10000 jobs would take hours
# then a no-op rerun (everything up to date) of each at the same size.
# Part 2 (--noop-jobs, default 100000): each tool builds the fanout workflow once (reported),
# then a no-op rerun is timed. Target for flow: < 0.5 s. Skip with --skip-noop.
#
# Usage: bench/run_bench.sh [--jobs 10000] [--noop-jobs 100000] [--cores 2] [--repeat 1]
#                           [--with-snakemake] [--snakemake-jobs 1000] [--skip-noop]
#                           [--flow PATH] [--keep]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

jobs=10000
noop_jobs=100000
cores=2
repeat=1
with_snakemake=0
snakemake_jobs=1000
skip_noop=0
keep=0
while (($#)); do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --noop-jobs) noop_jobs="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --with-snakemake) with_snakemake=1; shift ;;
    --snakemake-jobs) snakemake_jobs="$2"; shift 2 ;;
    --skip-noop) skip_noop=1; shift ;;
    --flow) FLOW="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done

ensure_command /usr/bin/time time
ensure_command make make
ensure_command ninja ninja-build
tools=(make ninja)
if flow_usable; then tools+=(flow); else note "flow: skipped ($FLOW_REASON)"; fi
if ((with_snakemake)); then ensure_command snakemake snakemake; fi

make_workdir run
if ((keep)); then trap 'echo "kept $WORK" >&2' EXIT; fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

# run_cmd TOOL: sets CMD to TOOL's command line building every target with $cores jobs.
# shellcheck disable=SC2016  # $0 and $1 belong to the bash -c script
run_cmd() {
  case "$1" in
    exec-baseline) CMD=(xargs -P "$cores" -n 2 -a "$WORK/pairs-$N" cp) ;;
    bash-baseline) CMD=(xargs -P "$cores" -n 2 -a "$WORK/pairs-$N"
      bash -c 'set -euo pipefail; cp "$0" "$1"') ;;
    make) CMD=(make -j "$cores") ;;
    ninja) CMD=(ninja -j "$cores") ;;
    snakemake) CMD=(snakemake -c "$cores") ;;
    flow) CMD=("$FLOW" -c "$cores") ;;
  esac
}

# clean: removes every output and every tool's state, in the workflow directory (cwd).
clean() {
  rm -rf out .flow .snakemake .ninja_log .ninja_deps
  mkdir out  # the baselines need it; every tool accepts an existing directory
}
keep_state() { :; }

# check_outputs: fails unless the run made all $N outputs with the right content.
check_outputs() {
  local count
  count="$(find out -type f | wc -l)"
  ((count == N)) || die "$TOOL made $count of $N outputs"
  cmp -s "in/$((N - 1)).txt" "out/$((N - 1)).txt" || die "$TOOL: out/$((N - 1)).txt is wrong"
}

# generate N: the fanout workflow of N jobs in $WORK/fanout-N, plus the baselines' list.
generate() {
  N="$1"
  DIR="$WORK/fanout-$N"
  generate_workflow --shape fanout --jobs "$N" --out "$DIR"
  awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "in/%d.txt out/%d.txt\n", i, i }' \
    >"$WORK/pairs-$N"
  cd "$DIR"
}

header() { printf '%-14s %7s %8s %8s %8s %8s %7s\n' run jobs wall_s cpu_s ms/job +ms/job rss_mb; }
# row LABEL: prints the last measurement; +ms/job is the excess over the exec baseline.
row() {
  local per_job extra="-"
  per_job="$(calc "$T_WALL * 1000 / $N")"
  if [[ -n "${BASE_PER_JOB:-}" && "$1" != exec-baseline* ]]; then
    extra="$(calc "$per_job - $BASE_PER_JOB")"
  fi
  printf '%-14s %7d %8s %8s %8s %8s %7s\n' "$1" "$N" "$T_WALL" "$T_CPU" "$per_job" "$extra" \
    "$T_RSS_MB"
}

echo
echo "== part 1: $jobs trivial jobs, $cores at a time (outputs cleaned before each run)"
header
generate "$jobs"
declare -A noop_wall noop_rss noop_n noop_cpu
noop_order=()
# measure_run: one row for $TOOL on the current workflow, then its no-op rerun.
measure_run() {
  run_cmd "$TOOL"
  best_of "$repeat" clean "$WORK/$TOOL.log" "${CMD[@]}" || die "$TOOL failed"
  check_outputs
  row "$TOOL"
  if [[ "$TOOL" == exec-baseline ]]; then BASE_PER_JOB="$(calc "$T_WALL * 1000 / $N")"; fi
  if [[ "$TOOL" != *baseline ]]; then
    best_of "$repeat" keep_state "$WORK/$TOOL-noop.log" "${CMD[@]}" || die "$TOOL no-op failed"
    noop_wall[$TOOL]="$T_WALL"; noop_rss[$TOOL]="$T_RSS_MB"; noop_n[$TOOL]="$N"
    noop_cpu[$TOOL]="$T_CPU"
    noop_order+=("$TOOL")
  fi
}
for TOOL in exec-baseline bash-baseline "${tools[@]}"; do measure_run; done
cd "$WORK" && rm -rf "$DIR"
if ((with_snakemake)); then
  generate "$snakemake_jobs"
  TOOL=snakemake measure_run
  cd "$WORK" && rm -rf "$DIR"
fi
echo
echo "no-op reruns (all up to date):"
for TOOL in "${noop_order[@]}"; do
  printf '  %-10s %7d jobs %7s s wall %7s s cpu %7s MB\n' "$TOOL" "${noop_n[$TOOL]}" \
    "${noop_wall[$TOOL]}" "${noop_cpu[$TOOL]}" "${noop_rss[$TOOL]}"
done

if ((skip_noop)); then exit 0; fi
echo
echo "== part 2: no-op run of $noop_jobs jobs (each tool first builds them all, -j $cores)"
printf '%-10s %10s %11s %8s %10s %7s\n' tool full_run_s full_ms/job noop_s noop_cpu_s rss_mb
generate "$noop_jobs"
BASE_PER_JOB=""
for TOOL in "${tools[@]}"; do  # never snakemake: its 100k-job run would take days
  run_cmd "$TOOL"
  clean
  timed "$WORK/$TOOL-full.log" "${CMD[@]}" || die "$TOOL failed"
  full="$T_WALL"
  check_outputs
  best_of "$repeat" keep_state "$WORK/$TOOL-noop.log" "${CMD[@]}" || die "$TOOL no-op failed"
  printf '%-10s %10s %11s %8s %10s %7s\n' "$TOOL" "$full" "$(calc "$full * 1000 / $N")" \
    "$T_WALL" "$T_CPU" "$T_RSS_MB"
  if [[ "$TOOL" == flow ]]; then
    echo "target: flow no-op of $N jobs < 0.5 s: $T_WALL s -> $(verdict "$T_WALL < 0.5")"
  fi
done
cd "$WORK" && rm -rf "$DIR"
