#!/usr/bin/env bash
# -R/--forcerun, --until and --omit-from read RULE-or-FILE words alike: a rule names all its
# jobs, a file (written "./a//b" or "a/b") the job making it; a word naming no job of the run
# is a usage error (exit 2) with the same wording for the three options.
source "$(dirname "$0")/lib.sh"
start_test core-rule-or-file

write_flow <<'EOF'
rules:
  all: {input: "out/c.txt"}
  a: {output: "out/a.txt", shell: "echo a > {output}"}
  b: {input: "out/a.txt", output: "out/b.txt", shell: "cp {input} {output}"}
  c: {input: "out/b.txt", output: "out/c.txt", shell: "cp {input} {output}"}
  unused: {output: "elsewhere.txt", shell: "touch {output}"}
EOF

# --until and --omit-from by path, written as users do, and by rule name.
run_flow 0 -n --until ./out//b.txt
expect_out "rule b:"
expect_no_out "rule c:"
run_flow 0 -n --omit-from b
expect_out "rule a:"
expect_no_out "rule b:"

run_flow 0 -c 1
expect_file out/c.txt
# -R by path: that job and everything downstream, nothing upstream.
run_flow 0 -n -R ./out//b.txt
expect_out "reason: forced"
expect_out "rule b:"
expect_out "rule c:"
expect_no_out "rule a:"

# Words that name nothing: exit 2, one wording.
for option in --forcerun --until --omit-from; do
  run_flow 2 -n "$option" bb
  expect_err_is "flow: error: $option 'bb': no rule or file of this run's DAG has that name
  did you mean 'b'?"
  run_flow 2 -n "$option" out/nothing.txt
  expect_err_is "flow: error: $option 'out/nothing.txt': no rule or file of this run's DAG has that name"
  run_flow 2 -n "$option" unused
  expect_err_is "flow: error: $option 'unused': rule 'unused' has no job in this run's DAG"
done
# --omit-from picks among the jobs --until left.
run_flow 2 -n --until b --omit-from c
expect_err_is "flow: error: --omit-from 'c': rule 'c' has no job in this run's DAG"
