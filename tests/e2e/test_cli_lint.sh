#!/usr/bin/env bash
# flow --lint: Snakemake's lints that apply to a flow workflow (no log, absolute paths, files by
# index), thread counts the commands use but the rules do not declare, unused config keys;
# exit 1 when there is something to improve, 0 when not.
source "$(dirname "$0")/lib.sh"
start_test cli-lint

write_flow <<'EOF2'
config:
  samples: [a, b]
  genome: ref.fa
  unused_key: 3
  tools: {aligner: bwa, sorter: samtools}
rules:
  all:
    input:
      - expand: "sorted/{sample}.bam"
        sample: config.samples
  align:
    input: ["reads/{sample}.fq", "{config.genome}"]
    output: "aligned/{sample}.bam"
    log: "logs/align/{sample}.log"
    shell: "{config.tools.aligner} mem -t 8 {input[1]} {input[0]} > {output} 2> {log}"
  sort:
    input: "aligned/{sample}.bam"
    output: "/data/sorted/{sample}.bam"
    shell: "samtools sort -o {output} {input}"
  index:
    input: "sorted/{sample}.bam"
    output: "sorted/{sample}.bam.bai"
    log: "logs/index/{sample}.log"
    threads: 4
    shell: "samtools index -@ {threads} {input} 2> {log}"
EOF2
run_flow 1 --lint
expect_out_is "$(cat <<'EOF2'
flow: warning: flow.yaml:15:45: rule 'align' refers to a file by its index ({input[1]})
        shell: "{config.tools.aligner} mem -t 8 {input[1]} {input[0]} > {output} 2> {log}"
                                                ^
  name the file (`input: {name: ...}`) and write {input.name}: the command then says what it is, and stays right when the list changes
flow: warning: flow.yaml:15:40: rule 'align' gives bwa a fixed thread count (-t 8)
        shell: "{config.tools.aligner} mem -t 8 {input[1]} {input[0]} > {output} 2> {log}"
                                           ^
  write `threads: 8` in the rule and `-t {threads}` in the command, so that flow counts the cores the job uses
flow: warning: flow.yaml:16:3: rule 'sort' has no log
      sort:
      ^
  without `log:` what a job prints is shown once and then lost; write it to a log per job (`2> {log}`), which flow shows when the job fails
flow: warning: flow.yaml:18:13: rule 'sort' uses the absolute path "/data/sorted/{sample}.bam"
        output: "/data/sorted/{sample}.bam"
                ^
  absolute paths tie the workflow to this machine: use a path relative to the working directory, or take it from config
flow: warning: flow.yaml:19:13: rule 'sort' runs samtools, which can use several threads, without `threads:`
        shell: "samtools sort -o {output} {input}"
                ^
  give the rule `threads: N` and pass `-@ {threads}` to samtools
flow: warning: flow.yaml:4:3: config key 'unused_key' is not used
      unused_key: 3
      ^
  nothing in the workflow refers to it as config.unused_key or {config.unused_key}: remove it, or check its spelling
flow: warning: flow.yaml:5:25: config key 'tools.sorter' is not used
      tools: {aligner: bwa, sorter: samtools}
                            ^
  nothing in the workflow refers to it as config.tools.sorter or {config.tools.sorter}: remove it, or check its spelling
flow: --lint found 7 things to improve.
EOF2
)"
[[ -z "$err" ]] || fail "--lint wrote to stderr"
[[ ! -d .flow ]] || fail "--lint must not write anything"

# A workflow with nothing to say.
write_flow <<'EOF2'
config:
  books: [a]
rules:
  all:
    input:
      - expand: "counts/{book}.txt"
        book: config.books
  count:
    input: "books/{book}.txt"
    output: "counts/{book}.txt"
    log: "logs/{book}.log"
    shell: "wc -l < {input} > {output} 2> {log}"
EOF2
run_flow 0 --lint
expect_out_is "flow: --lint found nothing to improve."

# A workflow that does not load is an error, as for any command.
printf 'rules:\n  a:\n    outptu: x\n' > flow.yaml
run_flow 2 --lint
expect_err "did you mean 'output'?"
echo "ok"
