#!/usr/bin/env bash
# A 10,000-job workflow completes with every output correct, and a rerun does nothing.
source "$(dirname "$0")/lib.sh"
start_test run-10k
# 10,000 jobs take about 30 s on two idle cores, and minutes on a machine shared by several
# builds: the timeout guards against a hang only (bench/run_bench.sh measures speed).
FLOW_TEST_TIMEOUT=900

mkdir in
seq 1 10000 | awk '{ print $1 > ("in/" $1 ".txt") }'
write_flow <<'EOF2'
config:
  n: 10000
rules:
  all: {input: {expand: "out/{i}.txt", i: config.ids}}
  copy: {input: "in/{i}.txt", output: "out/{i}.txt", shell: "cp {input} {output}"}
EOF2
printf 'ids:\n' > ids.yaml
seq 1 10000 | sed 's/^/  - /' >> ids.yaml
run_flow 0 -c 2 -q --configfile ids.yaml
expect_out "flow: 10001 jobs done in"
[[ $(ls out | wc -l) == 10000 ]] || fail "expected 10000 outputs"
for i in 1 777 5000 10000; do expect_file out/$i.txt "$i"; done
cat out/*.txt | sort -n | uniq | wc -l | grep -qx 10000 || fail "outputs are not the 10000 inputs"
run_flow 0 --configfile ids.yaml
expect_out "nothing to be done"
