#!/usr/bin/env bash
# Processes that outlive flow or their job's first process (issue 14 §1, issue 9 "Faults" 1):
# a job is over only when its whole process group is gone; stopping a job stops all of it;
# when flow dies its jobs die; a flow started at once after a kill -9 finds jobs still running
# (journalled with pid, group and start time) and stops them, or waits with --wait-leftovers,
# before it touches their outputs; SIGHUP stops flow like SIGTERM.
source "$(dirname "$0")/lib.sh"
start_test safety-orphans

# lines FILE: the number of lines in FILE (0 when missing).
lines() { if [[ -e $1 ]]; then wc -l <"$1"; else echo 0; fi; }
# wait_for_lines FILE N: until FILE has at least N lines.
wait_for_lines() {
  local deadline=$((SECONDS + 30))
  until (($(lines "$1") >= $2)); do
    ((SECONDS < deadline)) || fail "timed out waiting for $2 lines in $1"
    sleep 0.02
  done
}
# expect_group_gone PGID: no process is left in the group.
expect_group_gone() {
  ! kill -0 -- "-$1" 2>/dev/null || fail "processes of group $1 still run: $(pgrep -g "$1" -a)"
}
# launcher_of PID: the pid of flow's job launcher (its child named flow-launcher).
launcher_of() {
  local child
  for child in $(cat "/proc/$1/task/$1/children"); do
    [[ $(cat "/proc/$child/comm" 2>/dev/null) == flow-launcher ]] && echo "$child" && return 0
  done
  fail "flow $1 has no launcher"
}
five_lines=$'line 1\nline 2\nline 3\nline 4\nline 5'

# 1. Issue 9's reproduction: kill -9 of flow after two lines, then run flow again at once.
mkdir kill9 && cd kill9
write_flow <<'EOF2'
rules:
  slow:
    output: out.txt
    shell: 'echo $$ > job.pid; for k in 1 2 3 4 5; do echo "line $k" >> {output}; sleep 0.3; done'
EOF2
"$FLOW" >run.out 2>&1 &
flow_pid=$!
wait_for_lines out.txt 2
kill -9 $flow_pid
{ wait $flow_pid; } 2>/dev/null || true
run_flow 0
expect_file out.txt "$five_lines"
expect_group_gone "$(cat job.pid)"
run_flow 0 -n
expect_out "nothing to be done"
cd "$work"

# 2. kill -9 of flow and of its launcher: nobody is left to stop the job, so the next flow
# finds it in the journal, says so and stops it before it remakes the output. While `hold`
# exists, the job waits after two lines until `release` does: the leftover is still running
# however slowly the next flow starts, and the remade job (no `hold` then) runs through.
mkdir both && cd both
write_flow <<'EOF2'
rules:
  slow:
    output: out.txt
    shell: |
      echo $$ > job.pid
      for k in 1 2 3 4 5; do
        echo "line $k" >> {output}
        if [ $k = 2 ] && [ -e hold ]; then until [ -e release ]; do sleep 0.05; done; fi
      done
EOF2
# start_and_kill_both: starts flow, kills it and its launcher after two lines; $job is the
# job left running, blocked until `release` exists.
start_and_kill_both() {
  touch hold
  "$FLOW" >run.out 2>&1 &
  flow_pid=$!
  wait_for_lines out.txt 2
  launcher=$(launcher_of $flow_pid)
  # Both stopped first: a launcher still running when flow dies would stop the job.
  kill -STOP "$launcher" $flow_pid
  kill -9 $flow_pid "$launcher"
  { wait $flow_pid; } 2>/dev/null || true
  job=$(cat job.pid)
  rm hold
  kill -0 "$job" || fail "the job did not outlive flow and its launcher"
}
start_and_kill_both
run_flow 0
expect_out "flow: stopping 1 job left running by a flow that died (pid $job) before touching their outputs; --wait-leftovers waits for them instead"
expect_file out.txt "$five_lines"
expect_group_gone "$job"
run_flow 0 -n
expect_out "nothing to be done"

# ... or waits for it with --wait-leftovers (and then remakes the output all the same).
rm out.txt
start_and_kill_both
"$FLOW" --wait-leftovers >rerun.out 2>&1 &
rerun=$!
deadline=$((SECONDS + 30))
until grep -q "waiting for" rerun.out; do
  ((SECONDS < deadline)) || fail "no waiting message: $(cat rerun.out)"
  sleep 0.02
done
[[ $(lines out.txt) == 2 ]] || fail "out.txt was touched while the leftover ran: $(cat out.txt)"
touch release
status=0
wait $rerun || status=$?
[[ $status == 0 ]] || fail "flow --wait-leftovers exited $status: $(cat rerun.out)"
grep -qF "flow: waiting for 1 job left running by a flow that died (pid $job) to end before touching their outputs" rerun.out ||
  fail "wrong waiting message: $(cat rerun.out)"
expect_group_gone "$job"
expect_file out.txt "$five_lines"
cd "$work"

# 3. A background writer outlives the job's shell: the job ends when the writer does.
mkdir background && cd background
write_flow <<'EOF2'
rules:
  bg:
    output: out.txt
    shell: '(for k in 1 2 3; do sleep 0.2; echo "bg $k" >> {output}; done) & echo main > {output}'
EOF2
run_flow 0
expect_file out.txt $'main\nbg 1\nbg 2\nbg 3'
cd "$work"

# 4. A failed job's background writer: stopped with its job, so that its output, removed,
# stays removed. The writer waits for `release`, made only once flow is done: were it still
# running then, it would write the removed output again.
mkdir failed && cd failed
write_flow <<'EOF2'
rules:
  bad:
    output: out.txt
    shell: |
      (until [ -e release ]; do sleep 0.05; done; echo late >> {output}) &
      echo $! > writer.pid
      echo x > {output}
      exit 1
EOF2
run_flow 1
expect_out "flow: error: 1 of 1 job failed (bad); 0 done, 0 not run; removed their outputs: out.txt"
writer=$(cat writer.pid)
touch release
! kill -0 "$writer" 2>/dev/null || fail "the failed job's background writer still runs: $(ps -o pid,pgid,args -p "$writer")"
expect_no_file out.txt
cd "$work"

# 5. Ctrl-C (SIGINT), SIGTERM, and SIGHUP alike, while a pipeline child ignores SIGTERM:
# flow waits for the whole job (its group gets SIGKILL after the grace, or ends first), then
# removes the output.
for signal in INT TERM HUP; do
  mkdir "pipe-$signal" && cd "pipe-$signal"
  write_flow <<'EOF2'
rules:
  piped:
    output: out.txt
    shell: |
      echo $$ > job.pid
      (trap '' TERM; for k in 1 2 3 4 5 6 7 8; do echo "line $k" >> {output}; sleep 0.25; done) | cat
EOF2
  "$FLOW" >run.out 2>&1 &
  flow_pid=$!
  wait_for_lines out.txt 2
  kill -s "$signal" $flow_pid
  status=0
  wait $flow_pid || status=$?
  [[ $status == 130 ]] || fail "flow exited $status after SIG$signal, expected 130: $(cat run.out)"
  grep -q "interrupted by SIG$signal" run.out || fail "no interruption message: $(cat run.out)"
  expect_group_gone "$(cat job.pid)"
  expect_no_file out.txt
  run_flow 0
  [[ $(lines out.txt) == 8 ]] || fail "the rerun made $(lines out.txt) lines, not 8"
  cd "$work"
done
