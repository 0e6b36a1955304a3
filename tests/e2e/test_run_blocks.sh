#!/usr/bin/env bash
# `run:` blocks and the top-level `python:` (spec §8) with real python3, written as a Snakefile's
# run: blocks are: named and positional items, params, wildcards, threads, resources, config,
# shell(); a helper from `python:` (also one from an included file); the code trigger; a failing
# block whose traceback names flow.yaml at the right line; the load errors word for word.
source "$(dirname "$0")/lib.sh"
start_test run-blocks
command -v python3 >/dev/null || fail "python3 is needed"

mkdir -p "in dir"
printf 'a\nb\nc\n' >"in dir/reads 1.txt"
printf 'x\n' >extra.txt
cat >common.yaml <<'YAML'
python: |
  def stars(n):
      return "*" * n
YAML
write_flow <<'YAML'
include: common.yaml
config:
  greeting: "héllo"
python: |
  import os

  def count_lines(path):
      with open(path) as f:
          return sum(1 for _ in f)

rules:
  all:
    input: [shout/A.txt]
  count:
    input:
      reads: "in dir/reads 1.txt"
      extra: extra.txt
    output: "counts/{sample}.txt"
    log: "logs/{sample}.log"
    params:
      label: "it's odd"
    threads: 2
    resources:
      mem_mb: 300
    run: |
      n = count_lines(input.reads)
      with open(output[0], "w") as out, open(log[0], "w") as logfile:
          print(n, len(input), input[1], params.label, wildcards.sample, threads,
                resources.mem_mb, config["greeting"], stars(2), sep="|", file=out)
          print("counted", file=logfile)
  shout:
    input: "counts/{sample}.txt"
    output: "shout/{sample}.txt"
    params:
      word: loud
    run: |
      shell("tr a-z A-Z < {input:q} > {output}")
      tag = "-" + params.word
      shell("echo {wildcards.sample}{tag} {params.word} {threads} >> {output}")
      who = shell("echo from shell", read=True).strip()
      shell("echo {who} >> {output[0]}")
YAML

run_flow 0 -n -p
expect_out "    run: python3 flow.yaml:26"
expect_out "    run: python3 flow.yaml:37"

run_flow 0 -c 2
expect_file counts/A.txt "3|2|extra.txt|it's odd|A|2|300|héllo|**"
expect_file logs/A.log "counted"
expect_file shout/A.txt $'3|2|EXTRA.TXT|IT\'S ODD|A|2|300|HéLLO|**\nA-loud loud 1\nfrom shell'
# The job files are gone after success.
[[ -z $(ls -A .flow/jobs 2>/dev/null) ]] || fail "job files left: $(ls .flow/jobs)"

# The code trigger: the block's text, and the helpers every run: job sees.
run_flow 0 -n
expect_out "nothing to be done"
sed -i 's/tag = "-" + params.word/tag = "--" + params.word/' flow.yaml
run_flow 0 -n
expect_out "rule shout:"
expect_no_out "rule count:"
run_flow 0
expect_out_re "shout sample=A"
printf '  # a comment\n' >>common.yaml
run_flow 0 -n
expect_out "rule shout:"
expect_out "rule count:"
expect_out "reason: code changed"
run_flow 0

# A failing block: the traceback names flow.yaml and the lines there, through a helper.
write_flow <<'YAML'
python: |
  def ratio(a, b):
      return a / b
rules:
  divide:
    output: d.txt
    run: |
      x = 0
      print(ratio(1, x))
YAML
run_flow 1
expect_out "FAILED: divide (job 0), exit code 1"
expect_out "command: python3 flow.yaml:8"
expect_out 'File "flow.yaml", line 9, in divide'
expect_out "print(ratio(1, x))"
expect_out 'File "flow.yaml", line 3, in ratio'
expect_out "return a / b"
expect_out "ZeroDivisionError: division by zero"
ls .flow/jobs/divide-*.json >/dev/null 2>&1 || fail "the failed job's FLOW_JOB file was removed"

# A failing shell(): the command and its status, at the line that called it, and nothing of
# flow's own code in the traceback.
write_flow <<'YAML'
rules:
  fails:
    output: f.txt
    run: |
      shell("touch {output}")
      shell("echo {output} && exit 3")
YAML
run_flow 1
expect_out 'File "flow.yaml", line 6, in fails'
expect_out "subprocess.CalledProcessError: Command 'echo f.txt && exit 3' returned non-zero exit status 3."
expect_no_out "<string>"
expect_no_file f.txt

# A syntax error is Python's, at the file's line.
write_flow <<'YAML'
rules:
  broken:
    output: b.txt
    run: |
      x = (1,
YAML
run_flow 1
expect_out 'File "flow.yaml", line 5'
expect_out "SyntaxError: '(' was never closed"

# Load errors.
write_flow <<'YAML'
rules:
  both:
    output: b.txt
    shell: "touch {output}"
    run: |
      shell("touch {output}")
YAML
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:5:5: rule 'both': 'shell' and 'run' cannot both be given
        run: |
        ^
  a rule runs one step: a shell command, a built-in step, a script or a run: block"
write_flow <<'YAML'
rules:
  folded:
    output: b.txt
    run: >
      x = 1
      y = 2
YAML
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:4:10: rule 'folded': 'run' is a folded block ('>'), which joins its lines
        run: >
             ^
  write 'run: |' to keep the lines of the Python code"
write_flow <<'YAML'
python:
  - import os
rules:
  r: {output: b.txt, run: "pass"}
YAML
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:2:3: 'python' must be Python code, not a list
      - import os
      ^
  write the code as a block: 'python: |' and the lines indented below it"
write_flow <<'YAML'
rules:
  typo:
    output: b.txt
    runn: |
      pass
YAML
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:4:5: rule 'typo': unknown key 'runn'
        runn: |
        ^
  did you mean 'run'?"
echo "PASS"
