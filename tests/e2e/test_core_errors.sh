#!/usr/bin/env bash
# Bad workflow files and bad command lines: a clear error (file:line:col, the line, a caret,
# a hint) and exit 2, never a crash or a C++ exception; DAG errors exit 1.
source "$(dirname "$0")/lib.sh"
start_test core-errors

check_no_crash() {
  [[ "$err" != *"terminate called"* && "$err" != *"internal error"* && "$err" != *"what():"* ]] ||
    fail "flow crashed"
}

# A YAML syntax error.
printf 'rules:\n  a:\n    output: [x\n' > flow.yaml
run_flow 2 -n
expect_err "flow: error: flow.yaml:"
check_no_crash

# An unknown rule key, with a hint.
write_flow <<'EOF2'
rules:
  a:
    outptu: x.txt
    shell: "touch {output}"
EOF2
run_flow 2 -n
expect_err "flow.yaml:3:5:"
expect_err "did you mean 'output'?"
expect_err "    outptu: x.txt"
expect_err "    ^"

# An unknown placeholder points at it.
write_flow <<'EOF2'
rules:
  stem:
    input: a.txt
    output: b.txt
    shell: flow-stem {inputs} > {output}
EOF2
run_flow 2 -n
[[ "$err" == "flow: error: flow.yaml:5:22: rule 'stem': unknown placeholder '{inputs}'
        shell: flow-stem {inputs} > {output}
                         ^
  did you mean '{input}'?" ]] || fail "unexpected error text: $err"

# Unknown target rule, and a rule with wildcards named as a target: usage errors (2).
write_flow <<'EOF2'
rules:
  all: {input: "out/1.txt"}
  copy: {output: "out/{n}.txt", shell: "touch {output}"}
EOF2
run_flow 2 cpoy
expect_err "unknown rule or file 'cpoy'"
expect_err "did you mean 'copy'?"
run_flow 2 copy
expect_err "rule 'copy' has wildcards, so it cannot be a target by name"

# DAG errors exit 1: a missing input names the file and who needed it.
write_flow <<'EOF2'
rules:
  all: {input: "counts/84.tsv"}
  count: {input: "books/{b}.txt", output: "counts/{b}.tsv", shell: "wc -l {input} > {output}"}
EOF2
run_flow 1 -n
expect_err "flow: error: missing input file 'books/84.txt'"
expect_err "needed by rule 'count' (b=84) to make 'counts/84.tsv'"

# A cycle.
write_flow <<'EOF2'
rules:
  all: {input: a.txt}
  a: {input: b.txt, output: a.txt, shell: "cp {input} {output}"}
  b: {input: a.txt, output: b.txt, shell: "cp {input} {output}"}
EOF2
run_flow 1 --dag
expect_err "dependency cycle: a -> b -> a"

# Bad options.
run_flow 2 --cores 0
expect_err "--cores must be a positive number or 'all'"
run_flow 2 --no-such-option
expect_err "flow --help"
run_flow 2 --config "=3" -n
check_no_crash

# Issue 9, semantics 1: an output listed twice is refused, as Snakemake does.
write_flow <<'EOF2'
rules:
  a:
    output: ["{name}.txt", "{name}.txt"]
    shell: "touch {output}"
EOF2
run_flow 2 x.txt
expect_err "flow: error: flow.yaml:3:28: rule 'a': '{name}.txt' is listed twice among the files its jobs write"
expect_err "first listed at line 3, column 14"
expect_no_file x.txt

# Issue 9, semantics 9: a double-quoted command cut off by the end of the file is invalid
# YAML, and nothing runs.
printf 'rules:\n  a:\n    output: x.txt\n    shell: "echo hi > {output}\n' > flow.yaml
run_flow 2 x.txt
expect_err "flow: error: flow.yaml:4:12: invalid YAML: the end of the file comes inside this double-quoted scalar (its closing \" is missing)"
expect_no_file x.txt

# No workflow file at all.
rm flow.yaml
run_flow 2 -n
expect_err "no workflow file in"

# Random damage to a valid file never crashes flow.
cp "$FLOW_SOURCE_DIR/workflows/stemming/flow.yaml" good.yaml
size=$(stat -c %s good.yaml)
for seed in $(seq 1 40); do
  cp good.yaml flow.yaml
  offset=$(( (seed * 7919) % size ))
  case $((seed % 3)) in
    0) head -c "$offset" good.yaml > flow.yaml ;;
    1) printf '\x7b' | dd of=flow.yaml bs=1 seek="$offset" conv=notrunc status=none ;;
    2) printf ':' | dd of=flow.yaml bs=1 seek="$offset" conv=notrunc status=none ;;
  esac
  set +e
  timeout 20 "$FLOW" -n > /dev/null 2> damage.err
  code=$?
  set -e
  [[ $code == 0 || $code == 1 || $code == 2 ]] || fail "damaged file (seed $seed) gave exit $code: $(cat damage.err)"
  err=$(cat damage.err)
  check_no_crash
