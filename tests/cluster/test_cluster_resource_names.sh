#!/usr/bin/env bash
# Snakemake's standard resource names reach the real Slurm (issue 12 item 6): a rule written
# for Snakemake 8 (runtime, mem_mb_per_cpu, tasks, cpus_per_task, slurm_partition,
# slurm_extra) runs with the request it asks for, seen from inside the job; a resource no
# request takes is warned about once, naming the rule. And the seed's MPI shape (nodes,
# tasks) goes through the PBS wrapper as select=N:ncpus=..:mpiprocs=...
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler slurm
require_scheduler pbs
start_test

cat >flow.yaml <<'EOF2'
rules:
  all:
    input: [tasks.txt, again.txt]
  tasks:
    output: tasks.txt
    resources:
      runtime: "1h30m"
      mem_mb_per_cpu: 60
      tasks: 2
      cpus_per_task: 1
      slurm_partition: batch
      slurm_extra: "--comment=flow-standard-names"
      gpus_typo: 1
    shell: >-
      echo "ntasks=${{SLURM_NTASKS:-}} cpus_per_task=${{SLURM_CPUS_PER_TASK:-}}
      mem_per_cpu=${{SLURM_MEM_PER_CPU:-}} partition=${{SLURM_JOB_PARTITION:-}}" > {output}
  again:
    output: again.txt
    resources: {gpus_typo: 1}
    shell: "echo again > {output}"
EOF2

run_flow 0 180 --executor slurm --cluster-poll 0.5 -j 4
grep -qx 'ntasks=2 cpus_per_task=1 mem_per_cpu=60 partition=batch' tasks.txt ||
    fail "the job did not get what its resources ask for: $(cat tasks.txt)"
for line in '#SBATCH --ntasks=2' '#SBATCH --cpus-per-task=1' '#SBATCH --mem-per-cpu=60' \
    '#SBATCH --time=90' '#SBATCH --partition=batch'; do
    grep -qx -- "$line" .flow/cluster/tasks.*/job.sh ||
        fail "job.sh lacks '$line': $(grep '^#SBATCH' .flow/cluster/tasks.*/job.sh)"
done
comments=$(squeue -h -t all -o '%k %Z' | awk -v d="$WORKDIR" '$2 == d { print $1 }' | sort -u)
[[ $comments == *flow-standard-names* ]] || fail "slurm_extra did not reach sbatch: comments '$comments'"
expect_out "flow: warning: rule 'tasks': resource gpus_typo goes into no slurm request"
expect_out "flow: warning: rule 'again': resource gpus_typo goes into no slurm request"
[[ $(grep -c 'gpus_typo' <<<"$out") == 2 ]] || { show_out; fail "expected one warning per rule"; }

# --resources names the limit: no warning for it.
run_flow 0 120 --executor slurm --cluster-poll 0.5 -j 4 --resources gpus_typo=4 -f again.txt
[[ $out != *gpus_typo* ]] || { show_out; fail "a --resources name was warned about"; }

# The seed's MPI shape through the PBS wrapper: 1 node here (the test node has 2 CPUs).
(
    mkdir mpi && cd mpi
    cat >flow.yaml <<'EOF2'
rules:
  mpi:
    output: mpi.txt
    resources: {nodes: 1, tasks: 2, mem_mb: 100, runtime: 5}
    shell: "echo ntasks=${{SLURM_NTASKS:-}} > {output}"
EOF2
    run_flow 0 180 --executor pbs --cluster-poll 0.5
    grep -qx '#PBS -l select=1:ncpus=2:mpiprocs=2:mem=100mb' .flow/cluster/mpi.*/job.sh &&
        grep -qx '#PBS -l walltime=00:05:00' .flow/cluster/mpi.*/job.sh ||
        fail "the MPI job's PBS request is not as documented: $(grep '^#PBS -l' .flow/cluster/mpi.*/job.sh)"
    [[ $out != *warning* ]] || { show_out; fail "standard names were warned about under pbs"; }
)
echo "PASS: cluster resource names"
