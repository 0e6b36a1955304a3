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

# Six samples, each a chain split -> count -> tag in group "lane"; bundled 3 per submission,
# that is 2 submissions for 18 jobs; `report` (ungrouped) gathers them.
write_workflow() {
    cat >flow.yaml <<EOF
config:
  samples: [s1, s2, s3, s4, s5, s6]
rules:
  all:
    input: report.txt
  split:
    output: split/{s}.txt
    group: lane
    resources: {runtime: 1, mem_mb: 50}
    shell: "printf '%s\\\\n' {wildcards.s} one two > {output}"
  count:
    input: split/{s}.txt
    output: count/{s}.txt
    group: lane
    resources: {runtime: 2, mem_mb: 80}
    shell: "if [ -e fail-{wildcards.s} ]; then echo count-{wildcards.s}-says-no >&2; exit 5; fi; wc -l < {input} > {output}"
  tag:
    input: count/{s}.txt
    output: tag/{s}.txt
    group: lane
    shell: "echo {wildcards.s} \$(cat {input}) > {output}"
  report:
    input:
      - expand: tag/{s}.txt
        s: config.samples
    output: report.txt
    shell: "cat {input} > {output}"
EOF
}

write_workflow
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

# A failing member: count s2 fails; tag s2 (needs it) is skipped, report cannot run; the other
# members of its submission (s1, s3 chains) and of the other submission succeed.
rm -rf split count tag report.txt .flow
touch fail-s2
reset_calls
run_flow 1 240 --executor slurm --group-components lane=3 -k -j 10 --cluster-poll 0.5
expect_out "FAILED: count s=s2"
expect_out "exit code 5"
expect_out "count-s2-says-no"
expect_out "SKIPPED: tag s=s2"
expect_out "1 of 20 jobs failed (count s=s2)"
[[ "$(calls sbatch)" == 2 ]] || { show_out; fail "$(calls sbatch) submissions, expected 2 (report never runs)"; }
[[ ! -e count/s2.txt && ! -e tag/s2.txt && ! -e report.txt ]] || fail "the failed chain left outputs"
for s in s1 s3 s4 s5 s6; do
    [[ -s tag/$s.txt ]] || { show_out; fail "tag/$s.txt is missing: a failure in its group took it"; }
done
[[ -s split/s2.txt ]] || fail "split s2 (before the failure, same submission) lost its output"
before=$(stat -c %Y tag/s1.txt)

rm fail-s2
# Fixed: the rerun runs only the failed chain and report: one group of 2 (count, tag of s2)
# and report, nothing that succeeded.
reset_calls
sleep 1
run_flow 0 240 --executor slurm --group-components lane=3 -j 10 --cluster-poll 0.5
expect_out "4 jobs done"
[[ "$(calls sbatch)" == 2 ]] || { show_out; fail "$(calls sbatch) submissions on the rerun, expected 2"; }
[[ "$(cat report.txt)" == "$local_report" ]] || fail "the rerun's report differs from the local run"
[[ "$(stat -c %Y tag/s1.txt)" == "$before" ]] || fail "the rerun remade tag/s1.txt"
no_jobs_left || fail "jobs left: $(our_jobs)"
echo "PASS: job groups (pbs, slurm): same files, 3 submissions for 19 jobs, a failure fails its own chain only"
