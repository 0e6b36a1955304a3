# shellcheck shell=bash
# The grouped workflow of the job-group tests and its failure case, for every scheduler:
# sourced by test_cluster_groups.sh (pbs, slurm) and sge/test_sge_groups.sh after lib.sh,
# start_test and install_shims.

# Six samples, each a chain split -> count -> tag in group "lane"; bundled 3 per submission,
# that is 2 submissions for 18 jobs; `report` (ungrouped) gathers them.
write_lane_workflow() {
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


# lane_failure_case SCHEDULER SUBMIT NO_JOBS LIST_JOBS: count s2 fails under --executor
# SCHEDULER; only its chain fails, and the rerun runs only that chain and report. SUBMIT is
# the submit command (counted), NO_JOBS and LIST_JOBS the functions that say the test left
# no job in the scheduler and list those it left. Needs $local_report, the local run's.
lane_failure_case() {
    local scheduler=$1 submit=$2 no_jobs=$3 list_jobs=$4 before
    # A failing member: count s2 fails; tag s2 (needs it) is skipped, report cannot run; the other
    # members of its submission (s1, s3 chains) and of the other submission succeed.
    rm -rf split count tag report.txt .flow
    touch fail-s2
    reset_calls
    run_flow 1 240 --executor "$scheduler" --group-components lane=3 -k -j 10 --cluster-poll 0.5
    expect_out "FAILED: count s=s2"
    expect_out "exit code 5"
    expect_out "count-s2-says-no"
    expect_out "SKIPPED: tag s=s2"
    expect_out "1 of 20 jobs failed (count s=s2)"
    [[ "$(calls "$submit")" == 2 ]] || { show_out; fail "$(calls "$submit") submissions, expected 2 (report never runs)"; }
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
    run_flow 0 240 --executor "$scheduler" --group-components lane=3 -j 10 --cluster-poll 0.5
    expect_out "4 jobs done"
    [[ "$(calls "$submit")" == 2 ]] || { show_out; fail "$(calls "$submit") submissions on the rerun, expected 2"; }
    [[ "$(cat report.txt)" == "$local_report" ]] || fail "the rerun's report differs from the local run"
    [[ "$(stat -c %Y tag/s1.txt)" == "$before" ]] || fail "the rerun remade tag/s1.txt"
    wait_until 20 "$no_jobs" || fail "$scheduler: jobs left: $("$list_jobs")"
}
