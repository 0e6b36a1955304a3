#!/usr/bin/env bash
# A running cluster job killed from outside (qdel, scancel): flow reports the job failed with
# a message saying it was killed (the scheduler's note from the job's stderr), exits 1, and
# leaves neither the partial output nor the job behind.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler pbs
require_scheduler slurm
start_test

cat >flow.yaml <<'EOF2'
rules:
  all:
    input: [slow.txt]
  slow:
    output: slow.txt
    shell: "echo partial > {output}; touch started; sleep 120; echo whole >> {output}"
EOF2

for scheduler in pbs slurm; do
    case $scheduler in pbs) cancel="qdel" ;; slurm) cancel="scancel" ;; esac
    rm -f started
    start_flow --executor $scheduler -j 10 --cluster-poll 0.5
    wait_for_file started
    [[ "$(cat slow.txt)" == partial ]] || fail "the job did not write its partial output"
    # The job can start before qsub has answered flow: wait for the id to be recorded.
    id_recorded() { id=$(sed -n 's/^id=//p' .flow/cluster/slow.*/id 2>/dev/null) && [[ -n "$id" ]]; }
    wait_until 10 id_recorded || fail "no job id recorded in .flow/cluster/slow.*/id"
    $cancel "$id"
    wait_flow 60 1
    expect_out "FAILED: slow (job"
    # Killed before it could write its exit marker (lost), or its command was killed and the
    # script recorded that: either way the scheduler's reason is quoted.
    if [[ "$out" != *"job $id vanished without an exit marker"* && "$out" != *"exit code 143"* ]]; then
        show_out
        fail "$scheduler: the $cancel'ed job was not reported as killed"
    fi
    expect_out "CANCELLED"
    expect_out "1 of 2 jobs failed (slow)"
    [[ ! -e slow.txt ]] || fail "$scheduler: partial output slow.txt left behind"
    [[ -z "$(cat .flow/cluster/slow.*/id 2>/dev/null)" ]] || fail "$scheduler: re-attach record left behind"
    wait_until 20 no_jobs_left || fail "$scheduler: job $id still listed: $(squeue -h -j "$id" 2>&1)"
done

# The next run would make the output from scratch.
run_flow 0 60 -c 1 -n
expect_out "reason: missing output slow.txt"
echo "PASS: cluster job killed from outside"
