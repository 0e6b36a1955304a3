#!/usr/bin/env bash
# The workflow of test_pbs_workflow.sh and test_slurm_workflow.sh through Grid Engine
# (--executor sge: qsub -terse, qstat, qdel) makes the same outputs as a local run, byte for
# byte; the localrule stays on the submit host; big (threads 2, mem_mb 100, walltime 5 min)
# gets `-pe smp 2`, h_vmem per slot and h_rt; a second run has nothing to do.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../workflow_common.sh"
start_sge_test
mkdir local cluster

# The same workflow, with Grid Engine's variables where it looks for Slurm's.
sge_workflow() {
    write_workflow
    sed -i -e 's/SLURM_JOB_ID/JOB_ID/g' -e 's/SLURM_CPUS_ON_NODE/NSLOTS/' \
        -e 's/SLURM_MEM_PER_NODE/PE/' flow.yaml
}
(cd local && sge_workflow)
cd local
run_flow 0 120 -c 2
cd ..
(cd cluster && sge_workflow)
cd cluster
run_flow 0 240 --executor sge -j 10 --cluster-poll 0.5
expect_out "14 jobs done"
cd ..
diff -r local/out cluster/out || fail "outputs of the sge run differ from the local run"

for file in cluster/where/make.* cluster/where/upper.* cluster/where/big; do
    grep -q '^job=[0-9]' "$file" || fail "$(basename "$file") did not run as a Grid Engine job: $(cat "$file")"
done
[[ $(ls cluster/where/make.* | wc -l) == 5 ]] || fail "expected 5 make jobs, found $(ls cluster/where)"
grep -q ' cpus=2 mem=smp$' cluster/where/big ||
    fail "big (threads 2) did not get 2 slots of the smp environment: $(cat cluster/where/big)"
grep -qx 'job=none parent=flow-launcher' cluster/where/summary ||
    fail "the localrule summary was not started by flow on the submit host: $(cat cluster/where/summary)"
grep -qE "^/[^ ]*flow'? builtin count_distinct " cluster/.flow/cluster/counts.*/job.sh &&
    grep -qx 'exit=0' cluster/.flow/cluster/counts.*/exit ||
    fail "counts did not run as a 'flow builtin' cluster job"
script=$(echo cluster/.flow/cluster/big.*/job.sh)
for directive in '#$ -pe smp 2' '#$ -l h_vmem=50M' '#$ -l h_rt=00:05:00' '#$ -S /bin/bash'; do
    grep -qxF "$directive" "$script" || fail "big's request lacks '$directive': $(grep '^#\$' "$script")"
done
[[ -z $(cat cluster/.flow/cluster/*/id 2>/dev/null) ]] || fail "re-attach records left behind"
grep -qx 'backend=sge' cluster/.flow/cluster/big.*/id 2>/dev/null || true

cd cluster
run_flow 0 60 --executor sge -j 10 --cluster-poll 0.5
expect_out "nothing to be done"
echo "PASS: sge workflow"
