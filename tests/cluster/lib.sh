# shellcheck shell=bash
# tests/cluster/lib.sh - helpers for the cluster tests (tests/cluster/test_*.sh), which run
# against a real scheduler: the local single-node Slurm with PBS wrappers that
# tests/cluster/start-scheduler.sh starts (docs/cluster.md).
#
#   source "$(dirname "$0")/lib.sh"
#   require_scheduler pbs      # or slurm; exits 77 (ctest: skipped) when none answers
#
# FLOW_REQUIRE_SCHEDULER=1 (set by CI after starting one) turns a missing scheduler into a
# failure, so that CI can never pass by skipping every cluster test.

# skip MESSAGE... - exit 77, which ctest reports as "skipped" (SKIP_RETURN_CODE 77).
skip() {
    if [[ "${FLOW_REQUIRE_SCHEDULER:-}" == 1 ]]; then
        echo "FAIL: $* (FLOW_REQUIRE_SCHEDULER=1: a scheduler must be running)" >&2
        exit 1
    fi
    echo "SKIP: $*" >&2
    exit 77
}

# fail MESSAGE... - exit 1 with a message.
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# require_scheduler [pbs|slurm] - the commands are on PATH and the scheduler answers a status
# query within 20 seconds (of three tries); otherwise skip with a message that says how to
# start one and what the query said.
require_scheduler() {
    local kind=${1:-pbs} commands query
    case "$kind" in
        pbs)   commands=(qsub qstat qdel); query=(qstat -Q) ;;
        slurm) commands=(sbatch squeue scancel); query=(squeue -h) ;;
        # Grid Engine's qconf talks to the qmaster (the Slurm wrappers have no qconf).
        sge)   commands=(qsub qstat qdel qconf); query=(qconf -sh) ;;
        *)     fail "require_scheduler: unknown scheduler '$kind' (pbs, slurm or sge)" ;;
    esac
    local hint="start one with tests/cluster/start-scheduler.sh (as root)"
    [[ $kind != sge ]] || hint="start one with tests/cluster/start-sge.sh (as root; it replaces the Slurm qsub wrappers)"
    local command
    for command in "${commands[@]}"; do
        command -v "$command" >/dev/null 2>&1 || skip "no $kind scheduler: '$command' is not on PATH; $hint"
    done
    # A busy controller may fail one query: ask three times before giving up. PBS asks for the
    # queues: a plain `qstat` exits 153 when the scheduler has no jobs at all.
    local said code attempt
    for attempt in 1 2 3; do
        said=$(timeout 20 "${query[@]}" 2>&1 >/dev/null) && return 0
        code=$?
        ((attempt == 3)) || sleep 1
    done
    skip "no $kind scheduler: '${query[*]}' does not answer (exit $code${said:+: $(tail -n 3 <<<"$said" | tr '\n' ' ')}); $hint"
}

# make_workdir - sets WORKDIR to a fresh directory the compute node can read and write (the
# local scheduler runs jobs as the submitting user on this host), removed when the test
# exits. Call it directly, not in $(...): the removal is tied to the calling shell.
make_workdir() {
    WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/flow-cluster-test.XXXXXX") || fail "mktemp failed"
    chmod 755 "$WORKDIR"
    # shellcheck disable=SC2064 # expand now: the trap must remove this directory
    trap "rm -rf '$WORKDIR'" EXIT
}

# wait_until SECONDS COMMAND... - runs COMMAND every 0.2 s until it succeeds; false when
# SECONDS pass first.
wait_until() {
    local seconds=$1 i
    shift
    for ((i = 0; i < seconds * 5; i++)); do
        "$@" && return 0
        sleep 0.2
    done
    "$@"
}

# ---------------------------------------------------------------------------------------
# Helpers for tests that run the flow binary against the scheduler.
#
#   require_flow                  # $FLOW (ctest sets it) is an executable; clean environment
#   start_test                    # make_workdir, cd into it
#   run_flow STATUS SECONDS ARGS  # runs flow (killed after SECONDS), expects exit STATUS;
#                                 # $out holds its stdout and stderr
#   start_flow ARGS / wait_flow SECONDS [STATUS]   # the same, in the background ($FLOW_PID)
#   install_shims                 # log every qsub/qstat/qdel/sbatch/squeue/scancel call
#   our_jobs                      # ids of this test's jobs the scheduler still runs or queues

out=""
status=0
FLOW_PID=""
SHIM_LOG=""
_cleanups=()

# require_flow - $FLOW names the flow binary; the environment is made independent of the
# caller's (no colour, no profile, not "inside a batch job").
require_flow() {
    [[ -n "${FLOW:-}" && -x "${FLOW:-}" ]] || fail "set FLOW to the flow binary (ctest does)"
    export NO_COLOR=1
    unset FLOW_PROFILE SLURM_JOB_ID PBS_JOBID
}

# on_exit COMMAND - run COMMAND (a string) when the test exits, before the workdir goes.
on_exit() { _cleanups+=("$1"); }

_cluster_cleanup() {
    set +e  # clean up as much as possible
    local command ids
    for command in "${_cleanups[@]}"; do eval "$command"; done
    [[ -z "$FLOW_PID" ]] || kill -9 "$FLOW_PID" 2>/dev/null
    # Jobs a failed test left behind must not occupy the node for the tests that follow.
    ids=$(our_jobs 2>/dev/null)
    # shellcheck disable=SC2086
    [[ -z "$ids" ]] || scancel $ids 2>/dev/null
    cd / && chmod -R u+w "$WORKDIR" 2>/dev/null
    rm -rf "$WORKDIR"
}

