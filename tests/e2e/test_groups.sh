#!/usr/bin/env bash
# `group:` (spec §9, issue 12 item 2): read; locally it changes nothing (as in Snakemake);
# cluster executors refuse it at its place until they can run a group as one job.
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
for executor in slurm pbs; do
  run_flow 2 -n --executor "$executor"
  expect_err_is "flow: error: flow.yaml:5:12: rule 'a': job groups do not run on cluster executors yet
        group: lane
               ^
  leave out \`group:\` to submit each job on its own, or run without --executor: locally groups change nothing"
done
expect_no_file a.txt
