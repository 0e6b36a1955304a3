#!/usr/bin/env bash
# Grid Engine: job groups (spec §9, docs/cluster.md "Job groups") as under pbs and slurm: a
# grouped workflow makes the same files as a local run with 3 submissions for 19 jobs, the
# group's script asks for the combined request in `#$` directives, each member keeps its own
# marker (the scheduler may list a job a moment after its marker: waited for); a failing member fails only itself and what needs it; the rerun runs only the rest.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
start_sge_test
install_shims

cat >flow.yaml <<'EOF2'
config:
  samples: [s1, s2, s3, s4, s5, s6]
rules:
  all:
    input: report.txt
  split:
    output: split/{s}.txt
    group: lane
    resources: {runtime: 1, mem_mb: 50}
    shell: "printf '%s\\n' {wildcards.s} one two > {output}"
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
    shell: "echo {wildcards.s} $(cat {input}) > {output}"
  report:
    input:
      - expand: tag/{s}.txt
        s: config.samples
    output: report.txt
    shell: "cat {input} > {output}"
EOF2
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
wait_until 20 no_sge_jobs_left || fail "jobs left: $(sge_jobs)"

# count s2 fails: tag s2 is skipped, report cannot run; everything else succeeds.
rm -rf split count tag report.txt .flow
touch fail-s2
reset_calls
run_flow 1 240 --executor sge --group-components lane=3 -k -j 10 --cluster-poll 0.5
expect_out "FAILED: count s=s2"
expect_out "exit code 5"
expect_out "count-s2-says-no"
expect_out "SKIPPED: tag s=s2"
expect_out "1 of 20 jobs failed (count s=s2)"
[[ "$(calls qsub)" == 2 ]] || { show_out; fail "$(calls qsub) submissions, expected 2 (report never runs)"; }
[[ ! -e count/s2.txt && ! -e tag/s2.txt && ! -e report.txt ]] || fail "the failed chain left outputs"
for s in s1 s3 s4 s5 s6; do
    [[ -s tag/$s.txt ]] || { show_out; fail "tag/$s.txt is missing: a failure in its group took it"; }
done
[[ -s split/s2.txt ]] || fail "split s2 (before the failure, same submission) lost its output"
before=$(stat -c %Y tag/s1.txt)

rm fail-s2
reset_calls
run_flow 0 240 --executor sge --group-components lane=3 -j 10 --cluster-poll 0.5
expect_out "4 jobs done"
[[ "$(calls qsub)" == 2 ]] || { show_out; fail "$(calls qsub) submissions on the rerun, expected 2"; }
[[ "$(cat report.txt)" == "$local_report" ]] || fail "the rerun's report differs from the local run"
[[ "$(stat -c %Y tag/s1.txt)" == "$before" ]] || fail "the rerun remade tag/s1.txt"
wait_until 20 no_sge_jobs_left || fail "jobs left: $(sge_jobs)"
echo "PASS: sge job groups: same files, 3 submissions for 19 jobs, a failure fails its own chain only"
