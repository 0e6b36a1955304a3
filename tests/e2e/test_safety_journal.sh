#!/usr/bin/env bash
# The journal under faults (issue 14 §3): a torn last record is cut before anything is
# appended (a record glued onto it was lost, so a partial output made after a kill -9 was
# accepted); a full disk stops the run with a clear message, appends nothing more and leaves
# no torn record; a compaction killed half-way leaves nothing behind after the next run.
source "$(dirname "$0")/lib.sh"
start_test safety-journal

# Every line of the journal is whole and well-formed (no record glued onto another).
expect_journal_well_formed() {
  local journal=${1:-.flow/state.log}
  [[ -z $(tail -c 1 "$journal") ]] || fail "the journal ends with a torn record: $(tail -n 1 "$journal")"
  awk -F'\t' 'NR == 1 { if ($0 != "# flow state v1") exit 1; next }
    ($1 == "I" || $1 == "F" || $1 == "E") && NF == 2 { next }
    $1 == "R" && NF == 4 { next }
    $1 == "C" && NF == 8 { next }
    { print "bad line " NR ": " $0; exit 1 }' "$journal" >&2 ||
    fail "the journal has a malformed line"
}

# 1. A torn last record, then a kill -9 while a job writes: the job's incomplete mark must
# not be glued onto the torn record and lost.
write_flow <<'EOF2'
rules:
  all: {input: [a.txt, b.txt]}
  a: {output: a.txt, shell: "echo a > {output}"}
  b:
    output: b.txt
    shell: "echo partial > {output}; while [ ! -e go ]; do sleep 0.05; done; echo whole > {output}"
EOF2
run_flow 0 a.txt
printf 'C\ta.txt\ta\t00000' >>.flow/state.log  # flow killed in the middle of a write
"$FLOW" >run.out 2>&1 &
flow_pid=$!
wait_for_file b.txt
kill -9 $flow_pid
wait $flow_pid || true
expect_journal_well_formed
run_flow 0 -n
expect_out "rule b:"
expect_out "incomplete"
touch go
run_flow 0
expect_file b.txt whole
run_flow 0 -n
expect_out "nothing to be done"
expect_journal_well_formed

# 2. A compaction killed half-way (before its rename) leaves its temporary file; the next
# run removes it. strace stalls the rename so that the kill lands there.
if [[ $(id -u) -eq 0 ]] && command -v strace >/dev/null; then
  mkdir compaction && cd compaction
  write_flow <<'EOF2'
rules:
  x: {output: x.txt, shell: "touch {output}"}
EOF2
  mkdir .flow
  { echo "# flow state v1"
    for i in $(seq 1 1200); do printf 'I\tp%d\nF\tp%d\n' "$i" "$i"; done; } >.flow/state.log
  strace -f -o st.log -e trace=rename,renameat,renameat2 \
    -e inject=rename,renameat,renameat2:delay_enter=3000000 "$FLOW" >run.out 2>&1 &
  deadline=$((SECONDS + 30))
  until grep -qE 'rename.*state\.log' st.log 2>/dev/null; do
    ((SECONDS < deadline)) || fail "no compaction seen: $(cat st.log run.out)"
    sleep 0.02
  done
  flow_in_rename=$(grep -E 'rename.*state\.log' st.log | head -n 1 | awk '{print $1}')
  kill -9 "$flow_in_rename"
  wait || true
  ls .flow | grep -q '^state\.log\..' || fail "the kill left no temporary file: $(ls .flow)"
  run_flow 0
  leftovers=$(ls .flow | grep '^state\.log\..' || true)
  [[ -z $leftovers ]] || fail "a killed compaction left $leftovers"
  expect_journal_well_formed
  cd "$work"
else
  echo "note: the killed-compaction case needs root and strace (CI runs as root); skipped" >&2
fi

# 3. A full disk (a 256 KiB tmpfs): the journal's writes fail part-way through a record.
if [[ $(id -u) -ne 0 ]]; then
  skip "the full-disk case needs root for a tmpfs (CI runs as root); the rest passed"
fi
mkdir disk
mount -t tmpfs -o size=256k tmpfs disk || skip "cannot mount a tmpfs here"
trap "cd /; umount '$work/disk' 2>/dev/null; rm -rf '$work'" EXIT
cd disk
{ echo "rules:"
  echo "  all:"
  echo "    input: [fill$(for i in $(seq 1 300); do printf ', n/%d' "$i"; done)]"
  echo "  fill: {output: fill, shell: \"head -c 300k /dev/zero > {output} 2>/dev/null || true\"}"
  echo "  n: {input: fill, output: \"n/{i}\", shell: \"touch {output}\"}"
} >flow.yaml
run_flow 1 -k
[[ "$out$err" == *"No space left on device; flow writes nothing more into the journal and starts no more jobs in this run"* ]] ||
  fail "no message about the journal"
expect_journal_well_formed
ran=$(ls n | wc -l)
((ran < 300)) || fail "all 300 jobs ran although the journal could not be written"
mount -o remount,size=16m "$work/disk"  # room again
run_flow 0
expect_journal_well_formed
run_flow 0 -n
expect_out "nothing to be done"
[[ $(ls n | wc -l) == 300 ]] || fail "not every output was made"
