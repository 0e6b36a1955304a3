#!/usr/bin/env bash
# Pipe outputs (spec §8, issue 11 item 5): producer and consumer run at the same time through
# a FIFO; either failing, or Ctrl-C, stops both and nothing of the pair counts; a kill -9 of
# flow is followed by a correct rerun; load-time errors name the place.
source "$(dirname "$0")/lib.sh"
start_test pipes

# The producer writes one line, then waits (on a second FIFO, ack.fifo, made by the test) for
# the consumer to say it read it, and only then writes the rest: were the two run one after
# the other, the producer would never get the word (and fail after 20 s). Markers: fail-producer,
# fail-consumer, hold (the producer waits, after the handshake, until killed).
write_flow <<'EOF'
rules:
  all: {input: counts.txt}
  produce:
    input: reads.txt
    output: [{path: reads.fifo, pipe: true}, stats.txt]
    shell: |
      echo $$ > pids/produce
      echo started > {output[1]}
      if [ -e fail-producer ]; then exit 3; fi
      exec 3<>ack.fifo
      exec 4>{output[0]}
      echo one >&4
      read -t 20 -u 3 word || {{ echo "no word from the consumer" >&2; exit 1; }}
      echo "$word" > producer-heard.txt
      if [ -e hold ]; then touch held; sleep 300 & wait; fi
      cat {input} >&4
      echo done >> {output[1]}
  consume:
    input: reads.fifo
    output: counts.txt
    shell: |
      echo $$ > pids/consume
      echo partial > {output}
      exec 5<{input}
      read -u 5 first
      if [ -e fail-consumer ]; then exit 4; fi
      echo "got-$first" > ack.fifo
      {{ echo "$first"; cat <&5; }} > {output}
EOF
printf 'two\nthree\n' >reads.txt
mkdir pids
mkfifo ack.fifo

# Both run, at the same time (the handshake), and the result is right.
run_flow 0 -c 2
expect_file counts.txt "one
two
three"
expect_file producer-heard.txt got-one
expect_file stats.txt "started
done"
expect_no_file reads.fifo
run_flow 0 -c 2
expect_out "nothing to be done"
run_flow 0 --summary
expect_out "reads.fifo	-	produce	pipe	no update"

# A dry run after a change upstream shows the pair.
touch -d '-1 minute' stats.txt counts.txt
run_flow 0 -n
expect_out "    pipe: reads.fifo, read by consume (started together)"
expect_out "    pipe: reads.fifo, written by produce (started together)"
expect_out "    reason: updated input reads.txt"
expect_out "    reason: input remade by produce"
expect_out "flow: 3 jobs would run (dry run)."
expect_no_file reads.fifo

# The producer fails: the consumer (blocked opening the pipe) is stopped, neither counts.
touch fail-producer
run_flow 1 -c 2
expect_out "FAILED: produce (job 0), exit code 3"
expect_out "FAILED: consume (job 1), stopped: its pipe partner produce failed"
expect_out "2 of 3 jobs failed (produce, consume)"
expect_process_gone "$(cat pids/consume)"
expect_no_file counts.txt
expect_no_file stats.txt
expect_no_file reads.fifo
rm fail-producer
run_flow 0 -c 2
expect_out "produce"
expect_out "consume"
expect_file counts.txt "one
two
three"

# The consumer fails after the first line: the producer (waiting for its word) is stopped.
touch fail-consumer
run_flow 1 -c 2 -F
expect_out "FAILED: consume (job 1), exit code 4"
expect_out "FAILED: produce (job 0), stopped: its pipe partner consume failed"
expect_process_gone "$(cat pids/produce)"
expect_no_file counts.txt
expect_no_file stats.txt
expect_no_file reads.fifo
rm fail-consumer

# Ctrl-C while both run: both are stopped, nothing partial counts; the rerun redoes the pair.
touch hold
rm -f held
"$FLOW" -c 2 -F > run.out 2>&1 &
flow_pid=$!
wait_for_file held
kill -INT $flow_pid
set +e
wait $flow_pid
code=$?
set -e
out=$(cat run.out)
[[ $code == 130 ]] || fail "flow exited $code after SIGINT, expected 130"
expect_out "interrupted by SIGINT"
expect_process_gone "$(cat pids/produce)"
expect_process_gone "$(cat pids/consume)"
expect_no_file counts.txt
expect_no_file stats.txt
expect_no_file reads.fifo
rm hold
run_flow 0 -c 2
expect_out "produce"
expect_file counts.txt "one
two
three"

