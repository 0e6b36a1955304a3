#!/usr/bin/env bash
# The scheduler's answers have the shapes flow's parsers expect (src/exec/pbs_backend.cpp,
# pbs_status.cpp, slurm_backend.cpp; the recorded samples in tests/unit/exec/fixtures/).
# Needs no flow binary: it checks the scheduler, so that a new scheduler version that
# changes a format fails here rather than in a user's run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_scheduler pbs
require_scheduler slurm

make_workdir
W=$WORKDIR
printf '#!/bin/bash\ncd %q || exit 98\necho ok\n' "$W" > "$W/job.sh"

# qsub prints the job id alone: "13" (the wrapper) or "13.server" (real PBS).
pbs_id=$(qsub -N fmt_pbs -o "$W/pbs.out" -e "$W/pbs.err" -l nodes=1:ppn=1,walltime=00:01:00 "$W/job.sh")
[[ "$pbs_id" =~ ^[0-9]+(\.[A-Za-z0-9._-]+)?$ ]] || fail "qsub printed '$pbs_id', not a job id"

# sbatch --parsable prints "123" or "123;cluster".
slurm_id=$(sbatch --parsable -J fmt_slurm -o "$W/slurm.out" -e "$W/slurm.err" --cpus-per-task=1 -t 1 "$W/job.sh")
[[ "$slurm_id" =~ ^[0-9]+(\;[A-Za-z0-9._-]+)?$ ]] || fail "sbatch printed '$slurm_id', not a job id"

# qstat ID: a header, a rule of dashes with a one-character group (the state column), and
# a row whose first word is the id and whose state letter sits under that group.
table=$(qstat "$pbs_id")
rule=$(sed -n 2p <<<"$table")
[[ "$rule" =~ ^[-\ ]+$ ]] || fail "qstat's second line is not a rule of dashes: '$rule'"
column=$(awk '{ n = split($0, c, ""); for (i = 1; i <= n; i++) if (c[i] == "-" && c[i-1] != "-" && c[i+1] != "-") { print i; exit } }' <<<"$rule")
[[ -n "$column" ]] || fail "qstat's rule has no one-character (state) column: '$rule'"
row=$(sed -n 3p <<<"$table")
[[ "${row%% *}" == "${pbs_id%%.*}"* ]] || fail "qstat's row does not start with the id: '$row'"
state=${row:column-1:1}
[[ "$state" =~ ^[QRHECFWTS]$ ]] || fail "qstat's state column holds '$state': '$row'"

# An id the scheduler does not know: qstat exits 153 with no table.
set +e
qstat 999999999 >/dev/null 2>&1
unknown=$?
squeue -h -o '%i %t' -t all -j 999999999 >/dev/null 2>"$W/squeue.err"
squeue_unknown=$?
set -e
[[ $unknown == 153 ]] || fail "qstat of an unknown id exited $unknown, not 153"
if [[ $squeue_unknown == 0 ]] || ! grep -q 'Invalid job id specified' "$W/squeue.err"; then
    fail "squeue of an unknown id: exit $squeue_unknown, '$(cat "$W/squeue.err")'"
fi

# squeue -h -o '%i %t' -t all -j ID: "ID STATE" lines.
line=$(squeue -h -o '%i %t' -t all -j "$slurm_id")
[[ "$line" =~ ^${slurm_id%%;*}\ [A-Z]+$ ]] || fail "squeue printed '$line'"

# Both jobs finish; finished jobs show as C (qstat) and CD (squeue) for MinJobAge.
wait_until 60 bash -c "qstat '$pbs_id' | tail -n 1 | grep -q ' C '" || fail "job $pbs_id never showed C"
wait_until 60 bash -c "squeue -h -o '%t' -t all -j '${slurm_id%%;*}' | grep -qx CD" ||
    fail "job $slurm_id never showed CD"
qdel "$pbs_id" 2>/dev/null || true
echo "PASS: qsub/qstat/sbatch/squeue formats (ids $pbs_id, $slurm_id)"