# start_test - a fresh $WORKDIR (see make_workdir) as the current directory; on exit, the
# test's leftover jobs are cancelled and a background flow is killed before it is removed.
start_test() {
    require_flow
    make_workdir
    trap _cluster_cleanup EXIT
    cd "$WORKDIR"
}

# show_out - print the last flow run's output (for failure messages).
show_out() {
    echo "--- output of the last flow run (exit $status):" >&2
    printf '%s\n' "$out" >&2
}

# expect_out TEXT - the last flow output contains TEXT.
expect_out() { [[ "$out" == *"$1"* ]] || { show_out; fail "flow's output lacks: $1"; }; }

# run_flow STATUS SECONDS ARGS... - runs flow in the current directory, killed after SECONDS
# (a hang fails the test instead of stalling the suite), and expects exit STATUS.
run_flow() {
    local expected=$1 seconds=$2
    shift 2
    set +e
    out=$(timeout -k 5 "$seconds" "$FLOW" "$@" 2>&1)
    status=$?
    set -e
    [[ $status != 124 && $status != 137 ]] || { show_out; fail "flow $* did not finish within ${seconds}s"; }
    [[ $status == "$expected" ]] || { show_out; fail "flow $* exited $status, expected $expected"; }
}

# start_flow ARGS... - runs flow in the background (its own pid in $FLOW_PID, so that a test
# can signal flow itself); its output goes to $WORKDIR/.flow-bg.out.
start_flow() {
    "$FLOW" "$@" >"$WORKDIR/.flow-bg.out" 2>&1 &
    FLOW_PID=$!
}

# wait_flow SECONDS [STATUS] - waits for the background flow; after SECONDS it is killed and
# the test fails. Sets $status and $out; with STATUS, expects that exit status.
wait_flow() {
    local seconds=$1 expected=${2:-} i
    for ((i = 0; i < seconds * 10; i++)); do
        kill -0 "$FLOW_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$FLOW_PID" 2>/dev/null; then
        kill -9 "$FLOW_PID" 2>/dev/null
        wait "$FLOW_PID" 2>/dev/null || true
        out=$(cat "$WORKDIR/.flow-bg.out")
        FLOW_PID=""
        show_out
        fail "flow did not finish within ${seconds}s"
    fi
    set +e
    wait "$FLOW_PID"
    status=$?
    set -e
    FLOW_PID=""
    out=$(cat "$WORKDIR/.flow-bg.out")
    if [[ -n "$expected" && $status != "$expected" ]]; then
        show_out
        fail "flow exited $status, expected $expected"
    fi
}

# kill_flow SIGNAL - sends SIGNAL to the background flow (flow itself, not a wrapper).
kill_flow() { kill -s "$1" "$FLOW_PID"; }

# wait_for_file PATH [SECONDS] - polls until PATH exists; fails after SECONDS (default 60).
wait_for_file() {
    wait_until "${2:-60}" test -e "$1" || { out=$(cat "$WORKDIR/.flow-bg.out" 2>/dev/null); show_out; fail "timed out waiting for $1"; }
}

# install_shims - puts wrappers for the scheduler commands first on PATH; each appends one
# line "COMMAND ARGS..." to $SHIM_LOG and then runs the real command. Counts calls without
# changing what flow sees.
install_shims() {
    local dir="$WORKDIR/.shims" command real
    mkdir -p "$dir"
    SHIM_LOG="$WORKDIR/.shims/calls.log"
    : >"$SHIM_LOG"
    for command in qsub qstat qdel sbatch squeue scancel; do
        real=$(command -v "$command") || continue
        printf '#!/bin/bash\necho "%s $*" >>%q\nexec %q "$@"\n' \
            "$command" "$SHIM_LOG" "$real" >"$dir/$command"
        chmod 755 "$dir/$command"
    done
    export PATH="$dir:$PATH"
}

# calls COMMAND - how many times COMMAND ran since install_shims (or the last reset_calls).
calls() { grep -c "^$1\( \|\$\)" "$SHIM_LOG" || true; }
reset_calls() { : >"$SHIM_LOG"; }

# our_jobs - ids of the jobs still queued, running or completing whose working directory is
# $WORKDIR or below (other users of the scheduler are left out), one per line.
our_jobs() {
    squeue -h -t PD,R,CG,S,CF,RQ,RS,RH,SE,SO,ST -o '%i %Z' 2>/dev/null |
        awk -v d="$WORKDIR" '$2 == d || index($2, d "/") == 1 { print $1 }'
}

# no_jobs_left - true when our_jobs lists nothing.
no_jobs_left() { [[ -z "$(our_jobs)" ]]; }

# sge_jobs - ids of the Grid Engine jobs still queued or running, one per line. The SGE tests
# run on a Grid Engine of their own (scripts/test.sh starts it for them), so every job is
# theirs; the job's directory is not in qstat's table.
sge_jobs() { qstat -u '*' 2>/dev/null | awk 'NR > 2 && $1 ~ /^[0-9]+$/ { print $1 }'; }
no_sge_jobs_left() { [[ -z "$(sge_jobs)" ]]; }

# start_sge_test - start_test for the SGE tests: Grid Engine answers, and on exit the jobs
# the test left behind are deleted (lib.sh's own clean-up speaks Slurm).
start_sge_test() {
    require_scheduler sge
    start_test
    on_exit 'ids=$(sge_jobs); [[ -z "$ids" ]] || qdel $ids >/dev/null 2>&1'
}
