#!/usr/bin/env bash
# Sample sheets and lookups (spec §6) with the real binary: a TSV and a CSV table, config
# mappings by wildcard, reruns of exactly the jobs whose looked-up values changed, and the
# errors (word for word, with their exit status).
source "$(dirname "$0")/lib.sh"
start_test tables

mkdir -p config raw
# A BOM, CRLF line ends and a list cell: read as Snakemake users write them.
printf '\xEF\xBB\xBFsample\tgenome\tfastqs\tread_group\r\nA\thuman\traw/A_1.fq,raw/A_2.fq\tlaneA\r\nB\tmouse\traw/B.fq\tlaneB\r\n' \
  >config/samples.tsv
# A CSV with a quoted field holding the separator.
printf 'sample,note\nA,"first, and best"\nB,plain\n' >config/notes.csv
for f in A_1 A_2 B; do echo "reads of $f" >"raw/$f.fq"; done
write_flow <<'EOF'
config:
  genomes:
    human: {fasta: ref/human.fa}
    mouse: {fasta: ref/mouse.fa}
tables:
  samples: {path: config/samples.tsv, lists: {fastqs: ","}}
  notes: config/notes.csv
rules:
  all:
    input:
      - expand: "out/{sample}.txt"
        sample: tables.samples.sample
  reference:
    output: "ref/{genome}.fa"
    shell: "echo genome {wildcards.genome} > {output}"
  map:
    input:
      ref: "{config.genomes[species].fasta}"
      reads: "{tables.samples[sample].fastqs}"
    output: "out/{species}/{sample}.txt"
    params: {rg: "{tables.samples[sample].read_group}"}
    shell: "cat {input.ref} {input.reads} > {output}; echo 'rg {params.rg}; {tables.notes[sample].note}' >> {output}"
  pick:
    input: "out/{tables.samples[sample].genome}/{sample}.txt"
    output: "out/{sample}.txt"
    shell: "cp {input} {output}"
EOF
run_flow 0 -c 2
expect_file out/A.txt $'genome human\nreads of A_1\nreads of A_2\nrg laneA; first, and best'
expect_file out/B.txt $'genome mouse\nreads of B\nrg laneB; plain'
run_flow 0 -n
expect_out "nothing to be done"

# A row edited in a column a job reads: only that job reruns (params changed), then what
# uses its output. A column nobody reads changes nothing.
sed -i 's/laneB/laneB2/' config/samples.tsv
printf 'sample,note\nA,"first, and best"\nB,plain\nC,unused\n' >config/notes.csv
run_flow 0 -n
expect_out "reason: params changed"
expect_out "wildcards: species=mouse,sample=B"
expect_no_out "sample=A"
expect_out_re "^    map +1$"
run_flow 0 -c 2
expect_file out/B.txt $'genome mouse\nreads of B\nrg laneB2; plain'
# A note used only in the command counts as a param too.
printf 'sample,note\nA,"first, and best"\nB,fancy\n' >config/notes.csv
run_flow 0 -n
expect_out "wildcards: species=mouse,sample=B"
expect_no_out "sample=A"
run_flow 0 -c 2
expect_file out/B.txt $'genome mouse\nreads of B\nrg laneB2; fancy'
# A new list item is a new input.
echo "more reads" >raw/B_2.fq && touch -d 2001-01-01 raw/B_2.fq  # older than the outputs
sed -i 's|raw/B.fq|raw/B.fq, raw/B_2.fq|' config/samples.tsv
run_flow 0 -n
expect_out "input: ref/mouse.fa, raw/B.fq, raw/B_2.fq"
expect_out "input list changed"

# Errors. A missing row is found when planning: exit 1, the job, the value, the table.
run_flow 1 -n out/C.txt
[[ "$err" == "flow: error: flow.yaml:24:17: rule 'pick' (sample=C): no row 'C' in table 'samples' (config/samples.tsv)
        input: \"out/{tables.samples[sample].genome}/{sample}.txt\"
                    ^
  rows are found by their 'sample' column" ]] || fail "unexpected error text: $err"

# An unknown column is a load error: exit 2, with did-you-mean.
sed -i 's/read_group}/readgroup}/' flow.yaml
run_flow 2 -n
[[ "$err" == "flow: error: flow.yaml:21:19: rule 'map': lookup '{tables.samples[sample].readgroup}': table 'samples' has no column 'readgroup'
        params: {rg: \"{tables.samples[sample].readgroup}\"}
                      ^
  did you mean 'read_group'?
  the columns of config/samples.tsv: sample, genome, fastqs, read_group" ]] ||
  fail "unexpected error text: $err"
sed -i 's/readgroup}/read_group}/' flow.yaml

# A duplicate key, with the first row's line.
printf 'sample,note\nA,x\nB,y\nA,z\n' >config/notes.csv
run_flow 2 -n
[[ "$err" == "flow: error: config/notes.csv:4:1: table 'notes' has two rows with the key 'A'
    A,z
    ^
  the first is at config/notes.csv:2
  keys are unique: rows are found by their 'sample' column" ]] || fail "unexpected error text: $err"

# A ragged row.
printf 'sample,note\nA,x\nB\n' >config/notes.csv
run_flow 2 -n
[[ "$err" == "flow: error: config/notes.csv:3:1: this row has 1 field, but the header has 2 columns
    B
    ^
  the columns: sample, note
  write an empty field for a missing value" ]] || fail "unexpected error text: $err"

# A missing file, pointing at the workflow file.
rm config/notes.csv
run_flow 2 -n
[[ "$err" == "flow: error: flow.yaml:7:10: table 'notes': cannot read 'config/notes.csv'
      notes: config/notes.csv
             ^
  cannot read 'config/notes.csv': No such file or directory
  a table's path is relative to the working directory" ]] || fail "unexpected error text: $err"
