#!/usr/bin/env bash
# Jobs that misbehave: an output written in the wrong place, a directory where a file was
# declared (and the reverse), a read-only output directory, a full disk. Each gives a clear
# error naming the job and path, and nothing already made is lost.
source "$(dirname "$0")/lib.sh"
start_test run-bad-outputs

write_flow <<'EOF2'
rules:
  all: {input: [good.txt, wrong.txt]}
  good: {output: good.txt, shell: "echo good > {output}"}
  wrong: {output: wrong.txt, shell: "echo oops > elsewhere.txt"}
EOF2
run_flow 1 --latency-wait 0 -k
expect_out "FAILED: wrong (job"
expect_out "missing output wrong.txt"
expect_file good.txt good

# A job that makes a directory where a file was declared.
write_flow <<'EOF2'
rules:
  d: {output: out.txt, shell: "mkdir -p {output}"}
EOF2
run_flow 1
expect_out "output out.txt is a directory, but the rule does not declare \`directory: true\`"
expect_no_file out.txt

# A directory output done right, and one that makes a file instead.
write_flow <<'EOF2'
rules:
  all: {input: [dir1, dir2]}
  d1: {output: {path: dir1, directory: true}, shell: "mkdir -p {output}; touch {output}/a"}
  d2: {output: {path: dir2, directory: true}, shell: "echo no > {output}"}
EOF2
run_flow 1 -k
expect_file dir1/a
expect_out "output dir2 is a file, but the rule declares a directory"
expect_no_file dir2

# A read-only output directory: the job cannot write its output.
mkdir locked
echo keep > locked/old.txt
chmod a-w locked
write_flow <<'EOF2'
rules:
  ro: {output: locked/new.txt, shell: "echo x > {output}"}
EOF2
if [[ $(id -u) == 0 ]]; then
  # root ignores permissions; make the directory unwritable another way if possible
  chattr +i locked 2>/dev/null || true
fi
if ! touch locked/probe 2>/dev/null; then
  run_flow 1
  expect_out "FAILED: ro (job 0)"
  expect_file locked/old.txt keep
else
  rm -f locked/probe
  echo "note: cannot make a read-only directory here (root without chattr); skipped that case"
fi
chattr -i locked 2>/dev/null || true
chmod u+w locked

# A full disk: a tiny tmpfs, when this machine lets us mount one.
mkdir small
if mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
  trap "umount '$work/small' 2>/dev/null || true; chmod -R u+w '$work' 2>/dev/null; rm -rf '$work'" EXIT
  echo "made before" > small/kept.txt
  write_flow <<'EOF2'
rules:
  big: {output: small/big.bin, shell: "head -c 1000000 /dev/zero > {output}"}
EOF2
  run_flow 1
  expect_out "FAILED: big (job 0), exit code 1"
  expect_out "No space left on device"
  expect_no_file small/big.bin
  expect_file small/kept.txt "made before"
  umount small
else
  echo "note: cannot mount a tmpfs here; skipped the full-disk case"
fi

# Issue 14 item 6: a file output inside another job's directory output counted as made when
# the directory happened to hold a file of that name. Refused when the DAG is built.
mkdir "$work/nested" && cd "$work/nested"
write_flow <<'EOF2'
rules:
  all: {input: [d, d/x.txt]}
  a: {output: {path: d, directory: true}, shell: "mkdir -p d; echo a > d/x.txt"}
  b: {output: d/x.txt, shell: "echo b > {output}"}
EOF2
run_flow 1
expect_err_is "flow: error: 'd/x.txt' of job b lies inside 'd', the directory output of job a
  a directory output is removed and made whole each time its job runs, so another job's file inside it would be lost; let one rule make both, or move one"
expect_no_file d
