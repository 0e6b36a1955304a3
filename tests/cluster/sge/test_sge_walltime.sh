#!/usr/bin/env bash
# Grid Engine: a job that runs past its h_rt (runtime "10s") is killed by the execd and
# reported failed (no exit marker), its partial output removed.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
start_sge_test

cat >flow.yaml <<'EOF2'
rules:
  all:
    input: [long.txt]
  long:
    output: long.txt
    resources: {runtime: "10s"}
    shell: "echo partial > {output}; sleep 300; echo whole >> {output}"
EOF2
run_flow 1 200 --executor sge --cluster-poll 0.5 --latency-wait 2
grep -qx '#\$ -l h_rt=00:00:10' .flow/cluster/long.*/job.sh ||
    fail "the h_rt request is not as documented: $(grep '^#\$' .flow/cluster/long.*/job.sh)"
expect_out "FAILED: long (job"
expect_out "vanished without an exit marker"
expect_out "1 of 2 jobs failed (long)"
[[ ! -e long.txt ]] || fail "the partial output long.txt was not removed"
wait_until 20 no_sge_jobs_left || fail "jobs still listed after their h_rt: $(sge_jobs)"
echo "PASS: sge h_rt exceeded"
