#!/usr/bin/env bash
# Grid Engine: a job that exits non-zero fails with its exit code (from the marker) and the
# end of its stderr, its output is removed, nothing downstream runs, and the job in flight is
# still waited for. A submission qsub refuses quotes qsub's words.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
start_sge_test

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
run_flow 1 120 --executor sge -j 10 --cluster-poll 0.5
expect_out "FAILED: bad (job"
expect_out "exit code 7"
expect_out "the node says no"
expect_out "1 of 4 jobs failed (bad)"
expect_out "removed their outputs: bad.txt"
[[ ! -e bad.txt ]] || fail "the failed job's output bad.txt was not removed"
[[ ! -e after.txt ]] || fail "after.txt was made although its input failed"
[[ "$(cat logs/bad.log 2>/dev/null)" == "written to the log" ]] || fail "the failed job's log was not kept"
[[ "$(cat other.txt 2>/dev/null)" == other ]] || { show_out; fail "the job in flight (other) was not finished"; }
grep -qx 'exit=7' .flow/cluster/bad.*/exit || fail "no marker with exit=7"

cat >flow.yaml <<'EOF2'
rules:
  refused:
    output: refused.txt
    shell: "echo never > {output}"
EOF2
run_flow 1 60 --executor sge --cluster-queue nosuch.q --cluster-poll 0.5
expect_out "FAILED: refused (job"
expect_out "qsub failed (exit code"
expect_out "nosuch.q"
[[ ! -e refused.txt ]] || fail "refused.txt exists although its job was never submitted"
echo "PASS: sge job failure"
