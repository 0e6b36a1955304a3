#!/usr/bin/env bash
# Parallelism is real: two sleeping jobs overlap at -c 2 and do not at -c 1. Judged from the
# start and end stamps the jobs record, never from flow's wall time.
source "$(dirname "$0")/lib.sh"
start_test run-parallel

write_flow <<'EOF2'
rules:
  all: {input: [done/a, done/b]}
  nap:
    output: "done/{name}"
    shell: "date +%s%N > {output}.start; sleep 0.5; date +%s%N > {output}.end; touch {output}"
EOF2

overlap() {  # prints "yes" when the two jobs' [start, end] intervals intersect
  local a0 a1 b0 b1
  a0=$(cat done/a.start) a1=$(cat done/a.end) b0=$(cat done/b.start) b1=$(cat done/b.end)
  if ((a0 < b1 && b0 < a1)); then echo yes; else echo no; fi
}

run_flow 0 -c 2
[[ $(overlap) == yes ]] || fail "at -c 2 the two jobs did not run at the same time"
rm -rf done .flow
run_flow 0 -c 1
[[ $(overlap) == no ]] || fail "at -c 1 the two jobs ran at the same time"

# A job's threads take cores: two 2-thread jobs at -c 3 cannot overlap.
cat > flow.yaml <<'EOF2'
rules:
  all: {input: [done/a, done/b]}
  nap:
    output: "done/{name}"
    threads: 2
    shell: "date +%s%N > {output}.start; sleep 0.5; date +%s%N > {output}.end; touch {output}"
EOF2
rm -rf done .flow
run_flow 0 -c 3
[[ $(overlap) == no ]] || fail "two 2-thread jobs overlapped on 3 cores"

# threads: 0 (Snakemake's test_threads0): {threads} is 0 and the job takes no core, so two
# such jobs overlap even at -c 1.
cat > flow.yaml <<'EOF2'
rules:
  all: {input: [done/a, done/b]}
  nap:
    output: "done/{name}"
    threads: 0
    shell: "date +%s%N > {output}.start; sleep 0.5; date +%s%N > {output}.end; echo {threads} > {output}"
EOF2
rm -rf done .flow
run_flow 0 -c 1
expect_file done/a 0
[[ $(overlap) == yes ]] || fail "at -c 1 two 0-thread jobs did not run at the same time"
