#!/usr/bin/env bash
# Grid Engine: a running job deleted from outside (qdel: SIGKILL at once) is reported failed
# as having vanished without an exit marker; flow exits 1 and leaves neither the partial
# output nor the job nor its re-attach record behind.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
start_sge_test

cat >flow.yaml <<'EOF2'
rules:
  all:
    input: [slow.txt]
  slow:
    output: slow.txt
    shell: "echo partial > {output}; touch started; sleep 120; echo whole >> {output}"
EOF2
start_flow --executor sge -j 10 --cluster-poll 0.5 --latency-wait 2
wait_for_file started
id_recorded() { id=$(sed -n 's/^id=//p' .flow/cluster/slow.*/id 2>/dev/null) && [[ -n "$id" ]]; }
wait_until 10 id_recorded || fail "no job id recorded in .flow/cluster/slow.*/id"
qdel "$id" >/dev/null
wait_flow 60 1
expect_out "FAILED: slow (job"
expect_out "job $id vanished without an exit marker"
expect_out "1 of 2 jobs failed (slow)"
[[ ! -e slow.txt ]] || fail "partial output slow.txt left behind"
[[ -z "$(cat .flow/cluster/slow.*/id 2>/dev/null)" ]] || fail "re-attach record left behind"
wait_until 20 no_sge_jobs_left || fail "job $id still listed: $(qstat)"
run_flow 0 60 -c 1 -n
expect_out "reason: missing output slow.txt"
echo "PASS: sge job deleted from outside"
