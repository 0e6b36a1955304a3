#!/usr/bin/env bash
# A job group (one submission of three chained jobs) when flow dies (kill -9: re-attached, or
# its members' markers decide) or is interrupted (Ctrl-C: cancelled) while it runs, on the
# real Slurm, through sbatch and through the PBS wrappers. The cases are in
# group_reattach_common.sh, shared with the Grid Engine test.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler pbs
require_scheduler slurm
start_test
install_shims

source "$(dirname "$0")/group_reattach_common.sh"
group_reattach_cases pbs qsub qstat qdel no_jobs_left our_jobs
group_reattach_cases slurm sbatch squeue scancel no_jobs_left our_jobs
echo "PASS: job groups (pbs, slurm) after kill -9 (re-attached, or their markers) and Ctrl-C (cancelled)"
