#!/usr/bin/env bash
# A small workflow through sbatch/squeue (--executor slurm) makes the same outputs as a local
# run, byte for byte; localrules stay on the submit host; a second run has nothing to do.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/workflow_common.sh"

# --cluster-args reaches every sbatch: the comment is on each job the scheduler still lists.
CLUSTER_ARGS="--comment=flow-cluster-args-test"
run_workflow_test slurm
comments=$(squeue -h -t all -o '%k %Z' | awk -v d="$WORKDIR/cluster" '$2 == d { print $1 }' | sort -u)
[[ $comments == flow-cluster-args-test ]] || fail "--cluster-args did not reach sbatch: comments '$comments'"
grep -qx '#SBATCH --cpus-per-task=2' cluster/.flow/cluster/big.*/job.sh &&
    grep -qx '#SBATCH --mem=100' cluster/.flow/cluster/big.*/job.sh &&
    grep -qx '#SBATCH --time=5' cluster/.flow/cluster/big.*/job.sh ||
    fail "big's sbatch request is not as documented: $(grep '^#SBATCH' cluster/.flow/cluster/big.*/job.sh)"
echo "PASS: slurm workflow"
