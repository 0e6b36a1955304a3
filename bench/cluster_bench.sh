#!/usr/bin/env bash
# cluster_bench.sh - flow's own cost per cluster job against the real local scheduler
# (tests/cluster/start-scheduler.sh): N one-second jobs, -j J in flight, through qsub/qstat
# (--executor pbs, default) or sbatch/squeue (--executor slurm).
#
# Prints the wall time, flow's CPU time (user+sys: /usr/bin/time for flow and everything it
# ran, minus what the scheduler commands it ran used, measured by PATH shims), the number
# of scheduler calls, and flow's own CPU per job. The jobs run as many at a time as the
# node has CPUs, so the wall time is mostly the scheduler's; the CPU figures are flow's.
#
# Usage: bench/cluster_bench.sh [--flow PATH] [--executor pbs|slurm] [--jobs N] [-j J]
#                               [--poll SECONDS] [--baseline] [--keep]
# --baseline also submits the same N jobs straight to the scheduler (no flow, all at once)
# and times them until every output is there: the scheduler's own throughput on this node.
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "$0")" && pwd)"
FLOW="${FLOW:-$here/../build/flow}"
EXECUTOR=pbs
NJOBS=200
INFLIGHT=50
POLL=1
KEEP=
BASELINE=
while (($#)); do
    case "$1" in
        --flow) FLOW=$2; shift 2 ;;
        --executor) EXECUTOR=$2; shift 2 ;;
        --jobs) NJOBS=$2; shift 2 ;;
        -j) INFLIGHT=$2; shift 2 ;;
        --poll) POLL=$2; shift 2 ;;
        --baseline) BASELINE=1; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

die() { echo "error: $*" >&2; exit 1; }
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW (--flow PATH)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
case "$EXECUTOR" in
    pbs) commands=(qsub qstat qdel) ;;
    slurm) commands=(sbatch squeue scancel) ;;
    *) die "--executor takes pbs or slurm" ;;
esac
for c in "${commands[@]}"; do
    command -v "$c" >/dev/null || die "'$c' is not on PATH: start tests/cluster/start-scheduler.sh"
done
timeout 20 squeue -h >/dev/null 2>&1 || die "the scheduler does not answer (tests/cluster/start-scheduler.sh)"
FLOW="$(cd "$(dirname "$FLOW")" && pwd)/$(basename "$FLOW")"

