#!/usr/bin/env bash
# `group:` (spec §9, issue 12 item 2): locally it changes nothing (as in Snakemake); the dry
# run of a pbs, slurm or sge run lists the group submissions. --groups and
# --group-components: Snakemake's syntax, bad values exit 2.
source "$(dirname "$0")/lib.sh"
start_test groups

write_flow <<'EOF2'
rules:
  all: {input: b.txt}
  a:
    output: a.txt
    group: lane
    shell: "echo a > {output}"
  b:
    input: a.txt
    output: b.txt
    group: lane
    shell: "cat {input} > {output}; echo b >> {output}"
EOF2

run_flow 0 -c 1
expect_file b.txt $'a\nb'

rm -f a.txt b.txt
for executor in slurm pbs sge; do
  run_flow 0 -n --executor "$executor"
  expect_out "Job groups (each one cluster submission, its jobs in this order):
    group lane: 2 jobs: a, b
flow: 1 cluster submissions: 1 group of 2 jobs, 0 jobs alone."
done
expect_no_file a.txt

# --groups moves a rule to another group (b alone in its own: two one-job groups, no unit);
# --group-components bundles the components of a group.
write_flow <<'EOF2'
rules:
  all: {input: [x1.txt, x2.txt, x3.txt]}
  x:
    output: x{n}.txt
    shell: "echo {wildcards.n} > {output}"
EOF2
run_flow 0 -n --executor slurm --groups x=many --group-components many=2
expect_out "    group many: 2 jobs: x n=1, x n=2
flow: 2 cluster submissions: 1 group of 2 jobs, 1 job alone."
run_flow 0 -n --executor slurm --groups x=many
expect_no_out "Job groups"

run_flow 2 -n --executor slurm --groups y=many
expect_err_is "flow: error: --groups 'y=many': there is no rule 'y'
  did you mean 'x'?"
run_flow 2 -n --executor slurm --groups x
expect_err_is "flow: error: --groups 'x': expected RULE=GROUP
  such as --groups count=small"
run_flow 2 -n --executor slurm --groups 'x=a b'
expect_err "a group name is a word of letters, digits"
run_flow 2 -n --executor slurm --groups x=many --group-components mny=2
expect_err_is "flow: error: --group-components 'mny=2': no rule is in group 'mny'
  did you mean 'many'?"
run_flow 2 -n --executor slurm --groups x=many --group-components many=0
expect_err_is "flow: error: --group-components 'many=0': N is a whole number of at least 1"
run_flow 2 -n --executor slurm --group-components many=2
expect_err "no rule is in group 'many'"
expect_err "give rules a group with \`group:\` or --groups"

# A unit that would wait for itself: bundling a -> mid -> b with mid outside the group.
write_flow <<'EOF2'
rules:
  all: {input: [b.txt]}
  a: {output: a.txt, group: g, shell: "touch {output}"}
  mid: {input: a.txt, output: mid.txt, shell: "touch {output}"}
  b: {input: mid.txt, output: b.txt, group: g, shell: "touch {output}"}
EOF2
run_flow 2 -n --executor slurm --group-components g=2
expect_err "could never start"
run_flow 0 -n --executor slurm
