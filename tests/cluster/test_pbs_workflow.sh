#!/usr/bin/env bash
# A small workflow through qsub/qstat (--executor pbs) makes the same outputs as a local
# run, byte for byte; localrules stay on the submit host; a second run has nothing to do;
# the Torque flavour's resource request is accepted by the scheduler as well.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/workflow_common.sh"

run_workflow_test pbs
# One -l on the command line (the wrapper keeps only the last), one directive per resource.
grep -qx '#PBS -l select=1:ncpus=2:mem=100mb' cluster/.flow/cluster/big.*/job.sh &&
    grep -qx '#PBS -l walltime=00:05:00' cluster/.flow/cluster/big.*/job.sh ||
    fail "big's PBS Pro resource request is not as documented: $(grep '^#PBS -l' cluster/.flow/cluster/big.*/job.sh)"

# --pbs-flavor torque: the same job again with a nodes=1:ppn=N request.
cd cluster
run_flow 0 120 --executor pbs --pbs-flavor torque -j 10 --cluster-poll 0.5 -f out/big.txt
cd ..
grep -qx '#PBS -l nodes=1:ppn=2' cluster/.flow/cluster/big.*/job.sh &&
    grep -qx '#PBS -l mem=100mb' cluster/.flow/cluster/big.*/job.sh ||
    fail "big's Torque resource request is not as documented: $(grep '^#PBS -l' cluster/.flow/cluster/big.*/job.sh)"
diff -r local/out cluster/out || fail "outputs of the Torque-flavoured run differ from the local run"
check_cluster_placement cluster
echo "PASS: pbs workflow"
