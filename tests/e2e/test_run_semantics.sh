#!/usr/bin/env bash
# Issue 9 "Semantics": where flow did what Snakemake does not. Each part failed with the binary
# from before the fix.
source "$(dirname "$0")/lib.sh"
start_test run-semantics

# 3. Every temp output goes as soon as no job needs it, also one no job ever reads; and a temp
# file asked for by a rule without outputs (`all`) is made (it was "nothing to be done").
mkdir data
printf 'x y\n' >data/a.txt
printf 'z\n' >data/b.txt
write_flow <<'EOF'
config:
  samples: [a, b]
rules:
  all:
    input:
      - expand: counts/{sample}.txt
        sample: config.samples
      - summary.txt
  count:
    input: data/{sample}.txt
    output: {path: counts/{sample}.txt, temp: true}
    shell: wc -w < {input} > {output}
  split:
    input: data/a.txt
    output: [{path: used.tmp, temp: true}, {path: unused.tmp, temp: true}]
    shell: cp {input} used.tmp && cp {input} unused.tmp
  summary:
    input: used.tmp
    output: summary.txt
    shell: cat {input} > {output}
EOF
run_flow 0 -n
expect_out "reason: missing input counts/a.txt"
expect_out "reason: temp output counts/a.txt is needed by all"
run_flow 0 -c 2
expect_out "flow: 5 jobs done"
expect_file summary.txt $'x y'
expect_no_file unused.tmp
expect_no_file used.tmp
expect_no_file counts/a.txt
expect_no_file counts/b.txt

# 4. An ancient input remade in this run triggers nothing downstream.
write_flow <<'EOF'
rules:
  all: {input: c.txt}
  b: {input: a.txt, output: b.txt, shell: "cp {input} {output}"}
  c: {input: {path: b.txt, ancient: true}, output: c.txt, shell: "cp {input} {output}; echo ran >> runs.log"}
EOF
echo one >a.txt
run_flow 0
expect_file c.txt one
echo two >a.txt
run_flow 0 -n
expect_out "rule b:"
expect_no_out "rule c:"
expect_out "flow: 1 job would run (dry run)."
run_flow 0
expect_file b.txt two
expect_file c.txt one
expect_file runs.log ran

# 6. A rule without a step whose outputs are `touch` outputs makes them (and their directory).
write_flow <<'EOF'
rules:
  all: {input: flags/done.flag}
  mark: {output: {path: flags/done.flag, touch: true}}
EOF
run_flow 0
expect_file flags/done.flag ""
run_flow 0
expect_out "flow: nothing to be done."

# 2. A file named on the command line whose producer lacks an input is no source: flow says
# why its rule cannot run (exit 1); reached through another job it stays a source (v1).
mkdir -p made
echo kept >made/a.txt
write_flow <<'EOF'
rules:
  all: {input: made/a.txt}
  unpack:
    input: raw/{name}.gz
    output: made/{name}.txt
    shell: zcat {input} > {output}
EOF
run_flow 1 made/a.txt
expect_err_is $'flow: error: missing input file \'raw/a.gz\'\n  needed by rule \'unpack\' (name=a) to make \'made/a.txt\''
run_flow 0
expect_out "flow: nothing to be done."
expect_file made/a.txt kept

# Issue 13 item 7: the reason names every job remaking an input; --touch says what it touched
# and which missing outputs it did not create.
rm -rf ./*
write_flow <<'EOF2'
rules:
  all: {input: [a.out, b.out, c.out]}
  copy: {input: "{x}.in", output: "{x}.out", shell: "cp {input} {output}"}
EOF2
echo a >a.in
echo b >b.in
echo c >c.in
run_flow 0
echo A >a.in
echo C >c.in
run_flow 0 -n
expect_out "reason: input remade by copy x=a, copy x=c"
rm b.out
run_flow 0 --touch
expect_out "flow: warning: copy x=b: not touching missing output b.out"
expect_out_re "^flow: touched 2 files of 4 jobs in [0-9.]+m?s; 1 missing output not created: b\.out\.$"
expect_file a.out a
