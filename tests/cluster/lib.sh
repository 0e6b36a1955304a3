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
# query within 20 seconds; otherwise skip with a message that says how to start one.
require_scheduler() {
    local kind=${1:-pbs} commands query
    case "$kind" in
        pbs)   commands=(qsub qstat qdel); query=(qstat) ;;
        slurm) commands=(sbatch squeue scancel); query=(squeue -h) ;;
        *)     fail "require_scheduler: unknown scheduler '$kind' (pbs or slurm)" ;;
    esac
    local hint="start one with tests/cluster/start-scheduler.sh (as root)"
    local command
    for command in "${commands[@]}"; do
        command -v "$command" >/dev/null 2>&1 || skip "no $kind scheduler: '$command' is not on PATH; $hint"
    done
    timeout 20 "${query[@]}" >/dev/null 2>&1 ||
        skip "no $kind scheduler: '${query[*]}' does not answer; $hint"
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
