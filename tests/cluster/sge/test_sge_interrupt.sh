#!/usr/bin/env bash
# Grid Engine: Ctrl-C (SIGINT to flow) while jobs run and others wait in the queue (six jobs,
# two slots): ONE qdel names them all, flow exits 130, no job stays, no partial output and no
# re-attach record is left.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
start_sge_test
install_shims

cat >flow.yaml <<'EOF2'
rules:
  all:
    input:
      - expand: out/{n}.txt
        n: [1, 2, 3, 4, 5, 6]
  slow:
    output: out/{n}.txt
    shell: "echo partial > {output}; touch started/{wildcards.n}; sleep 100; echo whole >> {output}"
EOF2
mkdir started
states() { qstat 2>/dev/null | awk 'NR > 2 { print $5 }' | sort | uniq -c | tr '\n' ' '; }
running_and_queued() {
    local s
    s=$(states)
    [[ "$s" == *" r "* && "$s" == *" qw "* && $(sge_jobs | wc -l) == 6 ]]
}
start_flow --executor sge -j 10 --cluster-poll 0.5
wait_for_file started/1 60
wait_until 60 running_and_queued || fail "expected 6 jobs, some running and some queued; qstat shows: $(states)"
# shellcheck disable=SC2207
ids=($(sge_jobs | sort -n))
kill_flow INT
wait_flow 60 130
expect_out "interrupted by SIGINT"
[[ $(calls qdel) == 1 ]] || fail "expected one qdel call, the calls were: $(grep '^qdel' "$SHIM_LOG")"
line=$(grep "^qdel " "$SHIM_LOG")
for id in "${ids[@]}"; do
    [[ " $line " == *" $id "* ]] || fail "the qdel call ($line) does not name job $id"
done
wait_until 15 no_sge_jobs_left || fail "jobs still queued or running after Ctrl-C: $(states)"
left=$(find out -type f 2>/dev/null)
[[ -z "$left" ]] || fail "partial outputs left after Ctrl-C: $left"
[[ -z "$(cat .flow/cluster/*/id 2>/dev/null)" ]] || fail "re-attach records left after Ctrl-C"
run_flow 0 60 -n
expect_out "7 jobs would run"
echo "PASS: Ctrl-C deletes queued and running Grid Engine jobs"