WORK=$(mktemp -d /tmp/flow-bench-cluster.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    local ids
    ids=$(squeue -h -o '%i %Z' 2>/dev/null | awk -v d="$WORK" '$2 == d { print $1 }')
    # shellcheck disable=SC2086
    [[ -z "$ids" ]] || scancel $ids 2>/dev/null || true
    if [[ -n "$KEEP" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
cd "$WORK"

# Shims: each scheduler call appends "call NAME" and bash's `times` (the CPU time of the shim
# and of the real command it ran) to calls.log, then exits with the real command's status.
# flow runs scheduler commands one at a time, so the entries never interleave.
mkdir shims
for c in "${commands[@]}"; do
    real=$(command -v "$c")
    printf '#!/bin/bash\n%q "$@"\nrc=$?\n{ echo "call %s"; times; } >>%q\nexit $rc\n' \
        "$real" "$c" "$WORK/calls.log" >"shims/$c"
    chmod 755 "shims/$c"
done
: >calls.log

cat >flow.yaml <<YAML
rules:
  all:
    input:
      - expand: out/{n}.txt
        n: [$(seq -s ', ' 1 "$NJOBS")]
  sleep:
    output: out/{n}.txt
    shell: "sleep 1; echo {wildcards.n} > {output}"
YAML

cpus=$(sinfo -h -o '%c' 2>/dev/null | head -n 1)
echo "flow cluster bench: $NJOBS one-second jobs, --executor $EXECUTOR -j $INFLIGHT --cluster-poll $POLL"
echo "node: ${cpus:-?} CPUs; load average: $(cut -d' ' -f1-3 /proc/loadavg); flow: $FLOW"
# flow runs under /usr/bin/time (CPU of flow and of everything it waited for); its own CPU
# time is also sampled from /proc/PID/stat while it runs (utime + stime, children excluded).
ticks=$(getconf CLK_TCK)
start=$EPOCHREALTIME
PATH="$WORK/shims:$PATH" NO_COLOR=1 /usr/bin/time -f '%U %S %M' -o time.txt \
    "$FLOW" --executor "$EXECUTOR" -j "$INFLIGHT" --cluster-poll "$POLL" -q >run.log 2>&1 &
time_pid=$!
flow_pid=
own_ticks=0
deadline=$((SECONDS + 1800))
while kill -0 "$time_pid" 2>/dev/null; do
    [[ -n "$flow_pid" ]] || flow_pid=$(pgrep -P "$time_pid" || true)
    if [[ -n "$flow_pid" ]] && stat=$(cat "/proc/$flow_pid/stat" 2>/dev/null); then
        read -r -a fields <<<"${stat##*) }"  # after "pid (comm) ": fields from 3 on
        own_ticks=$((fields[11] + fields[12]))
    fi
    if ((SECONDS > deadline)); then
        [[ -z "$flow_pid" ]] || kill -INT "$flow_pid"
        die "flow did not finish within 30 minutes"
    fi
    sleep 0.2
done
set +e
wait "$time_pid"
rc=$?
set -e
end=$EPOCHREALTIME
[[ $rc == 0 ]] || { tail -n 20 run.log >&2; die "flow exited $rc"; }
done_files=$(find out -name '*.txt' | wc -l)
[[ $done_files == "$NJOBS" ]] || die "only $done_files of $NJOBS outputs were made"

read -r t_user t_sys t_rss <time.txt
# `times` lines read "1m2.345s 0m0.010s": user and system time, of the shell, then of its children.
read -r shim_cpu < <(awk '
    /^call / { next }
    { for (i = 1; i <= NF; i++) { split($i, p, "m"); sub("s", "", p[2]); s += p[1] * 60 + p[2] } }
    END { printf "%.3f\n", s }' calls.log)
awk -v start="$start" -v end="$end" -v u="$t_user" -v s="$t_sys" -v shim="$shim_cpu" -v n="$NJOBS" \
    -v cpus="${cpus:-1}" -v rss="$t_rss" -v direct="$own_ticks" -v hz="$ticks" 'BEGIN {
    wall = end - start; total = u + s; own = total - shim
    if (own < 0) own = 0
    printf "wall time:               %8.1f s   (ideal %d jobs x 1 s / %d CPUs = %.0f s)\n", wall, n, cpus, n / cpus
    printf "CPU, flow + commands:    %8.2f s   (user %.2f, sys %.2f; largest peak RSS %.1f MB)\n", total, u, s, rss / 1024
    printf "CPU, scheduler commands: %8.2f s\n", shim
    printf "CPU, flow itself:        %8.2f s   = %.2f ms per job (the difference of the two)\n", own, own * 1000 / n
    printf "CPU, flow itself:        %8.2f s   = %.2f ms per job (sampled from /proc, 0.2 s apart)\n", direct / hz, direct / hz * 1000 / n
}'
for c in "${commands[@]}"; do
    printf '%-8s calls: %d\n' "$c" "$(grep -cx "call $c" calls.log || true)"
done

if [[ -n "$BASELINE" ]]; then
    # The same jobs, submitted by hand as fast as the submit command allows.
    mkdir baseline
    start=$EPOCHREALTIME
    for ((i = 1; i <= NJOBS; i++)); do
        printf '#!/bin/bash\ncd %q || exit 98\nsleep 1; echo %d > out.%d\n' "$WORK/baseline" "$i" "$i" \
            >"baseline/job$i.sh"
        if [[ $EXECUTOR == pbs ]]; then
            qsub -N base -o /dev/null -e /dev/null -l select=1:ncpus=1 "baseline/job$i.sh" >/dev/null
        else
            sbatch --parsable -J base -o /dev/null -e /dev/null "baseline/job$i.sh" >/dev/null
        fi
    done
    submitted=$EPOCHREALTIME
    deadline=$((SECONDS + 1800))
    until (($(find baseline -name 'out.*' | wc -l) >= NJOBS)); do
        ((SECONDS < deadline)) || die "the baseline jobs did not finish within 30 minutes"
        sleep 0.2
    done
    end=$EPOCHREALTIME
    awk -v a="$start" -v b="$submitted" -v c="$end" \
        'BEGIN { printf "baseline, no flow:       %8.1f s   (submitting took %.1f s)\n", c - a, b - a }'
fi