# kill -9 of flow while both run, then an immediate rerun: a FIFO may be left; it is made
# again, and the pair runs whole.
touch hold
rm -f held
"$FLOW" -c 2 -F > run.out 2>&1 &
flow_pid=$!
wait_for_file held
kill -9 $flow_pid
{ wait $flow_pid; } 2>/dev/null || true
rm hold
run_flow 0 -c 2
expect_out "produce"
expect_out "consume"
expect_file counts.txt "one
two
three"
expect_file stats.txt "started
done"
expect_no_file reads.fifo
run_flow 0 -c 2
expect_out "nothing to be done"

# -c 1: the pair needs two cores, and runs anyway (alone), never waiting forever.
run_flow 0 -c 1 -F
expect_file counts.txt "one
two
three"

# Load-time errors, with their place.
cat >flow.yaml <<'EOF'
rules:
  all: {input: c.txt}
  p: {output: {path: a.fifo, pipe: true, temp: true}, shell: "x"}
  c: {input: a.fifo, output: c.txt, shell: "x"}
EOF
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:3:30: rule 'p': a pipe output cannot also be 'temp': nothing is written to disk for a pipe (spec §8)
      p: {output: {path: a.fifo, pipe: true, temp: true}, shell: \"x\"}
                                 ^"

cat >flow.yaml <<'EOF'
rules:
  all: {input: c.txt}
  p: {output: {path: a.fifo, pipe: true, directory: true}, shell: "x"}
  c: {input: {path: a.fifo, pipe: true}, output: c.txt, shell: "x"}
EOF
run_flow 2 -n
expect_err "flow.yaml:3:30: rule 'p': a pipe output cannot also be 'directory'"
expect_err_is "flow: error: flow.yaml:3:30: rule 'p': a pipe output cannot also be 'directory': nothing is written to disk for a pipe (spec §8)
      p: {output: {path: a.fifo, pipe: true, directory: true}, shell: \"x\"}
                                 ^
flow: error: flow.yaml:4:29: rule 'c': flag 'pipe' is not allowed in 'input'
      c: {input: {path: a.fifo, pipe: true}, output: c.txt, shell: \"x\"}
                                ^
  a pipe is an output: \`output: {path: reads.fifo, pipe: true}\`"

cat >flow.yaml <<'EOF'
rules:
  all: {input: [a.txt, b.txt]}
  produce:
    output: {path: "reads/{s}.fifo", pipe: true}
    shell: "x"
  a: {input: reads/1.fifo, output: a.txt, shell: "x"}
  b: {input: reads/1.fifo, output: b.txt, shell: "x"}
EOF
run_flow 1 -n
expect_err_is "flow: error: flow.yaml:4:20: pipe 'reads/1.fifo' (made by produce s=1) is read by two jobs, a and b; a pipe has one consumer
        output: {path: \"reads/{s}.fifo\", pipe: true}
                       ^
  make it a plain output to share it, or give each consumer its pipe"

cat >flow.yaml <<'EOF'
rules:
  all: {input: c.txt}
  p: {output: {path: a.fifo, pipe: true}, shell: "x"}
  m: {input: a.fifo, output: {path: b.fifo, pipe: true}, shell: "x"}
  c: {input: b.fifo, output: c.txt, shell: "x"}
EOF
run_flow 1 -n
expect_err "flow.yaml:3:22: pipe 'a.fifo' is read by m, which writes pipe 'b.fifo' itself: chains of pipes are not supported (they need job groups)"

# A shadow rule at either end of a pipe (the merge of shadow rules and pipes).
cat >flow.yaml <<'EOF'
rules:
  all: {input: c.txt}
  p: {output: {path: a.fifo, pipe: true}, shell: "x"}
  c: {input: a.fifo, output: c.txt, shadow: minimal, shell: "x"}
EOF
run_flow 1 -n
expect_err_is "flow: error: flow.yaml:3:22: pipe 'a.fifo' is written or read by c, a shadow rule; the two ends of a pipe run in the working directory
      p: {output: {path: a.fifo, pipe: true}, shell: \"x\"}
                         ^
  leave \`shadow:\` out of the rules at both ends of the pipe"

cat >flow.yaml <<'EOF'
rules:
  all: {input: c.txt}
  p: {output: {path: a.fifo, pipe: true}, shell: "x"}
  c: {input: a.fifo, output: c.txt, shell: "x"}
EOF
run_flow 1 -n a.fifo
expect_err_is "flow: error: flow.yaml:3:22: pipe 'a.fifo' (made by p) cannot be a target: a pipe is read while it is written and never kept
      p: {output: {path: a.fifo, pipe: true}, shell: \"x\"}
                         ^
  ask for what its consumer makes instead"
# A producer asked for by name, with nothing to read its pipe.
run_flow 1 -n p
expect_err "flow.yaml:3:22: pipe 'a.fifo' (made by p) is read by no job of this run; a pipe needs its one consumer"
