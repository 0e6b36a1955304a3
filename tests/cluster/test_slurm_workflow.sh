#!/usr/bin/env bash
# A small workflow through sbatch/squeue (--executor slurm) makes the same outputs as a local
# run, byte for byte; localrules stay on the submit host; a second run has nothing to do.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/workflow_common.sh"

run_workflow_test slurm
grep -qx '#SBATCH --cpus-per-task=2' cluster/.flow/cluster/big.*/job.sh &&
    grep -qx '#SBATCH --mem=100' cluster/.flow/cluster/big.*/job.sh &&
    grep -qx '#SBATCH --time=5' cluster/.flow/cluster/big.*/job.sh ||
    fail "big's sbatch request is not as documented: $(grep '^#SBATCH' cluster/.flow/cluster/big.*/job.sh)"
echo "PASS: slurm workflow"
