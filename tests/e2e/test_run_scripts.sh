#!/usr/bin/env bash
# `script:` steps (spec §8) with real python3, Rscript and bash, the scripts written as
# Snakemake's documentation writes them; the code trigger; a failing script; a missing one.
source "$(dirname "$0")/lib.sh"
start_test run-scripts
command -v python3 >/dev/null || fail "python3 is needed"
command -v Rscript >/dev/null || fail "Rscript is needed (scripts/setup.sh installs r-base-core)"

mkdir -p scripts "in dir"
printf 'a\nb\nc\n' >"in dir/reads 1.txt"
printf 'x\n' >extra.txt
cat >scripts/count.py <<'PY'
with open(snakemake.output[0], "w") as out, open(snakemake.log[0], "w") as log:
    n = sum(1 for _ in open(snakemake.input.reads))
    print(n, len(snakemake.input), snakemake.input[1], snakemake.params.label,
          snakemake.wildcards.sample, snakemake.threads, snakemake.resources.mem_mb,
          snakemake.config["greeting"], str(snakemake.output), sep="|", file=out)
    print("counted", file=log)
PY
cat >scripts/summary.R <<'R'
lines <- readLines(snakemake@input[[1]], encoding = "UTF-8")
writeLines(c(lines, snakemake@params[["note"]], snakemake@wildcards[["sample"]]),
           snakemake@output[["table"]], useBytes = TRUE)
R
cat >scripts/tag.sh <<'SH'
echo "${snakemake_input[0]}|${snakemake_input[counts]}|${snakemake_params[tag]}|${snakemake_wildcards[sample]}|${snakemake[threads]}" >"${snakemake_output[0]}"
SH
write_flow <<'YAML'
config:
  greeting: "héllo \"you\""
rules:
  all:
    input: [tag/A.txt, summary/A.tsv]
  count:
    input:
      reads: "in dir/reads 1.txt"
      extra: extra.txt
    output: "counts/{sample}.txt"
    log: "logs/{sample}.log"
    params:
      label: "it's \"odd\""
    threads: 2
    resources:
      mem_mb: 300
    script: scripts/count.py
  summary:
    input: "counts/{sample}.txt"
    output:
      table: "summary/{sample}.tsv"
    params:
      note: "line one\nline two é"
    script: scripts/summary.R
  tag:
    input:
      counts: "counts/{sample}.txt"
    output: "tag/{sample}.txt"
    params:
      tag: "a b"
    script: scripts/tag.sh
YAML

run_flow 0 -n -p
expect_out "    script: python3 scripts/count.py"
expect_out "    script: Rscript scripts/summary.R"
expect_out "    script: bash scripts/tag.sh"

run_flow 0 -c 2
counted='3|2|extra.txt|it'"'"'s "odd"|A|2|300|héllo "you"|counts/A.txt'
expect_file counts/A.txt "$counted"
expect_file logs/A.log "counted"
expect_file summary/A.tsv "$counted"$'\nline one\nline two é\nA'
expect_file tag/A.txt "counts/A.txt|counts/A.txt|a b|A|1"
# The job files are gone after success.
[[ -z $(ls -A .flow/jobs 2>/dev/null) ]] || fail "job files left: $(ls .flow/jobs)"

# The code trigger follows the script's text: editing summary.R reruns summary, not count.
run_flow 0 -n
expect_out "nothing to be done"
echo '# a comment' >>scripts/summary.R
run_flow 0 -n
expect_out "rule summary:"
expect_no_out "rule count:"
run_flow 0

# A failing script: the exit code, the rule, and the user's file and line.
cat >scripts/count.py <<'PY'
x = 1
raise ValueError("bad count")
PY
run_flow 1 -R count
expect_out "FAILED: count sample=A (job 0), exit code 1"
expect_out 'File "scripts/count.py", line 2, in <module>'
expect_out "ValueError: bad count"
ls .flow/jobs/count-*.json >/dev/null 2>&1 || fail "the failed job's FLOW_JOB file was removed"

cat >scripts/summary.R <<'R'
f <- function(x) stop("bad summary")
f(1)
R
printf 'open(snakemake.output[0], "w").write("fine")\n' >scripts/count.py
run_flow 1
expect_out "FAILED: summary sample=A"
expect_out "scripts/summary.R:1: bad summary"

# Load errors: a missing script, an interpreter flow cannot tell.
write_flow <<'YAML'
rules:
  plot:
    output: p.txt
    script: scripts/nothere.py
YAML
run_flow 2 -n
expect_err "flow.yaml:4:13: rule 'plot': cannot read the script 'scripts/nothere.py'"
printf 'echo hi\n' >scripts/what.txt
write_flow <<'YAML'
rules:
  plot:
    output: p.txt
    script: scripts/what.txt
YAML
run_flow 2 -n
expect_err "flow.yaml:4:13: rule 'plot': cannot tell which interpreter runs the script 'scripts/what.txt'"
# A shebang decides when the extension does not.
printf '#!/usr/bin/env python3\nopen(snakemake.output[0], "w").write("from shebang")\n' >scripts/what.txt
run_flow 0
expect_file p.txt "from shebang"
