#!/usr/bin/env bash
# Checkpoints (spec §7) and scripts (spec §8) through the real scheduler, for both PBS and
# Slurm: the checkpoint runs as a batch job, the glob under its output is read on the submit
# host after it finished, the jobs it implies are submitted in the same run, and a Python
# script job (the multi-line start-up code of `script:`) runs inside a batch job. The outputs
# equal a local run's; a second run has nothing to do.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

write_workflow() {
    mkdir -p data scripts
    seq 1 25 >data/a.txt
    seq 1 7 >data/b.txt
    cat >scripts/total.py <<'PY'
# As Snakemake's documentation writes a script: snakemake.input, .output, .wildcards.
total = sum(int(open(path).read()) for path in snakemake.input)
with open(snakemake.output[0], "w") as out:
    out.write(f"{snakemake.wildcards.sample} {total}\n")
PY
    cat >flow.yaml <<'YAML'
rules:
  all:
    input: ["total/a.txt", "total/b.txt"]
  split:
    checkpoint: true
    input: "data/{sample}.txt"
    output: {path: "chunks/{sample}", directory: true}
    shell: "mkdir -p {output} && split -l 10 {input} {output}/part_"
  count:
    input: "chunks/{sample}/{part}"
    output: "counts/{sample}/{part}.txt"
    shell: "wc -l < {input} > {output}"
  total:
    input:
      - glob: "chunks/{sample}/{part}"
        expand: "counts/{sample}/{part}.txt"
    output: "total/{sample}.txt"
    script: scripts/total.py
YAML
}

for scheduler in pbs slurm; do
    require_scheduler "$scheduler"
done
start_test
mkdir local
(cd local && write_workflow)
cd local
run_flow 0 120 -c 2
expect_out "9 jobs done"
cd ..
[[ "$(cat local/total/a.txt)" == "a 25" ]] || fail "local run: total/a.txt is '$(cat local/total/a.txt)'"

for scheduler in pbs slurm; do
    mkdir "$scheduler"
    (cd "$scheduler" && write_workflow)
    cd "$scheduler"
    run_flow 0 240 --executor "$scheduler" -j 10 --cluster-poll 0.5
    expect_out "9 jobs done"
    # The checkpoint and the jobs it implied were batch jobs.
    compgen -G ".flow/cluster/split.*" >/dev/null || fail "$scheduler: split was not submitted"
    compgen -G ".flow/cluster/count.*" >/dev/null || fail "$scheduler: no count job was submitted"
    compgen -G ".flow/cluster/total.*" >/dev/null || fail "$scheduler: the script job was not submitted"
    run_flow 0 60 --executor "$scheduler" -j 10 --cluster-poll 0.5
    expect_out "nothing to be done"
    cd ..
    for dir in total counts; do
        diff -r "local/$dir" "$scheduler/$dir" || fail "$scheduler: $dir differs from the local run"
    done
done
echo "PASS: checkpoints and scripts on pbs and slurm"