done

# Issue 14: a NUL byte in a value silently became another byte. It is refused where it is:
# a raw byte in the workflow file or a table, or a "\0" escape in a double-quoted scalar.
printf 'rules:\n  a: {output: x, shell: "echo a\0b > x"}\n' >flow.yaml
run_flow 2 -n
expect_err "flow: error: flow.yaml:2:32: a NUL byte (0x00) in the file: a workflow file is text"
printf 'config:\n  k: "a\\0b"\nrules:\n  a: {output: x, shell: "echo {config.k} > x"}\n' >flow.yaml
run_flow 2 -n
expect_err_is 'flow: error: flow.yaml:2:6: a NUL character (\0) in a value: commands, paths and environment variables cannot hold one
      k: "a\0b"
         ^'
printf 'sample\tx\nalpha\t1\nbe\0ta\t2\n' >samples.tsv
printf 'tables:\n  s: {path: samples.tsv}\nrules:\n  a: {output: x, shell: "touch x"}\n' >flow.yaml
run_flow 2 -n
expect_err "flow: error: samples.tsv:3:3: a NUL byte (0x00) in the table: a table is text"

# Issue 14: nesting deeper than the reader allows said only "bad file" (yaml-cpp); it is an
# error where the limit is crossed, and a long line above the caret is cut to the part around
# it.
python3 -c "print('rules:\n  a: {output: x, shell: \"touch x\", params: {p: ' + '['*1000 + ']'*1000 + '}}')" >flow.yaml
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:2:300: invalid YAML: lists and mappings nest too deeply here (flow reads 256 levels)
    ...[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...
                                                                   ^"
# libfyaml 0.7.12 loops forever on some invalid UTF-8 (a directive `%` and 0xde); the reader
# refuses a file that is not UTF-8 before parsing it.
printf 'rules:\n  a: {output: x, shell: "touch x"}\n%%\xde\n' >flow.yaml
run_flow 2 -n
expect_err "flow: error: flow.yaml:3:2: a byte (0xde) that is not UTF-8 in the file: a workflow file is UTF-8 text"

# Issue 13 item 5: hints that name the cause. A pasted Snakefile points at the migration guide.
printf 'rule all:\n    input: "a.txt"\n' >flow.yaml
run_flow 2 -n
expect_err "flow: error: flow.yaml:1:1: unknown top-level key 'rule all': this is a Snakefile's rule, and flow reads YAML"
expect_err "docs/from-snakemake.md"
# An unquoted {config.x} is a YAML mapping.
printf 'rules:\n  a:\n    output: x\n    shell: {config.x}\n' >flow.yaml
run_flow 2 -n
expect_err "a value that starts with '{' is a YAML mapping; quote it: \"{config.x}...\""
# Indentation: a key at the level of the rule names, and a key deeper than the one above.
printf 'rules:\n  a:\n    output: x\n  shell: "touch x"\n' >flow.yaml
run_flow 2 -n
expect_err "flow: error: flow.yaml:4:10: rule 'shell': must be a mapping"
expect_err "indentation: 'shell' is at the level of the rule names, so it reads as a rule"
printf 'rules:\n  a:\n    output: x\n      shell: "touch x"\n' >flow.yaml
run_flow 2 -n
expect_err "indentation: this key is indented deeper than the key above it"
printf 'rules:\n  a:\n    output: x\n    shell: echo a: b\n' >flow.yaml
run_flow 2 -n
expect_err "a ': ' inside a value starts a mapping; quote the whole value"
# Issue 9 faults 2: no rules, and a default target with wildcards, point into the file.
printf 'config: {a: 1}\nrules:\n' >flow.yaml
run_flow 2 -n
expect_err "flow: error: flow.yaml:2:1: the workflow has no rules"
printf 'rules:\n  greet:\n    output: "hello/{name}.txt"\n    shell: "echo hi > {output}"\n' >flow.yaml
run_flow 2 -n
expect_err "flow: error: flow.yaml:2:3: rule 'greet' is the default target (the first rule), but it has wildcards"
