#!/usr/bin/env bash
# Grid Engine: job groups (spec §9, docs/cluster.md "Job groups") as under pbs and slurm: a
# grouped workflow makes the same files as a local run with 3 submissions for 19 jobs, the
# group's script asks for the combined request in `#$` directives, each member keeps its own
# marker; a failing member fails only itself and what needs it; the rerun runs only the rest
# (the workflow and the failure case: ../groups_common.sh).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
start_sge_test
install_shims

source "$(dirname "$0")/../groups_common.sh"
write_lane_workflow
run_flow 0 60 -c 2
local_report=$(cat report.txt)
[[ "$local_report" == *"s6 3"* ]] || fail "the local run made: $local_report"

rm -rf split count tag report.txt .flow
run_flow 0 60 -n --executor sge --group-components lane=3
expect_out "flow: 3 cluster submissions: 2 groups of 18 jobs, 1 job alone."
reset_calls
run_flow 0 240 --executor sge --group-components lane=3 -j 10 --cluster-poll 0.5
[[ "$(cat report.txt)" == "$local_report" ]] || fail "report differs from the local run"
[[ "$(calls qsub)" == 3 ]] || { show_out; fail "$(calls qsub) submissions for 19 jobs, expected 3"; }
[[ $(grep -l '^exit=0' .flow/cluster/count.*/exit | wc -l) == 6 ]] || fail "count markers"
script=$(cat .flow/cluster/group_lane.*/job.sh)
[[ "$script" == *"# flow group lane: 9 jobs"* ]] || fail "group script: $script"
# 3 x (1 + 2) minutes, the largest mem_mb (h_vmem is per slot: one slot here).
[[ "$script" == *"h_rt=00:09:00"* && "$script" == *"h_vmem=80M"* ]] ||
    fail "the combined request is not in the script: $script"
run_flow 0 60 --executor sge --group-components lane=3
expect_out "nothing to be done"
# The scheduler may list a job a moment after its marker.
wait_until 20 no_sge_jobs_left || fail "jobs left: $(sge_jobs)"

lane_failure_case sge qsub no_sge_jobs_left sge_jobs
echo "PASS: sge job groups: same files, 3 submissions for 19 jobs, a failure fails its own chain only"
