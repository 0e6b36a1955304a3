#!/usr/bin/env bash
# Grid Engine: a job group (one submission of three chained jobs) when flow dies (kill -9:
# re-attached, or its members' markers decide) or is interrupted (Ctrl-C: cancelled) while it
# runs; the same cases as under pbs and slurm (../group_reattach_common.sh).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
start_sge_test
install_shims

source "$(dirname "$0")/../group_reattach_common.sh"
group_reattach_cases sge qsub qstat qdel no_sge_jobs_left sge_jobs
echo "PASS: sge job groups after kill -9 (re-attached, or their markers) and Ctrl-C (cancelled)"
