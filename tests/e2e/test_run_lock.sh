#!/usr/bin/env bash
# One flow per directory: a second run is refused while the first runs (read-only commands
# still work), a stale lock is cleared, --unlock removes a lock by hand.
source "$(dirname "$0")/lib.sh"
start_test run-lock

write_flow <<'EOF2'
rules:
  slow: {output: x.txt, shell: "touch started; while [ ! -e go ]; do sleep 0.05; done; touch {output}"}
EOF2
"$FLOW" > first.out 2>&1 &
first=$!
wait_for_file started
run_flow 1
expect_err "another flow (pid $first on $(uname -n)) is running in this directory"
run_flow 0 -n
expect_out "rule slow:"
touch go
wait $first || fail "the first flow failed: $(cat first.out)"
expect_file x.txt

# A lock left by a process that is gone (same host) is cleared automatically.
sleep 0 & dead=$!
wait $dead
mkdir -p .flow
echo "$dead $(uname -n)" > .flow/lock
rm x.txt
run_flow 0
expect_file x.txt
expect_no_file .flow/lock

# A lock from another host cannot be checked: refused, with a hint; --unlock clears it.
echo "12345 some-other-host" > .flow/lock
rm x.txt
run_flow 1
expect_err "another flow (pid 12345 on some-other-host)"
expect_err "flow --unlock"
run_flow 0 --unlock
expect_out "removed the lock"
run_flow 0
expect_file x.txt
