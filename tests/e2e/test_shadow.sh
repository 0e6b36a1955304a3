#!/usr/bin/env bash
# Shadow rules (spec §8): `shadow: minimal|shallow|full` runs the job in a scratch directory
# under .flow/shadow/ with its inputs linked in; only declared outputs (and logs) come back, and
# the scratch goes whatever happens: success, failure, Ctrl-C, or a kill -9 of flow (cleaned by
# the next run).
source "$(dirname "$0")/lib.sh"
start_test shadow

# No scratch directory is left under .flow/shadow/.
expect_no_scratch() {
  if [[ -d .flow/shadow ]] && [[ -n "$(ls -A .flow/shadow)" ]]; then
    fail "scratch left: $(ls -A .flow/shadow)"
  fi
}

mkdir -p data other
echo alpha >data/in.txt
echo beside >other/note.txt
echo top >top.txt

# Each mode: the input is readable (a link), the job runs somewhere under .flow/shadow/, the
# undeclared junk it writes stays behind; shallow and full see the other files, minimal not.
write_flow <<'EOF2'
rules:
  all: {input: [out/minimal.txt, out/shallow.txt, out/full.txt]}
  minimal:
    input: data/in.txt
    output: out/minimal.txt
    log: logs/minimal.log
    shadow: minimal
    shell: |
      test -L {input}
      case "$PWD" in */.flow/shadow/*) ;; *) echo "runs in $PWD" >&2; exit 1;; esac
      test ! -e top.txt && test ! -e other/note.txt
      cat {input} > {output}
      echo junk > junk-minimal.txt
      mkdir -p scratchdir && echo x > scratchdir/x
      echo logged > {log}
  shallow:
    input: data/in.txt
    output: out/shallow.txt
    shadow: shallow
    shell: |
      test -L top.txt && test -L other
      cat {input} top.txt other/note.txt > {output}
      echo junk > junk-shallow.txt
  full:
    input: data/in.txt
    output: out/full.txt
    shadow: full
    shell: |
      test -L top.txt && test -d other && test ! -L other && test -L other/note.txt
      test ! -e .flow
      cat {input} top.txt other/note.txt > {output}
      echo junk > junk-full.txt
      echo junk > other/junk-full.txt
EOF2
run_flow 0 -c 3
expect_file out/minimal.txt alpha
expect_file logs/minimal.log logged
expect_file out/shallow.txt "$(printf 'alpha\ntop\nbeside')"
expect_file out/full.txt "$(printf 'alpha\ntop\nbeside')"
[[ ! -L out/minimal.txt && ! -L out/full.txt ]] || fail "an output came back as a link"
for junk in junk-minimal.txt junk-shallow.txt junk-full.txt other/junk-full.txt scratchdir; do
  expect_no_file "$junk"
done
expect_file data/in.txt alpha
expect_no_scratch
run_flow 0 -n
expect_out "nothing to be done"

# A failing shadow job: no output, no scratch; its log comes back (flow keeps a failed job's
# logs) and is shown.
write_flow <<'EOF2'
rules:
  broken:
    input: data/in.txt
    output: out/broken.txt
    log: logs/broken.log
    shadow: minimal
    shell: "echo partial > {output}; echo 'it went wrong' > {log}; exit 3"
EOF2
run_flow 1
expect_out "it went wrong"
expect_no_file out/broken.txt
expect_file logs/broken.log "it went wrong"
expect_no_scratch

# A job that exits 0 without its output: missing output, and still no scratch.
write_flow <<'EOF2'
rules:
  lazy: {output: out/lazy.txt, shadow: full, shell: "echo elsewhere > not-declared.txt"}
EOF2
run_flow 1 --latency-wait 0
expect_out "missing output out/lazy.txt"
expect_no_file not-declared.txt
expect_no_scratch

# A retry gets a fresh scratch: the first try's litter is not there.
write_flow <<EOF2
rules:
  flaky:
    output: out/flaky.txt
    shadow: minimal
    retries: 1
    shell: "test ! -e litter; echo x > litter; if [ ! -e '$work/tried' ]; then touch '$work/tried'; exit 1; fi; echo ok > {output}"
EOF2
run_flow 0
expect_out "trying again"
expect_file out/flaky.txt ok
expect_no_file litter
expect_no_scratch

# A directory output moves back whole; a second run is up to date.
write_flow <<'EOF2'
rules:
  split:
    input: data/in.txt
    output: {path: chunks, directory: true}
    shadow: minimal
    shell: "mkdir -p {output}/deep && cat {input} > {output}/deep/1.txt && touch {output}/2.txt"
EOF2
run_flow 0
expect_file chunks/deep/1.txt alpha
expect_file chunks/2.txt
[[ ! -L chunks ]] || fail "chunks came back as a link"
expect_no_scratch
run_flow 0 -n
expect_out "nothing to be done"

# A shadow script: job (Python, R-less): the script and scriptdir resolve from the scratch.
if command -v python3 >/dev/null 2>&1; then
  mkdir -p scripts
  cat >scripts/upper.py <<'EOF2'
import os
assert os.getcwd().find("/.flow/shadow/") >= 0, os.getcwd()
assert os.path.isfile(os.path.join(snakemake.scriptdir, "upper.py"))
with open(snakemake.input[0]) as f, open(snakemake.output[0], "w") as out:
    out.write(f.read().upper())
open("script-junk.txt", "w").write("junk")
EOF2
  write_flow <<'EOF2'
rules:
  upper: {input: data/in.txt, output: out/upper.txt, shadow: minimal, script: scripts/upper.py}
EOF2
  run_flow 0
  expect_file out/upper.txt ALPHA
  expect_no_file script-junk.txt
  expect_no_scratch
fi

# A bash script: step too.
cat >shout.sh <<'EOF2'
tr a-z A-Z < "${snakemake_input[0]}" > "${snakemake_output[0]}"
EOF2
write_flow <<'EOF2'
rules:
  shout: {input: data/in.txt, output: out/shout.txt, shadow: shallow, script: shout.sh}
EOF2
run_flow 0
expect_file out/shout.txt ALPHA
expect_no_scratch

# Ctrl-C (SIGINT to flow) mid-job: the job stops, no output, no scratch.
write_flow <<EOF2
rules:
  slow:
    input: data/in.txt
    output: out/slow.txt
    shadow: full
    shell: "echo partial > {output}; echo \$PWD > '$work/slow.started'; if [ ! -e '$work/fast' ]; then sleep 300; fi; cat {input} > {output}"
EOF2
"$FLOW" >run.out 2>&1 &
flow_pid=$!
wait_for_file slow.started
scratch=$(cat slow.started)
[[ -d "$scratch" && "$scratch" == "$work/.flow/shadow/"* ]] || fail "no scratch at '$scratch'"
kill -s INT $flow_pid
set +e
wait $flow_pid
code=$?
set -e
out=$(cat run.out)
[[ $code == 130 ]] || fail "flow exited $code after SIGINT, expected 130"
expect_no_file out/slow.txt
expect_no_file "$scratch"
expect_no_scratch

# kill -9 of flow mid-job: the scratch is left; the next run removes it and makes the output.
rm -f slow.started
"$FLOW" >run.out 2>&1 &
flow_pid=$!
wait_for_file slow.started
scratch=$(cat slow.started)
kill -9 $flow_pid
wait $flow_pid || true
expect_file "$scratch/out/slow.txt" partial
touch fast
run_flow 0
expect_file out/slow.txt alpha
expect_no_file "$scratch"
expect_no_scratch

# A bad shadow value is a located error with a suggestion (exit 2).
write_flow <<'EOF2'
rules:
  a:
    output: a.txt
    shadow: shalow
    shell: "touch {output}"
EOF2
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:4:13: rule 'a': 'shadow' must be minimal, shallow or full, not 'shalow'
        shadow: shalow
                ^
  did you mean 'shallow'?"

echo "PASS"
