#!/usr/bin/env bash
# A cluster job that runs past its walltime (resources: walltime "00:01:00", the scheduler's
# smallest) is killed by the scheduler and reported failed, with the scheduler's reason, and
# its partial output removed. The PBS (walltime=00:01:00) and Slurm (-t 1) runs go side by
# side, so the test takes one walltime (1-2 minutes) rather than two.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler pbs
require_scheduler slurm
start_test

for scheduler in pbs slurm; do
    mkdir "$scheduler"
    cat >"$scheduler/flow.yaml" <<'EOF2'
rules:
  all:
    input: [long.txt]
  long:
    output: long.txt
    resources: {walltime: "00:01:00"}
    shell: "echo partial > {output}; sleep 300; echo whole >> {output}"
EOF2
done

(
    set +e
    cd pbs || exit
    timeout -k 5 240 "$FLOW" --executor pbs --cluster-poll 0.5 >run.out 2>&1
    echo $? >status
) &
pbs_runner=$!
on_exit "kill $pbs_runner 2>/dev/null"
cd slurm
run_flow 1 240 --executor slurm --cluster-poll 0.5
slurm_out=$out
cd ..
wait "$pbs_runner" || true

# Without mem_mb the request is select=1:ncpus=1,walltime=00:01:00, whose joined #PBS -l
# line sbatch (behind the wrapper) used to reject ("1,walltime=00" CPUs).
grep -qx '#PBS -l walltime=00:01:00' pbs/.flow/cluster/long.*/job.sh ||
    fail "pbs: the walltime request is not as documented: $(grep '^#PBS -l' pbs/.flow/cluster/long.*/job.sh)"
grep -qx '#SBATCH --time=1' slurm/.flow/cluster/long.*/job.sh ||
    fail "slurm: the walltime request is not as documented: $(grep '^#SBATCH' slurm/.flow/cluster/long.*/job.sh)"

for scheduler in pbs slurm; do
    if [[ $scheduler == pbs ]]; then
        out=$(cat pbs/run.out)
        status=$(cat pbs/status 2>/dev/null || echo none)
        [[ $status == 1 ]] || { show_out; fail "pbs: flow exited $status, expected 1"; }
    else
        out=$slurm_out
    fi
    expect_out "FAILED: long (job"
    expect_out "DUE TO TIME LIMIT"
    expect_out "1 of 2 jobs failed (long)"
    [[ ! -e $scheduler/long.txt ]] || fail "$scheduler: the partial output long.txt was not removed"
done
wait_until 20 no_jobs_left || fail "jobs still listed after their walltime: $(our_jobs)"
echo "PASS: walltime exceeded"
