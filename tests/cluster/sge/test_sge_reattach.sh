#!/usr/bin/env bash
# Grid Engine: kill -9 of flow while its jobs run (two running, one queued on two slots): the
# next flow re-attaches to them instead of submitting them again and finishes with their
# outputs; with --cancel-leftovers it deletes them and submits anew.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
start_sge_test
install_shims

cat >flow.yaml <<'EOF2'
rules:
  all:
    input:
      - expand: out/{n}.txt
        n: [1, 2, 3]
  wait:
    output: out/{n}.txt
    shell: >-
      echo "$JOB_ID" >> starts/{wildcards.n}; echo partial > {output};
      i=0; while [ ! -e go ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done;
      test -e go; echo "whole {wildcards.n}" > {output}
EOF2
started_jobs() { cat starts/* 2>/dev/null | wc -l; }
two_started() { (($(started_jobs) >= 2)); }
three_listed() { (($(sge_jobs | wc -l) == 3)); }
recorded_ids() { sed -n 's/^id=//p' .flow/cluster/wait.*/id 2>/dev/null | sort -n | tr '\n' ' '; }
three_recorded() { (($(recorded_ids | wc -w) == 3)); }
polled() { grep -qE "^qstat" "$SHIM_LOG"; }
flow_dies_with_three_jobs() {
    start_flow --executor sge -j 10 --cluster-poll 0.5 "$@"
    wait_until 60 two_started || fail "the jobs did not start"
    wait_until 10 three_listed || fail "expected 3 jobs, found $(sge_jobs)"
    wait_until 10 three_recorded || fail "expected 3 recorded ids, found '$(recorded_ids)'"
    kill_flow KILL
    wait_flow 10
}

# 1. flow dies; the next flow tracks the same three jobs, submitting nothing.
mkdir starts
flow_dies_with_three_jobs
ids=$(recorded_ids)
reset_calls
start_flow --executor sge -j 10 --cluster-poll 0.5
wait_until 30 polled || fail "the second flow never polled its jobs"
touch go
wait_flow 120 0
expect_out "4 jobs done"
[[ $(calls qsub) == 0 ]] || fail "re-attaching flow submitted $(calls qsub) jobs: $(grep '^qsub' "$SHIM_LOG")"
for n in 1 2 3; do
    [[ "$(cat out/$n.txt)" == "whole $n" ]] || fail "out/$n.txt holds '$(cat out/$n.txt)'"
    [[ $(wc -l <starts/$n) == 1 ]] || fail "job $n started $(wc -l <starts/$n) times"
done
[[ $(sort -n starts/* | tr '\n' ' ') == "$ids" ]] ||
    fail "the jobs that ran ($(cat starts/*)) are not the recorded ones ($ids)"
[[ -z $(recorded_ids) ]] || fail "re-attach records left after the run"
run_flow 0 60 --executor sge -n
expect_out "nothing to be done"

# 2. --cancel-leftovers: the leftovers are deleted and submitted anew.
rm -rf go starts
mkdir starts
flow_dies_with_three_jobs -F
read -r -a old_ids <<<"$(recorded_ids)"
reset_calls
start_flow --executor sge -j 10 --cluster-poll 0.5 --cancel-leftovers
wait_until 30 polled || fail "the third flow never polled its jobs"
for id in "${old_ids[@]}"; do
    wait_until 15 grep -q "^qdel .*\b$id\b" "$SHIM_LOG" || fail "leftover job $id was not deleted"
done
wait_until 15 bash -c "(( \$(qstat | awk 'NR > 2' | wc -l) <= 3 ))" || fail "leftovers still listed: $(qstat)"
touch go
wait_flow 120 0
[[ $(calls qsub) == 3 ]] || fail "expected 3 new submissions, saw $(calls qsub)"
for n in 1 2 3; do
    [[ "$(cat out/$n.txt)" == "whole $n" ]] || fail "out/$n.txt holds '$(cat out/$n.txt)'"
done
[[ -z $(recorded_ids) ]] || fail "re-attach records left after the run"
wait_until 15 no_sge_jobs_left || fail "jobs left: $(sge_jobs)"
echo "PASS: sge re-attach after kill -9"
