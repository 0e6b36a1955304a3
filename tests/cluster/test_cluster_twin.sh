#!/usr/bin/env bash
# Issue 14 item 5, the cluster twin: kill -9 of flow while qsub/sbatch is still answering.
# The scheduler has the job, but flow never learnt its id. The next flow must find the job
# by the name it was submitted with (the record written before the submit command ran) and
# track it, not submit a second copy that writes the same output at the same time.
# A job appends its scheduler id to starts/N each time it starts, and the scheduler
# commands are counted through PATH shims, so a second copy cannot go unnoticed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler pbs
require_scheduler slurm
start_test
install_shims

# The job waits (at most two minutes) until the test creates the file `go`.
cat >flow.yaml <<'EOF2'
rules:
  all:
    input: [out/1.txt]
  wait:
    output: out/{n}.txt
    shell: >-
      echo "$SLURM_JOB_ID" >> starts/{wildcards.n}; echo partial > {output};
      i=0; while [ ! -e go ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done;
      test -e go; echo "whole {wildcards.n}" > {output}
EOF2

# stall_submit COMMAND - a shim for COMMAND that submits for real, notes the id it printed in
# submitted.log, and then never answers flow (a slow or hung scheduler front-end).
stall_submit() {
    local dir="$WORKDIR/.stall" real
    mkdir -p "$dir"
    real=$(command -v "$1")
    printf '#!/bin/bash\nid=$(%q "$@") || exit\necho "$id" >>%q\nexec sleep 300\n' \
        "$real" "$WORKDIR/submitted.log" >"$dir/$1"
    chmod 755 "$dir/$1"
}
listed() { our_jobs | grep -qx "$1"; }

for scheduler in pbs slurm; do
    case $scheduler in
        pbs) submit=qsub ;;
        slurm) submit=sbatch ;;
    esac
    rm -rf starts out go .flow/cluster .stall submitted.log
    mkdir starts

    # 1. flow is killed while the submit command, which did submit, has not answered yet.
    stall_submit "$submit"
    PATH="$WORKDIR/.stall:$PATH" start_flow --executor $scheduler -j 10 --cluster-poll 0.5
    wait_for_file submitted.log 60
    id=$(sed -n 's/;.*//; 1p' submitted.log)
    wait_until 30 listed "$id" || fail "$scheduler: the job $id is not queued or running"
    kill_flow KILL
    wait_flow 10
    record=$(cat .flow/cluster/wait.*/id 2>/dev/null) || fail "$scheduler: no record of the submission"
    [[ $record != *"id="* ]] || fail "$scheduler: the record holds an id flow never saw: $record"

    # 2. The next flow finds the job by its name and waits for it; nothing is submitted again.
    reset_calls
    start_flow --executor $scheduler -j 10 --cluster-poll 0.5
    # Once flow polls the job by its id it has found it (a listing asks for no id).
    wait_until 30 grep -qE "^(qstat|squeue) .*\b$id\b" "$SHIM_LOG" ||
        fail "$scheduler: the second flow never polled job $id: $(cat "$SHIM_LOG")"
    touch go
    wait_flow 120 0
    expect_out "2 jobs done"
    [[ $(calls "$submit") == 0 ]] ||
        fail "$scheduler: a second copy was submitted: $(grep "^$submit" "$SHIM_LOG")"
    [[ "$(cat out/1.txt)" == "whole 1" ]] || fail "$scheduler: out/1.txt holds '$(cat out/1.txt)'"
    [[ $(cat starts/1) == "$id" ]] || fail "$scheduler: the job started as '$(cat starts/1)', not once as $id"
    [[ -z $(ls .flow/cluster/wait.*/id 2>/dev/null) ]] || fail "$scheduler: a record is left after the run"
    run_flow 0 60 --executor $scheduler -n
    expect_out "nothing to be done"
    wait_until 10 no_jobs_left || fail "$scheduler: jobs left: $(our_jobs)"
done
echo "PASS: a job whose submission outlived a killed flow is found by name, not submitted twice"
