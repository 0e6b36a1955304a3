# shellcheck shell=bash
# The body of test_pbs_workflow.sh and test_slurm_workflow.sh: one small workflow run locally
# and through the scheduler ($SCHEDULER: pbs or slurm) must make identical outputs.
#
# The workflow has wildcard jobs (make, upper), two aggregates (counts: a builtin step;
# big: threads 2 and resources), and a localrule (summary). Besides its declared outputs
# under out/, every job writes where/<job>: whether it saw a batch job around it
# (SLURM_JOB_ID), the CPUs and memory it was given, and the name of its parent process
# (flow-launcher, the process flow starts local jobs from, for a local job; the job script
# for a cluster job). where/ is not compared.

write_workflow() {
    cat >flow.yaml <<'YAML'
config:
  samples: [a, b, c, d, e]
localrules: [summary]
rules:
  all:
    input: [out/summary.txt]
  make:
    output: out/data/{sample}.txt
    shell: >-
      printf 'first line of {wildcards.sample}\nsecond\nsecond\n' > {output};
      echo "job=${{SLURM_JOB_ID:-none}}" > where/make.{wildcards.sample}
  upper:
    input: out/data/{sample}.txt
    output: out/upper/{sample}.txt
    shell: >-
      tr a-z A-Z < {input} > {output};
      echo "job=${{SLURM_JOB_ID:-none}}" > where/upper.{wildcards.sample}
  counts:
    input:
      - expand: out/upper/{sample}.txt
        sample: config.samples
    output: out/counts.tsv
    builtin: count_distinct
  big:
    input:
      - expand: out/data/{sample}.txt
        sample: config.samples
    output: out/big.txt
    threads: 2
    resources: {mem_mb: 100, walltime: "00:05:00"}
    shell: >-
      echo "threads={threads}" > {output}; cat {input} >> {output};
      echo "job=${{SLURM_JOB_ID:-none}} cpus=${{SLURM_CPUS_ON_NODE:-}} mem=${{SLURM_MEM_PER_NODE:-}}" > where/big
  summary:
    input: [out/counts.tsv, out/big.txt]
    output: out/summary.txt
    shell: >-
      {{ echo summary; cat {input}; }} > {output};
      echo "job=${{SLURM_JOB_ID:-none}} parent=$(ps -o comm= -p $PPID)" > where/summary
YAML
    mkdir -p where
}

# check_cluster_placement RUN_DIR: every job but summary ran as a batch job; summary ran on the
# submit host, started by flow (its launcher).
check_cluster_placement() {
    local dir=$1 file
    for file in "$dir"/where/make.* "$dir"/where/upper.* "$dir"/where/big; do
        grep -q '^job=[0-9]' "$file" || fail "$(basename "$file") did not run as a batch job: $(cat "$file")"
    done
    [[ $(ls "$dir"/where/make.* | wc -l) == 5 ]] || fail "expected 5 make jobs, found $(ls "$dir"/where)"
    grep -q ' cpus=2 mem=100$' "$dir/where/big" ||
        fail "big (threads 2, mem_mb 100) got: $(cat "$dir/where/big")"
    grep -qx 'job=none parent=flow-launcher' "$dir/where/summary" ||
        fail "the localrule summary was not started by flow on the submit host: $(cat "$dir/where/summary")"
    # The builtin step went through the scheduler too: its job script runs `flow builtin`.
    grep -qE "^/[^ ]*flow'? builtin count_distinct " "$dir"/.flow/cluster/counts.*/job.sh &&
        grep -qx 'exit=0' "$dir"/.flow/cluster/counts.*/exit ||
        fail "counts did not run as a 'flow builtin' cluster job"
    ! compgen -G "$dir/.flow/cluster/summary.*" >/dev/null ||
        fail "the localrule summary has a cluster job directory"
}

run_workflow_test() {
    local scheduler=$1
    require_scheduler "$scheduler"
    start_test
    mkdir local cluster

    (cd local && write_workflow)
    cd local || return
    run_flow 0 120 -c 2
    cd ..
    grep -qx 'job=none parent=flow-launcher' local/where/summary || fail "local run: summary ran elsewhere"

    (cd cluster && write_workflow)
    cd cluster || return
    run_flow 0 180 --executor "$scheduler" -j 10 --cluster-poll 0.5 ${CLUSTER_ARGS:+"--cluster-args=$CLUSTER_ARGS"}
    expect_out "14 jobs done"
    cd ..
    diff -r local/out cluster/out || fail "outputs of the $scheduler run differ from the local run"
    check_cluster_placement cluster
    # Every job directory's record is gone: nothing is in flight any more.
    [[ -z $(cat cluster/.flow/cluster/*/id 2>/dev/null) ]] || fail "re-attach records left behind"

    cd cluster || return
    run_flow 0 60 --executor "$scheduler" -j 10 --cluster-poll 0.5
    expect_out "nothing to be done"
    cd ..
}
