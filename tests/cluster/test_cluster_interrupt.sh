#!/usr/bin/env bash
# Ctrl-C (SIGINT to flow) while cluster jobs run and others wait in the queue (more jobs than
# the node has CPUs): flow cancels them all with ONE qdel (scancel) call, exits 130, no job
# of this test stays queued or running, a local job running alongside is stopped too, and no
# partial output and no re-attach record is left.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler pbs
require_scheduler slurm
start_test
install_shims

# Six cluster jobs, and a local one (a localrule) running on the submit host at the same time.
cat >flow.yaml <<'EOF2'
localrules: [here]
rules:
  all:
    input:
      - out/here.txt
      - expand: out/{n}.txt
        n: [1, 2, 3, 4, 5, 6]
  slow:
    output: out/{n}.txt
    shell: "echo partial > {output}; touch started/{wildcards.n}; sleep 100; echo whole >> {output}"
  here:
    output: out/here.txt
    shell: "echo $$ > here.pid; echo partial > {output}; sleep 100; echo whole >> {output}"
EOF2

# states - "R PD ..." of this test's jobs
states() { squeue -h -o '%t %Z' 2>/dev/null | awk -v d="$WORKDIR" '$2 == d { print $1 }' | sort | uniq -c | tr '\n' ' '; }
running_and_queued() {
    local s
    s=$(states)
    [[ "$s" == *" R "* && "$s" == *" PD "* && $(our_jobs | wc -l) == 6 ]]
}

for scheduler in pbs slurm; do
    case $scheduler in pbs) cancel="qdel" ;; slurm) cancel="scancel" ;; esac
    rm -rf started out .flow/cluster here.pid
    mkdir started
    reset_calls
    start_flow --executor $scheduler -j 10 --cluster-poll 0.5
    wait_for_file started/1 60
    wait_for_file here.pid 60
    wait_until 60 running_and_queued ||
        fail "$scheduler: expected 6 jobs, some running and some queued; scheduler shows: $(states)"
    # shellcheck disable=SC2207
    ids=($(our_jobs | sort -n))
    kill_flow INT
    wait_flow 60 130
    expect_out "interrupted by SIGINT"
    [[ $(calls "$cancel") == 1 ]] || fail "$scheduler: expected one $cancel call, the calls were: $(grep "^$cancel" "$SHIM_LOG")"
    line=$(grep "^$cancel " "$SHIM_LOG")
    for id in "${ids[@]}"; do
        [[ " $line " == *" $id "* ]] || fail "$scheduler: the $cancel call ($line) does not name job $id"
    done
    wait_until 10 no_jobs_left || fail "$scheduler: jobs still queued or running after Ctrl-C: $(states)"
    local_pid=$(cat here.pid)
    wait_until 10 bash -c "! kill -0 $local_pid 2>/dev/null" || fail "$scheduler: the local job ($local_pid) still runs"
    left=$(find out -type f 2>/dev/null)
    [[ -z "$left" ]] || fail "$scheduler: partial outputs left after Ctrl-C: $left"
    [[ -z "$(cat .flow/cluster/*/id 2>/dev/null)" ]] || fail "$scheduler: re-attach records left after Ctrl-C"
done

# The next run would make all seven again.
run_flow 0 60 -n
expect_out "8 jobs would run"
echo "PASS: Ctrl-C cancels queued and running cluster jobs"
