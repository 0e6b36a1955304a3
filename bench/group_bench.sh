#!/usr/bin/env bash
# group_bench.sh - job groups against the real local scheduler (tests/cluster/start-scheduler.sh):
# N jobs of 0.1 s, run once grouped (--groups tick=g --group-components g=SIZE: N / SIZE
# submissions) and once ungrouped (one submission per job), through sbatch/squeue
# (--executor slurm, default) or qsub/qstat (--executor pbs).
#
# Prints, for each run, the wall time, the number of submissions and of status calls (counted
# by PATH shims) and the status calls per poll interval; then the speed-up, and issue 12's
# targets: at most N / 80 submissions (25 for 2,000 jobs), wall time at least 5x better than
# ungrouped, polling still one call per interval.
#
# Usage: bench/group_bench.sh [--flow PATH] [--executor slurm|pbs] [--jobs N] [--size SIZE]
#                             [--ungrouped-jobs M] [-j J] [--poll SECONDS] [--keep]
# --ungrouped-jobs M runs the ungrouped case on M jobs only (default N) and scales its wall
# time to N jobs, said so in the output: one submission per job costs the scheduler about a
# second a job on this node, so 2,000 ungrouped jobs take half an hour.
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "$0")" && pwd)"
FLOW="${FLOW:-$here/../build/flow}"
EXECUTOR=slurm
NJOBS=2000
SIZE=100
UNGROUPED=
INFLIGHT=50
POLL=1
KEEP=
while (($#)); do
    case "$1" in
        --flow) FLOW=$2; shift 2 ;;
        --executor) EXECUTOR=$2; shift 2 ;;
        --jobs) NJOBS=$2; shift 2 ;;
        --size) SIZE=$2; shift 2 ;;
        --ungrouped-jobs) UNGROUPED=$2; shift 2 ;;
        -j) INFLIGHT=$2; shift 2 ;;
        --poll) POLL=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
UNGROUPED=${UNGROUPED:-$NJOBS}

die() { echo "error: $*" >&2; exit 1; }
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW (--flow PATH)"
case "$EXECUTOR" in
    pbs) submit=qsub status=qstat commands=(qsub qstat qdel) ;;
    slurm) submit=sbatch status=squeue commands=(sbatch squeue scancel) ;;
    *) die "--executor takes slurm or pbs" ;;
esac
for c in "${commands[@]}"; do
    command -v "$c" >/dev/null || die "'$c' is not on PATH: start tests/cluster/start-scheduler.sh"
done
timeout 20 squeue -h >/dev/null 2>&1 || die "the scheduler does not answer (tests/cluster/start-scheduler.sh)"
FLOW="$(cd "$(dirname "$FLOW")" && pwd)/$(basename "$FLOW")"

WORK=$(mktemp -d /tmp/flow-bench-group.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    local ids
    ids=$(squeue -h -o '%i %Z' 2>/dev/null | awk -v d="$WORK" 'index($2, d) == 1 { print $1 }')
    # shellcheck disable=SC2086
    [[ -z "$ids" ]] || scancel $ids 2>/dev/null || true
    if [[ -n "$KEEP" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Shims count the scheduler calls: one line per call in calls.log of the run's directory.
mkdir "$WORK/shims"
for c in "${commands[@]}"; do
    real=$(command -v "$c")
    printf '#!/bin/bash\necho %s >>"$FLOW_BENCH_CALLS"\nexec %q "$@"\n' "$c" "$real" >"$WORK/shims/$c"
    chmod 755 "$WORK/shims/$c"
done

# run NAME JOBS [FLOW OPTIONS...]: one run in $WORK/NAME; sets wall, submissions, polls.
run() {
    local name=$1 jobs=$2
    shift 2
    local dir="$WORK/$name"
    mkdir "$dir"
    cat >"$dir/flow.yaml" <<YAML
rules:
  all:
    input:
      - expand: out/{n}.txt
        n: {range: [0, $jobs]}
  tick:
    output: out/{n}.txt
    shell: "sleep 0.1; echo {wildcards.n} > {output}"
YAML
    : >"$dir/calls.log"
    local start=$EPOCHREALTIME
    (cd "$dir" && FLOW_BENCH_CALLS="$dir/calls.log" PATH="$WORK/shims:$PATH" NO_COLOR=1 \
        timeout 3600 "$FLOW" --executor "$EXECUTOR" -j "$INFLIGHT" --cluster-poll "$POLL" -q "$@" \
        >"$dir/run.log" 2>&1) || { tail -n 20 "$dir/run.log" >&2; die "$name: flow failed"; }
    wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    local made
    made=$(find "$dir/out" -name '*.txt' | wc -l)
    [[ $made == "$jobs" ]] || die "$name: only $made of $jobs outputs were made"
    submissions=$(grep -cx "$submit" "$dir/calls.log" || true)
    polls=$(grep -cx "$status" "$dir/calls.log" || true)
    printf '%-10s %6d jobs  wall %8.1f s  %5d submissions  %5d %s calls (%.2f per %s s of wall)\n' \
        "$name" "$jobs" "$wall" "$submissions" "$polls" "$status" \
        "$(awk -v p="$polls" -v w="$wall" -v i="$POLL" 'BEGIN { print p / (w / i) }')" "$POLL"
}

cpus=$(sinfo -h -o '%c' 2>/dev/null | head -n 1)
echo "flow group bench: $NJOBS jobs of 0.1 s, groups of $SIZE, --executor $EXECUTOR -j $INFLIGHT --cluster-poll $POLL"
echo "node: ${cpus:-?} CPUs; load average: $(cut -d' ' -f1-3 /proc/loadavg); flow: $FLOW"
run grouped "$NJOBS" --groups tick=g --group-components "g=$SIZE"
grouped_wall=$wall grouped_submissions=$submissions
run ungrouped "$UNGROUPED"
ungrouped_wall=$wall
awk -v gw="$grouped_wall" -v uw="$ungrouped_wall" -v n="$NJOBS" -v m="$UNGROUPED" \
    -v gs="$grouped_submissions" 'BEGIN {
    scaled = uw * n / m
    if (m != n) printf "ungrouped wall scaled to %d jobs: %.1f s (measured on %d)\n", n, scaled, m
    speedup = scaled / gw
    verdict = "NOT met"
    if (speedup >= 5) verdict = "met"
    printf "speed-up grouped over ungrouped: %.1fx (target >= 5x: %s)\n", speedup, verdict
    verdict = "NOT met"
    if (gs <= n / 80) verdict = "met"
    printf "submissions: %d (target <= %d: %s)\n", gs, n / 80, verdict
}'
