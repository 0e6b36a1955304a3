#!/usr/bin/env bash
# kill -9 of flow itself mid-run: the lock it leaves is cleared automatically, and the next
# run remakes the output that was being written (journalled incomplete), even though the
# orphaned job later finished it: no partial file survives as up to date.
source "$(dirname "$0")/lib.sh"
start_test run-kill9

write_flow <<'EOF2'
rules:
  all: {input: [a.txt, b.txt]}
  a: {output: a.txt, shell: "echo a > {output}"}
  b:
    input: a.txt
    output: b.txt
    shell: "echo $$ > b.pid; echo partial > {output}; if [ ! -e fast ]; then sleep 300; fi; echo whole > {output}"
EOF2

"$FLOW" > run.out 2>&1 &
flow_pid=$!
wait_for_file b.pid
wait_for_file b.txt
kill -9 $flow_pid
wait $flow_pid || true
kill -9 -- "-$(cat b.pid)" 2>/dev/null || true  # the orphaned job, as a user would
expect_file .flow/lock
expect_file b.txt partial

touch fast
run_flow 0
expect_out_re "\\] b$"
expect_no_out_re "\\] a$"
expect_file b.txt whole
expect_no_file .flow/lock

run_flow 0 -n
expect_out "nothing to be done"
