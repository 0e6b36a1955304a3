# shellcheck shell=bash
# The cases of a job group (one submission of three chained jobs) when flow dies or is
# interrupted while it runs (docs/cluster.md "Job groups"), for every scheduler: sourced by
# test_cluster_group_reattach.sh (pbs, slurm) and sge/test_sge_group_reattach.sh, after
# lib.sh, start_test and install_shims.
#   kill -9: the next flow re-attaches to the group's submission instead of submitting a
#     second writer of the same outputs; each member's own marker decides once it ends;
#   kill -9, and the submission ends while no flow runs: the members' markers decide;
#   Ctrl-C: the submission is cancelled, the members' partial outputs removed, and the next
#     flow makes them whole.
# Every member's start appends the scheduler's job id ($SLURM_JOB_ID, or Grid Engine's
# $JOB_ID) to starts/RULE, and the scheduler commands are counted through PATH shims, so a
# second submission cannot go unnoticed.

# a -> b -> c in group "chain". Each appends its lines one at a time; `a` waits after its
# first line until the test creates `go` (at most two minutes), so flow can be killed while
# the submission is half way.
write_group_workflow() {
cat >flow.yaml <<'EOF2'
rules:
  all:
    input: c.txt
  a:
    output: a.txt
    group: chain
    shell: >-
      echo "${{SLURM_JOB_ID:-}}${{JOB_ID:-}}" >> starts/a; echo a1 >> {output};
      i=0; while [ ! -e go ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done;
      test -e go; echo a2 >> {output}; sleep 0.2; echo a3 >> {output}
  b:
    input: a.txt
    output: b.txt
    group: chain
    shell: >-
      echo "${{SLURM_JOB_ID:-}}${{JOB_ID:-}}" >> starts/b; cat {input} >> {output};
      for i in 1 2 3; do echo b$i >> {output}; sleep 0.2; done
  c:
    input: b.txt
    output: c.txt
    group: chain
    shell: >-
      echo "${{SLURM_JOB_ID:-}}${{JOB_ID:-}}" >> starts/c; cat {input} >> {output};
      for i in 1 2 3; do echo c$i >> {output}; sleep 0.2; done
EOF2
}

expected_c=$'a1\na2\na3\nb1\nb2\nb3\nc1\nc2\nc3'
group_id() { sed -n 's/^id=//p' .flow/cluster/group_chain.*/id 2>/dev/null; }
a_running() { [[ -s a.txt && -n "$(group_id)" ]]; }
# polled CMD - flow has polled the ids it tracks (the listing for re-attach names no ids), or,
# under Grid Engine, run the bare `qstat` it polls with (its listing is `qstat -r`).
polled() { grep -qE "^$1( .*[0-9]| ?$)" "$SHIM_LOG"; }
check_outputs() {
    [[ "$(cat a.txt)" == $'a1\na2\na3' ]] || fail "$1: a.txt holds '$(cat a.txt)'"
    [[ "$(cat c.txt)" == "$expected_c" ]] || fail "$1: c.txt holds '$(cat c.txt)'"
    local rule
    for rule in a b c; do
        [[ $(wc -l <starts/$rule) == 1 ]] || fail "$1: $rule started $(wc -l <starts/$rule) times"
        [[ "$(cat starts/$rule)" == "$2" ]] || fail "$1: $rule ran in job $(cat starts/$rule), not the group's $2"
    done
}
fresh() { rm -rf starts go a.txt b.txt c.txt && mkdir starts; }

# group_reattach_cases SCHEDULER SUBMIT POLL CANCEL NO_JOBS LIST_JOBS: the three cases under
# --executor SCHEDULER; NO_JOBS and LIST_JOBS are the functions that say the test left no job
# in the scheduler and list those it left.
group_reattach_cases() {
    local scheduler=$1 submit=$2 poll_cmd=$3 cancel=$4 no_jobs=$5 list_jobs=$6 id
    write_group_workflow
    local run_opts=(--executor "$scheduler" -j 10 --cluster-poll 0.5)
    rm -rf .flow

    # 1. kill -9 while `a` runs; the next flow re-attaches and submits nothing.
    fresh
    start_flow "${run_opts[@]}"
    wait_until 60 a_running || { out=$(cat .flow-bg.out); show_out; fail "$scheduler: the group did not start"; }
    kill_flow KILL
    wait_flow 10
    id=$(group_id)
    [[ -n "$id" ]] || fail "$scheduler: no record of the group's submission"
    reset_calls
    start_flow "${run_opts[@]}"
    wait_until 30 polled "$poll_cmd" || { out=$(cat .flow-bg.out); show_out; fail "$scheduler: the second flow never polled the group"; }
    touch go
    wait_flow 120 0
    expect_out "4 jobs done"
    [[ $(calls "$submit") == 0 ]] || fail "$scheduler: the re-attaching flow submitted: $(grep "^$submit" "$SHIM_LOG")"
    check_outputs "$scheduler: re-attach" "$id"
    [[ -z "$(cat .flow/cluster/*/id 2>/dev/null)" ]] || fail "$scheduler: re-attach records left after the run"
    run_flow 0 60 --executor $scheduler -n
    expect_out "nothing to be done"

    # 2. kill -9, then the submission ends while no flow runs: the members' markers decide.
    fresh
    start_flow "${run_opts[@]}" -F
    wait_until 60 a_running || { out=$(cat .flow-bg.out); show_out; fail "$scheduler: the forced group did not start"; }
    kill_flow KILL
    wait_flow 10
    id=$(group_id)
    touch go
    wait_until 60 "$no_jobs" || fail "$scheduler: the group did not end: $("$list_jobs")"
    reset_calls
    run_flow 0 60 "${run_opts[@]}"
    expect_out "4 jobs done"
    [[ $(calls "$submit") == 0 ]] || fail "$scheduler: members that had ended were submitted again"
    check_outputs "$scheduler: ended meanwhile" "$id"
    run_flow 0 60 --executor $scheduler -n
    expect_out "nothing to be done"

    # 3. Ctrl-C while `a` runs: the submission is cancelled and a.txt (partial) removed.
    fresh
    start_flow "${run_opts[@]}" -F
    wait_until 60 a_running || { out=$(cat .flow-bg.out); show_out; fail "$scheduler: the group did not start (Ctrl-C)"; }
    id=$(group_id)
    reset_calls
    kill_flow INT
    wait_flow 60 130
    expect_out "interrupted by SIGINT"
    grep -q "^$cancel .*\b$id\b" "$SHIM_LOG" || fail "$scheduler: the group's job $id was not cancelled: $(cat "$SHIM_LOG")"
    wait_until 15 "$no_jobs" || fail "$scheduler: the group's job is still queued or running: $("$list_jobs")"
    [[ ! -e a.txt && ! -e b.txt && ! -e c.txt ]] || fail "$scheduler: partial outputs left after Ctrl-C: $(ls ./*.txt)"
    fresh
    touch go
    run_flow 0 120 "${run_opts[@]}"
    expect_out "4 jobs done"
    [[ $(wc -l <starts/a) == 1 && "$(cat c.txt)" == "$expected_c" ]] || fail "$scheduler: after Ctrl-C, the rerun made c.txt: '$(cat c.txt)'"
    run_flow 0 60 --executor $scheduler -n
    expect_out "nothing to be done"
    wait_until 20 "$no_jobs" || fail "$scheduler: jobs left: $("$list_jobs")"
}
