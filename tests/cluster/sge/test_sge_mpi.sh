#!/usr/bin/env bash
# Grid Engine: a multi-task job (spec §9, docs/cluster.md "Multi-node jobs") really runs in
# the `mpi` parallel environment with its slots: the bundled MPI example (examples/mpi,
# `mpiexec -np {resources.tasks}`), cut to the node's 2 slots with --set-resources, gives one
# line per rank; its script asks for `-pe mpi 2`; and the job sees the 2 slots Grid Engine
# granted ($NSLOTS, $PE).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
example="$(cd "$(dirname "$0")/../../.." && pwd)/examples/mpi/flow.yaml"
start_sge_test
command -v mpiexec >/dev/null || skip "no mpiexec (Debian: mpich)"
qconf -spl | grep -qxF mpi || skip "Grid Engine has no 'mpi' parallel environment (tests/cluster/start-sge.sh makes one)"

cp "$example" flow.yaml
run_flow 0 120 --executor sge --set-resources ranks:tasks=2 ranks:nodes=2 --cluster-poll 0.5
[[ "$(cat ranks.txt)" == $'rank 0 of 2 on '*$'\nrank 1 of 2 on '* ]] || fail "ranks.txt: $(cat ranks.txt)"
script=$(cat .flow/cluster/ranks.*/job.sh)
[[ "$script" == *$'\n#$ -pe mpi 2\n'* ]] || fail "no '#\$ -pe mpi 2' in the job script: $script"
[[ "$script" == *$'\n#$ -l h_rt=00:30:00\n'* ]] || fail "no h_rt in the job script: $script"

cat >flow.yaml <<'EOF2'
rules:
  slots:
    output: slots.txt
    resources: {tasks: 2}
    shell: "echo $NSLOTS $PE > {output}"
EOF2
run_flow 0 120 --executor sge --cluster-poll 0.5
[[ "$(cat slots.txt)" == "2 mpi" ]] || fail "the job saw '$(cat slots.txt)', not 2 slots of pe mpi"
wait_until 20 no_sge_jobs_left || fail "jobs left: $(sge_jobs)"
echo "PASS: sge multi-task job in pe mpi (mpiexec -np 2, NSLOTS=2)"
