#!/usr/bin/env bash
# Lock races made certain with strace's syscall delays (issue 14 §2): a second flow starting
# while the first has created .flow/lock but not yet written into it must be refused; two
# flows clearing one stale lock must not both run. The random version is bench/lock_race.sh.
source "$(dirname "$0")/lib.sh"
require_root "strace -f on flow"
require_command strace
start_test safety-lock-races

# The job notices another job running at the same time (inside.d exists), which only two
# flows both holding the lock can cause; it runs longer than a stall, so that it would.
write_flow <<'EOF2'
rules:
  job:
    output: out.txt
    shell: "if mkdir inside.d; then sleep 3; rmdir inside.d; else echo overlap >> overlap.log; fi; echo $FLOW_NAME >> ran.log; echo done > {output}"
EOF2

# stalled NAME LOG SYSCALLS: runs flow -F as NAME under strace, each of SYSCALLS on
# .flow/lock delayed 2 s, logging to LOG; the pid is in $stalled_pid.
stalled() {
  local name=$1 log=$2 calls=$3
  # LeakSanitizer cannot run under ptrace (it aborts the sanitizer build's flow at exit).
  FLOW_NAME=$name ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -o "$log" -P .flow/lock -P "$work/.flow/lock" -e trace="$calls" \
    -e inject="$calls":delay_enter=2000000 "$FLOW" -F >"$name.out" 2>&1 &
  stalled_pid=$!
}
# wait_for_syscall LOG REGEX: until strace has logged entering a matching call.
wait_for_syscall() {
  local deadline=$((SECONDS + 30))
  until grep -qE "$2" "$1" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "timed out waiting for $2 in $1: $(cat "$1")"
    sleep 0.02
  done
}

# 1. The first flow stalls writing its pid into a lock it has just created.
stalled first st1.log write,pwrite64
wait_for_syscall st1.log '(write|pwrite64)\('
FLOW_NAME=second run_flow 1 -F
expect_err "another flow is running in this directory: it holds .flow/lock (and has not written its pid into it yet)"
wait $stalled_pid || fail "the first flow failed: $(cat first.out)"
expect_file ran.log first
expect_no_file overlap.log

# 2. A stale lock (its flow died); the first flow stalls at every unlink of it (the old
# code's clearing of a stale lock, which a second flow then overtook).
rm -f ran.log
sleep 0 & dead=$!
wait $dead
echo "$dead $(uname -n)" >.flow/lock
stalled first st2.log unlink,unlinkat
wait_for_syscall st2.log '(unlink|unlinkat)\('
FLOW_NAME=second run_flow 1 -F
expect_err "is running in this directory: it holds .flow/lock"
wait $stalled_pid || fail "the first flow failed: $(cat first.out)"
expect_file ran.log first
expect_no_file overlap.log
