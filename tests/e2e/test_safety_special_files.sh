#!/usr/bin/env bash
# Issue 14, hangs: reading /dev/zero, /dev/urandom or a FIFO as the workflow, an include, a
# table, --configfile or .flow/state.log never ended (and a flow waiting on a FIFO ignored
# SIGTERM). Each is now refused at once, naming the file and what it is.
source "$(dirname "$0")/lib.sh"
start_test safety-special-files
export FLOW_TEST_TIMEOUT=20  # a hang fails the test instead of waiting 120 s
mkfifo fifo

write_flow <<'EOF2'
rules:
  a: {output: x, shell: "touch x"}
EOF2
run_flow 2 -s fifo -n
expect_err_is "flow: error: cannot read the workflow file 'fifo'
  cannot read 'fifo': it is a FIFO (named pipe), not a regular file"
run_flow 2 -s /dev/zero -n
expect_err_is "flow: error: cannot read the workflow file '/dev/zero'
  cannot read '/dev/zero': it is a character device, not a regular file"
run_flow 2 --configfile /dev/urandom -n
expect_err_is "flow: error: cannot read --configfile '/dev/urandom'
  cannot read '/dev/urandom': it is a character device, not a regular file"
run_flow 2 --configfile fifo -n
expect_err "cannot read 'fifo': it is a FIFO (named pipe), not a regular file"
run_flow 2 -s . -n
expect_err "cannot read '.': it is a directory, not a regular file"

printf 'include: fifo\nrules:\n  a: {output: x, shell: "touch x"}\n' >flow.yaml
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:1:10: cannot include 'fifo'
    include: fifo
             ^
  cannot read 'fifo': it is a FIFO (named pipe), not a regular file"

write_flow <<'EOF2'
rules:
  a: {output: x, shell: "touch x"}
EOF2
mkdir -p .flow
mkfifo .flow/state.log
run_flow 1 -c 1
expect_err_is "flow: error: cannot read '.flow/state.log': it is a FIFO (named pipe), not a regular file"
expect_no_file x
