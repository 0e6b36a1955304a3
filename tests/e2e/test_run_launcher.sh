#!/usr/bin/env bash
# Jobs are started by the job launcher, a small process forked before the workflow loads, so
# a job's benchmarked max_rss is its own and not flow's (the kernel starts a child's maxrss
# at its parent's). If the launcher dies mid-run, flow warns, takes over the running jobs
# and starts the rest itself: nothing is lost.
source "$(dirname "$0")/lib.sh"
start_test run-launcher

# A workflow whose loading makes flow big: 300,000 config items (tens of MB in flow).
{
  printf 'config:\n  big: ['
  seq -f 's%06g' 0 299999 | paste -sd,
  printf ']\nrules:\n  small:\n    output: small.txt\n    benchmark: small.tsv\n'
  printf '    shell: "echo hi > {output}"\n'
} >flow.yaml
/usr/bin/time -f %M -o flow.rss "$FLOW" -c 1 >/dev/null 2>&1 || fail "flow failed"
flow_kb=$(cat flow.rss)
job_mb=$(sed -n '2p' small.tsv | cut -f3)
((flow_kb > 40000)) || fail "flow should have grown past 40 MB, was ${flow_kb} KB"
# Spawned by flow, the job would start from flow's peak; from the launcher, from the
# launcher's (a few MB; tens under ASan, whose runtime is big from the start).
awk -v mb="$job_mb" -v flow_kb="$flow_kb" 'BEGIN { exit !(mb * 1024 < flow_kb / 2) }' ||
  fail "the job's max_rss is ${job_mb} MB: flow's memory (${flow_kb} KB) leaked into it"

# The launcher killed while jobs run: they finish and are recorded, later jobs still start.
write_flow <<'EOF2'
rules:
  all: {input: [slow.txt, after.txt]}
  slow: {output: slow.txt, shell: "touch slow.started; while [ ! -e go ]; do sleep 0.05; done; echo slow > {output}"}
  after: {input: slow.txt, output: after.txt, shell: "echo after > {output}"}
EOF2
"$FLOW" -c 2 >run.out 2>run.err &
flow_pid=$!
wait_for_file slow.started
launcher=$(pgrep -P $flow_pid -x flow-launcher) || fail "no flow-launcher child of flow"
kill -9 "$launcher"
sleep 0.2
touch go
wait $flow_pid || fail "flow failed after the launcher died: $(cat run.err)"
grep -q "job launcher died" run.err || fail "no warning about the launcher: $(cat run.err)"
grep -q "1 running job taken over" run.err || fail "running job not taken over: $(cat run.err)"
expect_file slow.txt slow
expect_file after.txt after
run_flow 0 -n
expect_out "nothing to be done"
