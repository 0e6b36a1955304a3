#!/usr/bin/env bash
# Pipes among the jobs a checkpoint adds (spec §7 and §8): the pair is paired, validated and
# started together like a pipe pair known up front; a failing consumer stops its producer and
# neither keeps its outputs, while the other pairs of the same growth are unaffected.
source "$(dirname "$0")/lib.sh"
start_test pipes_checkpoint

# `split` makes an unknown number of chunks; each chunk implies `emit` (writing
# streams/PART.fifo, a pipe) and `tally` (reading it). Were the two run one after the other,
# the producer would block opening the FIFO for writing and the run would hang, so a run
# that finishes shows they were started together.
write_flow <<'EOF'
rules:
  all: {input: total.txt}
  split:
    checkpoint: true
    input: data.txt
    output: {path: chunks, directory: true}
    shell: "mkdir -p {output} && split -l 2 {input} {output}/p"
  emit:
    input: "chunks/{part}"
    output: [{path: "streams/{part}.fifo", pipe: true}, "emitted/{part}.txt"]
    shell: |
      echo $$ > pids/emit-{wildcards.part}
      echo started > {output[1]}
      tr a-z A-Z < {input} > {output[0]}
      echo done >> {output[1]}
  tally:
    input: "streams/{part}.fifo"
    output: "tallies/{part}.txt"
    shell: |
      exec 5<{input}
      read -u 5 first
      if [ -e fail-{wildcards.part} ]; then exit 4; fi
      {{ echo "$first"; cat <&5; }} | wc -l > {output}
  total:
    input:
      glob: "chunks/{part}"
      expand: "tallies/{part}.txt"
    output: total.txt
    shell: "awk '{{s += $1}} END {{print s}}' {input} > {output}"
EOF
printf 'a\nb\nc\nd\ne\n' >data.txt
mkdir pids

run_flow 0 -c 2
expect_file total.txt 5
expect_file tallies/paa.txt 2
expect_file tallies/pac.txt 1
expect_file emitted/pab.txt "started
done"
expect_no_file streams/paa.fifo
expect_no_file streams/pab.fifo
run_flow 0 -c 2
expect_out "nothing to be done"

# The consumer of the second chunk fails: its producer is stopped or ends, neither counts,
# and the pairs of the other chunks still run (-k).
rm -rf chunks emitted tallies total.txt
touch fail-pab
run_flow 1 -c 2 -k
expect_out "FAILED: tally part=pab"
expect_out "its pipe partner tally part=pab failed"
expect_no_file tallies/pab.txt
expect_no_file emitted/pab.txt
expect_no_file streams/pab.fifo
expect_file tallies/paa.txt 2
expect_file tallies/pac.txt 1
expect_no_file total.txt

# Fixed, the rerun does exactly the missing pair and the total.
rm fail-pab
run_flow 0 -c 2
expect_file total.txt 5
expect_out "emit part=pab"
[[ "$out" != *"emit part=paa"* ]] || fail "the rerun remade the pair of chunk paa"

