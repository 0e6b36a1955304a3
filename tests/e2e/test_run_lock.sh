#!/usr/bin/env bash
# One flow per directory: a second run is refused while the first runs (read-only commands
# still work), saying that .flow/lock is held and what --unlock is for; --unlock refuses the
# lock of a running flow (--force removes it anyway); a lock left by a dead flow is taken
# over; --unlock removes a lock naming another host.
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
host=$(uname -n)
[[ "$err" == "flow: error: another flow (pid $first on $host) is running in this directory: it holds .flow/lock
  wait for it to finish or stop it; \`flow --unlock\` is only for a lock left by a flow that died" ]] ||
  fail "unexpected lock message"
run_flow 0 -n
expect_out "rule slow:"

# --unlock refuses the lock of a flow that is alive, naming its pid.
run_flow 1 --unlock
[[ "$err" == "flow: error: not removing .flow/lock: it belongs to flow (pid $first), which is still running in this directory
  --unlock is for a lock left by a flow that died; stop that flow first, or remove its lock anyway with \`flow --unlock --force\`" ]] ||
  fail "unexpected --unlock message"
expect_file .flow/lock "$first $host"
touch go
wait $first || fail "the first flow failed: $(cat first.out)"
expect_file x.txt
expect_no_file .flow/lock

# --unlock --force removes it all the same (the rare case: the user knows better).
rm -f go started x.txt
"$FLOW" > first.out 2>&1 &
first=$!
wait_for_file started
run_flow 0 --unlock --force
expect_out "flow: removed the lock (it named pid $first on $host)."
expect_no_file .flow/lock
touch go
wait $first || fail "the first flow failed: $(cat first.out)"

# A lock left by a process that is gone (same host) is taken over: flock died with it.
sleep 0 & dead=$!
wait $dead
mkdir -p .flow
echo "$dead $host" > .flow/lock
rm x.txt
run_flow 0
expect_file x.txt
expect_no_file .flow/lock

# Even when the pid it names is now a live process (pid reuse): the lock itself is free.
sleep 300 & alive=$!
echo "$alive $host" > .flow/lock
rm x.txt
run_flow 0
kill $alive
expect_file x.txt

# A lock from another host cannot be checked: refused, with a hint; --unlock clears it.
echo "12345 some-other-host" > .flow/lock
rm x.txt
run_flow 1
expect_err "another flow (pid 12345 on some-other-host) is running in this directory: it holds .flow/lock"
expect_err "flow cannot check a process on another host: if that flow is gone, remove its lock with \`flow --unlock\`"
run_flow 0 --unlock
expect_out "flow: removed the lock (it named pid 12345 on some-other-host)."
run_flow 0 --unlock
expect_out "flow: there was no lock."
run_flow 0
expect_file x.txt

# A lock that is not a regular file is refused, and never waited on.
mkfifo .flow/lock
rm x.txt
run_flow 1
expect_err "cannot use '.flow/lock' as a lock: it is not a regular file"
