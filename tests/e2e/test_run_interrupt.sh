#!/usr/bin/env bash
# Ctrl-C (SIGINT) and SIGTERM mid-run: every job's process group is stopped, partial outputs
# are removed, flow exits 130, and the next run redoes exactly the unfinished jobs.
source "$(dirname "$0")/lib.sh"
start_test run-interrupt

write_flow <<'EOF2'
rules:
  all: {input: [quick.txt, slow/1.txt, slow/2.txt]}
  quick: {output: quick.txt, shell: "echo quick > {output}"}
  slow:
    input: quick.txt
    output: "slow/{n}.txt"
    # The job starts a grandchild, writes a partial output, then waits unless told not to.
    shell: |
      sleep 300 & echo $! > pids/{wildcards.n}.grandchild
      echo $$ > pids/{wildcards.n}.job
      echo partial > {output}
      if [ ! -e fast ]; then wait; fi
      kill %1 2>/dev/null || true
      echo complete > {output}
EOF2
mkdir pids

for signal in INT TERM; do
  rm -rf slow pids/* fast
  "$FLOW" -c 2 > run.out 2>&1 &
  flow_pid=$!
  wait_for_file pids/1.grandchild
  wait_for_file pids/2.grandchild
  wait_for_file slow/2.txt
  kill -s $signal $flow_pid
  set +e
  wait $flow_pid
  code=$?
  set -e
  out=$(cat run.out)
  [[ $code == 130 ]] || fail "flow exited $code after SIG$signal, expected 130"
  expect_out "interrupted by SIG$signal"
  expect_out "removed partial outputs"
  for n in 1 2; do
    for kind in job grandchild; do
      expect_process_gone "$(cat pids/$n.$kind)"
    done
    expect_no_file slow/$n.txt
  done
  expect_file quick.txt quick
done

# The next run redoes exactly the unfinished jobs.
touch fast
run_flow 0 -c 2
expect_out "slow n=1"
expect_out "slow n=2"
expect_no_out_re "\\] quick$"
expect_file slow/1.txt complete
