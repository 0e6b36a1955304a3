#!/usr/bin/env bash
# Checkpoints (spec §7): a glob under a checkpoint's output is resolved after the checkpoint
# ran, the jobs it implies join the same run, and every guarantee holds across it: a rerun
# has nothing to do, a changed input reruns the checkpoint and what it decided, a failure
# keeps what was made, and kill -9 right after the checkpoint leaves exactly the rest to do.
source "$(dirname "$0")/lib.sh"
start_test checkpoints

mkdir data
seq 1 25 >data/a.txt
seq 1 7 >data/b.txt
write_flow <<'EOF'
rules:
  all:
    input: ["merged/a.txt", "merged/b.txt"]
  split:
    checkpoint: true
    input: "data/{sample}.txt"
    output: {path: "chunks/{sample}", directory: true}
    shell: "mkdir -p {output} && split -l 10 {input} {output}/part_"
  count:
    input: "chunks/{sample}/{part}"
    output: "counts/{sample}/{part}.txt"
    shell: "wc -l < {input} > {output}; if [ -e hold ] && [ -d chunks/a ] && [ -d chunks/b ]; then touch counting; while [ -e hold ]; do sleep 0.05; done; fi"
  merge:
    input:
      - glob: "chunks/{sample}/{part}"
        expand: "counts/{sample}/{part}.txt"
    output: "merged/{sample}.txt"
    shell: "cat {input} > {output}"
EOF

# Before the checkpoint ran, the dry run shows what waits on it and says more may follow.
run_flow 0 -n
expect_out "reason: after checkpoint split sample=a"
expect_out "flow: 5 jobs would run (dry run); more may follow after checkpoints."
run_flow 0 --summary
expect_out_re "^merged/a.txt.*update pending"
run_flow 0 --dag
expect_out "(after checkpoint)"

# One run makes everything; the progress total grows as the checkpoints add jobs.
run_flow 0 -c 2
expect_out "[9/9 100%] all"
expect_out "[1/5 20%]"
expect_file merged/a.txt "$(printf '10\n10\n5')"
expect_file merged/b.txt "7"

run_flow 0 -n
expect_out "nothing to be done"

# A changed input reruns its checkpoint, and the jobs its new output implies.
seq 1 35 >data/a.txt
run_flow 0 -n
expect_out "reason: after checkpoint split sample=a"
expect_out "flow: 3 jobs would run (dry run); more may follow after checkpoints."
run_flow 0 -c 2
expect_out_re "\\] count sample=a,part=part_ad$"
expect_no_out "sample=b"
expect_file merged/a.txt "$(printf '10\n10\n10\n5')"
run_flow 0 -n
expect_out "nothing to be done"

# Fewer chunks: the stale ones go with the checkpoint's directory, and merge sees only the new.
seq 1 12 >data/a.txt
run_flow 0
expect_file merged/a.txt "$(printf '10\n2')"

# kill -9 of flow right after a checkpoint finished (its jobs had started): the next run
# does exactly the rest, without running the checkpoint again.
rm -rf chunks counts merged .flow
touch hold
"$FLOW" -c 1 >run.out 2>&1 &
flow_pid=$!
wait_for_file counting
kill -9 "$flow_pid"
wait "$flow_pid" || true
rm hold
run_flow 0 -c 2
expect_no_out_re "\\] split"
expect_file merged/a.txt "$(printf '10\n2')"
run_flow 0 -n
expect_out "nothing to be done"

# A checkpoint that fails: nothing that waited on it runs.
rm -rf chunks counts merged .flow
write_flow <<'EOF'
rules:
  all: {input: "merged/a.txt"}
  split:
    checkpoint: true
    input: "data/{sample}.txt"
    output: {path: "chunks/{sample}", directory: true}
    shell: "mkdir -p {output}; exit 3"
  merge:
    input: {glob: "chunks/{sample}/{part}"}
    output: "merged/{sample}.txt"
    shell: "cat {input} > {output}"
EOF
run_flow 1
expect_out "split sample=a"
expect_no_file merged/a.txt

# A growth that fails (a match no rule can use) fails what waited, naming the checkpoint, and
# the checkpoint keeps its outputs.
write_flow <<'EOF'
rules:
  all: {input: "merged/a.txt"}
  split:
    checkpoint: true
    input: "data/{sample}.txt"
    output: {path: "chunks/{sample}", directory: true}
    shell: "mkdir -p {output} && split -l 10 {input} {output}/part_"
  merge:
    input:
      - glob: "chunks/{sample}/{part}"
        expand: "nowhere/{sample}/{part}.txt"
    output: "merged/{sample}.txt"
    shell: "cat {input} > {output}"
EOF
run_flow 1
expect_out "after checkpoint split sample=a: merge sample=a: no rule makes 'nowhere/a/part_aa.txt' and it does not exist"
expect_file chunks/a/part_aa
expect_no_file merged/a.txt

# A checkpoint whose glob waits in a job downstream of another checkpoint's jobs.
rm -rf chunks counts merged .flow
write_flow <<'EOF'
rules:
  all: {input: "total.txt"}
  split:
    checkpoint: true
    input: "data/a.txt"
    output: {path: "chunks", directory: true}
    shell: "mkdir -p {output} && split -l 10 {input} {output}/p"
  explode:
    checkpoint: true
    input: "chunks/{part}"
    output: {path: "lines/{part}", directory: true}
    shell: "mkdir -p {output} && split -l 5 {input} {output}/l"
  count:
    input:
      - glob: "lines/{part}/{line}"
    output: "counts/{part}.txt"
    shell: "cat {input} | wc -l > {output}"
  total:
    input:
      - glob: "chunks/{part}"
        expand: "counts/{part}.txt"
    output: "total.txt"
    shell: "awk '{{s += $1}} END {{print s}}' {input} > {output}"
EOF
run_flow 0 -c 2
expect_file total.txt "12"
run_flow 0 -n
expect_out "nothing to be done"
# The outer checkpoint runs again; the inner ones' old outputs are not read, since they run
# again too (their input is new): lines/pab gets a second file.
seq 1 17 >data/a.txt
run_flow 0 -c 2
expect_file total.txt "17"
expect_file counts/pab.txt "7"
run_flow 0 -n
expect_out "nothing to be done"
# An inner checkpoint that does not run again (its input is `ancient`) is resolved at once
# from its output when the outer one adds it.
sed -i 's|    input: "chunks/{part}"|    input: {path: "chunks/{part}", ancient: true}|' flow.yaml
seq 1 17 >data/a.txt
run_flow 0 -c 2
expect_out_re "\\] split$"
expect_no_out_re "\\] explode"
expect_out_re "\\] total$"
expect_file total.txt "17"
run_flow 0 -n
expect_out "nothing to be done"

# `checkpoint` takes a boolean.
write_flow <<'EOF'
rules:
  split: {checkpoint: maybe, output: x, shell: "true"}
EOF
run_flow 2 -n
expect_err "checkpoint"
expect_err "maybe"
