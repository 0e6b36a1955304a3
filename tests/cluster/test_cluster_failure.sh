#!/usr/bin/env bash
# A cluster job that exits non-zero: flow exits 1, the FAILED block names the rule and the
# exit code and quotes the end of the job's stderr, the job's outputs are removed (its log
# kept), nothing downstream runs, and a job already in flight is still waited for. A
# submission the scheduler refuses is a failure that quotes it; retries work on the cluster.
# Run through both schedulers' commands.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler pbs
require_scheduler slurm
start_test

cat >flow.yaml <<'EOF2'
rules:
  all:
    input: [after.txt, other.txt]
  bad:
    output: bad.txt
    log: logs/bad.log
    shell: >-
      echo partial > {output}; echo 'written to the log' > {log};
      echo 'first stderr line' >&2; echo 'the node says no' >&2; exit 7
  after:
    input: bad.txt
    output: after.txt
    shell: "cp {input} {output}"
  other:
    output: other.txt
    shell: "sleep 2; echo other > {output}"
EOF2

for scheduler in pbs slurm; do
    rm -rf logs other.txt .flow/cluster
    run_flow 1 120 --executor $scheduler -j 10 --cluster-poll 0.5
    expect_out "FAILED: bad (job"
    expect_out "exit code 7"
    expect_out "the node says no"
    expect_out "1 of 4 jobs failed (bad)"
    expect_out "removed their outputs: bad.txt"
    [[ ! -e bad.txt ]] || fail "$scheduler: the failed job's output bad.txt was not removed"
    [[ ! -e after.txt ]] || fail "$scheduler: after.txt was made although its input failed"
    [[ "$(cat logs/bad.log 2>/dev/null)" == "written to the log" ]] ||
        fail "$scheduler: the failed job's log was not kept"
    [[ "$(cat other.txt 2>/dev/null)" == other ]] ||
        { show_out; fail "$scheduler: the job in flight (other) was not finished"; }
    # The marker, not the scheduler, gave the exit code.
    grep -qx 'exit=7' .flow/cluster/bad.*/exit || fail "$scheduler: no marker with exit=7"
done

# A submission the scheduler refuses (no such queue) fails the job with the scheduler's words.
cat >flow.yaml <<'EOF2'
rules:
  refused:
    output: refused.txt
    shell: "echo never > {output}"
EOF2
run_flow 1 60 --executor pbs --cluster-queue nosuchqueue --cluster-poll 0.5
expect_out "FAILED: refused (job"
expect_out "qsub failed (exit code 1)"
expect_out "invalid partition specified: nosuchqueue"
run_flow 1 60 --executor slurm --cluster-queue nosuchqueue --cluster-poll 0.5
expect_out "sbatch failed (exit code 1): sbatch: error: invalid partition specified: nosuchqueue"
[[ ! -e refused.txt ]] || fail "refused.txt exists although its job was never submitted"

# Retries apply to cluster jobs too: the job fails on its first attempt only.
cat >flow.yaml <<'EOF2'
rules:
  flaky:
    output: flaky.txt
    retries: 1
    shell: "echo {attempt} >> attempts; test {attempt} -ge 2; echo done > {output}"
EOF2
run_flow 0 120 --executor slurm --cluster-poll 0.5
expect_out "RETRY: flaky"
[[ "$(cat attempts)" == $'1\n2' && "$(cat flaky.txt)" == "done" ]] || fail "retry on the cluster did not happen once"
echo "PASS: cluster job failure"
