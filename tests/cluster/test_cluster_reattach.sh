#!/usr/bin/env bash
# kill -9 of flow while its cluster jobs run (two running, one queued): the next flow
# re-attaches to them instead of submitting them again, and finishes with their outputs.
# With --cancel-leftovers it cancels the leftovers and submits the jobs anew instead. Jobs
# that ended while no flow ran are taken from their exit markers.
# Every start of a job appends its scheduler id to starts/N, and the scheduler commands are
# counted through PATH shims, so a second submission cannot go unnoticed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler pbs
require_scheduler slurm
start_test
install_shims

# A job waits (at most two minutes) until the test creates the file `go`.
cat >flow.yaml <<'EOF2'
rules:
  all:
    input:
      - expand: out/{n}.txt
        n: [1, 2, 3]
  wait:
    output: out/{n}.txt
    shell: >-
      echo "$SLURM_JOB_ID" >> starts/{wildcards.n}; echo partial > {output};
      i=0; while [ ! -e go ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done;
      test -e go; echo "whole {wildcards.n}" > {output}
EOF2

started_jobs() { cat starts/* 2>/dev/null | wc -l; }
two_started() { (($(started_jobs) >= 2)); }
three_listed() { (($(our_jobs | wc -l) == 3)); }
# flow has the ids of all three (a job is listed a moment before its qsub answers flow).
three_recorded() { (($(recorded_ids | wc -w) == 3)); }
recorded_ids() { sed -n 's/^id=//p' .flow/cluster/wait.*/id 2>/dev/null | sort -n | tr '\n' ' '; }
# polled CMD - flow has polled the ids it tracks (the listing for re-attach names no ids, a
# poll does). All three jobs are ready at once, so by then each was re-attached or submitted.
polled() { grep -qE "^$1 .*[0-9]" "$SHIM_LOG"; }

for scheduler in pbs slurm; do
    case $scheduler in
        pbs) submit=qsub poll_cmd=qstat cancel=qdel ;;
        slurm) submit=sbatch poll_cmd=squeue cancel=scancel ;;
    esac
    rm -rf starts out go .flow/cluster
    mkdir starts

    # 1. flow dies with two jobs running and one queued.
    start_flow --executor $scheduler -j 10 --cluster-poll 0.5
    wait_until 60 two_started || fail "$scheduler: the jobs did not start"
    wait_until 10 three_listed || fail "$scheduler: expected 3 jobs, found $(our_jobs)"
    wait_until 10 three_recorded || fail "$scheduler: expected 3 recorded ids, found '$(recorded_ids)'"
    kill_flow KILL
    wait_flow 10
    ids=$(recorded_ids)
    [[ $(wc -w <<<"$ids") == 3 ]] || fail "$scheduler: expected 3 re-attach records, found '$ids'"

    # 2. The next flow tracks the same three jobs; nothing is submitted again.
    reset_calls
    start_flow --executor $scheduler -j 10 --cluster-poll 0.5
    wait_until 30 polled "$poll_cmd" || fail "$scheduler: the second flow never polled its jobs"
    touch go
    wait_flow 120 0
    expect_out "4 jobs done"
    [[ $(calls "$submit") == 0 ]] || fail "$scheduler: re-attaching flow submitted $(calls "$submit") jobs: $(grep "^$submit" "$SHIM_LOG")"
    for n in 1 2 3; do
        [[ "$(cat out/$n.txt)" == "whole $n" ]] || fail "$scheduler: out/$n.txt holds '$(cat out/$n.txt)'"
        [[ $(wc -l <starts/$n) == 1 ]] || fail "$scheduler: job $n started $(wc -l <starts/$n) times"
    done
    [[ $(sort -n starts/* | tr '\n' ' ') == "$ids" ]] ||
        fail "$scheduler: the jobs that ran ($(cat starts/*)) are not the recorded ones ($ids)"
    [[ -z $(recorded_ids) ]] || fail "$scheduler: re-attach records left after the run"
    run_flow 0 60 --executor $scheduler -n
    expect_out "nothing to be done"

    # 3. --cancel-leftovers: the leftovers of a killed flow are cancelled and submitted anew.
    rm -rf go starts
    mkdir starts
    start_flow --executor $scheduler -j 10 --cluster-poll 0.5 -F
    wait_until 60 two_started || fail "$scheduler: the forced jobs did not start"
    wait_until 10 three_listed || fail "$scheduler: expected 3 jobs, found $(our_jobs)"
    wait_until 10 three_recorded || fail "$scheduler: expected 3 recorded ids, found '$(recorded_ids)'"
    kill_flow KILL
    wait_flow 10
    read -r -a old_ids <<<"$(recorded_ids)"
    reset_calls
    start_flow --executor $scheduler -j 10 --cluster-poll 0.5 --cancel-leftovers
    wait_until 30 polled "$poll_cmd" || fail "$scheduler: the third flow never polled its jobs"
    for id in "${old_ids[@]}"; do
        grep -q "^$cancel .*\b$id\b" "$SHIM_LOG" || fail "$scheduler: leftover job $id was not cancelled"
        wait_until 15 bash -c "! squeue -h -t PD,R,CG -o %i 2>/dev/null | grep -qx $id" ||
            fail "$scheduler: leftover job $id is still queued or running"
    done
    [[ $(calls "$submit") == 3 ]] || fail "$scheduler: expected 3 new submissions, saw $(calls "$submit")"
    touch go
    wait_flow 120 0
    for n in 1 2 3; do
        [[ "$(cat out/$n.txt)" == "whole $n" ]] || fail "$scheduler: out/$n.txt holds '$(cat out/$n.txt)'"
    done
    [[ -z $(recorded_ids) ]] || fail "$scheduler: re-attach records left after the run"
    wait_until 10 no_jobs_left || fail "$scheduler: jobs left: $(our_jobs)"

    # 4. The jobs all end while no flow runs: the next flow takes their results from their
    # exit markers, without submitting anything.
    rm -rf go starts
    mkdir starts
    start_flow --executor $scheduler -j 10 --cluster-poll 0.5 -F
    wait_until 60 two_started || fail "$scheduler: the forced jobs did not start"
    wait_until 10 three_listed || fail "$scheduler: expected 3 jobs, found $(our_jobs)"
    wait_until 10 three_recorded || fail "$scheduler: expected 3 recorded ids, found '$(recorded_ids)'"
    kill_flow KILL
    wait_flow 10
    touch go
    wait_until 60 no_jobs_left || fail "$scheduler: the jobs did not end: $(our_jobs)"
    reset_calls
    run_flow 0 60 --executor $scheduler -j 10 --cluster-poll 0.5
    expect_out "4 jobs done"
    [[ $(calls "$submit") == 0 ]] || fail "$scheduler: jobs that had ended were submitted again"
    for n in 1 2 3; do
        [[ "$(cat out/$n.txt)" == "whole $n" ]] || fail "$scheduler: out/$n.txt holds '$(cat out/$n.txt)'"
        [[ $(wc -l <starts/$n) == 1 ]] || fail "$scheduler: job $n started $(wc -l <starts/$n) times"
    done
    run_flow 0 60 --executor $scheduler -n
    expect_out "nothing to be done"
done
echo "PASS: re-attach after kill -9, and --cancel-leftovers"
