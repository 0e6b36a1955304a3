#!/usr/bin/env bash
# Job groups on the real scheduler (spec §9, docs/cluster.md "Job groups"), through both the
# PBS wrappers and Slurm's own commands: a grouped workflow makes the same files as a local
# run with far fewer submissions (counted); a failing member fails only itself and what
# depends on it, the other members' outputs survive; the rerun runs only the rest.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler pbs
require_scheduler slurm
start_test
install_shims

source "$(dirname "$0")/groups_common.sh"
write_lane_workflow
run_flow 0 60 -c 2
local_report=$(cat report.txt)
[[ "$local_report" == *"s6 3"* ]] || fail "the local run made: $local_report"

for scheduler in pbs slurm; do
    rm -rf split count tag report.txt .flow
    reset_calls
    run_flow 0 60 -n --executor $scheduler --group-components lane=3
    expect_out "flow: 3 cluster submissions: 2 groups of 18 jobs, 1 job alone."
    submit=$([[ $scheduler == pbs ]] && echo qsub || echo sbatch)
    reset_calls
    run_flow 0 240 --executor $scheduler --group-components lane=3 -j 10 --cluster-poll 0.5
    [[ "$(cat report.txt)" == "$local_report" ]] || fail "$scheduler: report differs from the local run"
    [[ "$(calls $submit)" == 3 ]] || { show_out; fail "$scheduler: $(calls $submit) submissions for 19 jobs, expected 3"; }
    # Each member kept its own marker; the group script asked for the combined request.
    [[ $(grep -l '^exit=0' .flow/cluster/count.*/exit | wc -l) == 6 ]] || fail "$scheduler: count markers"
    script=$(cat .flow/cluster/group_lane.*/job.sh)
    [[ "$script" == *"# flow group lane: 9 jobs"* ]] || fail "$scheduler: group script: $script"
    if [[ $scheduler == slurm ]]; then
        # 3 x (1 + 2) minutes, the largest mem_mb.
        [[ "$script" == *"#SBATCH --mem=80"* && "$script" == *"#SBATCH --time=9"* ]] ||
            fail "slurm: combined request not in the script: $script"
    fi
    run_flow 0 60 --executor $scheduler --group-components lane=3
    expect_out "nothing to be done"
    no_jobs_left || fail "$scheduler: jobs left: $(our_jobs)"
done

lane_failure_case slurm sbatch no_jobs_left our_jobs
echo "PASS: job groups (pbs, slurm): same files, 3 submissions for 19 jobs, a failure fails its own chain only"
