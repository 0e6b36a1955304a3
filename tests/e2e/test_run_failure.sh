#!/usr/bin/env bash
# A failing job: its outputs are removed, its log kept and shown, nothing new starts, exit 1;
# with -k independent jobs go on; --retries with {attempt}, also in resources; a command not
# found; an unset
# variable under bash strict mode.
source "$(dirname "$0")/lib.sh"
start_test run-failure

write_flow <<'EOF2'
rules:
  all: {input: [bad.txt, good.txt, after.txt]}
  bad:
    output: bad.txt
    log: logs/bad.log
    shell: "echo partial > {output}; echo 'it went wrong' > {log}; exit 3"
  good: {output: good.txt, shell: "sleep 0.3; echo ok > {output}"}
  after: {input: bad.txt, output: after.txt, shell: "cp {input} {output}"}
EOF2

run_flow 1 -c 1
expect_out "FAILED: bad (job"
expect_out "exit code 3, log logs/bad.log"
expect_out "it went wrong"
expect_out "flow: error: 1 of 4 jobs failed (bad)"
expect_no_file bad.txt
expect_file logs/bad.log "it went wrong"
expect_no_file after.txt

run_flow 1 -c 1 -k
expect_file good.txt "ok"
expect_no_file after.txt
expect_out "2 not run"

# Retries: the job fails on its first attempt only.
write_flow <<'EOF2'
rules:
  flaky:
    output: x.txt
    retries: 2
    shell: "echo {attempt} >> attempts; test {attempt} -ge 2; echo done > {output}"
EOF2
run_flow 0
expect_out "RETRY: flaky (job 0) failed on attempt 1"
expect_file attempts $'1\n2'
expect_file x.txt done

# Spec §9: a resource that grows with each try. The job needs 300 MB: it fails with 100 and
# 200, then succeeds; --resources counts each try's own amount (250 would refuse the third).
write_flow <<'EOF2'
rules:
  hungry:
    output: m.txt
    retries: 3
    resources: {mem_mb: "100 * {attempt}"}
    shell: "echo {resources.mem_mb} >> asked; test {resources.mem_mb} -ge 300; echo ok > {output}"
EOF2
run_flow 0 --resources mem_mb=1000
expect_file asked $'100\n200\n300'
expect_file m.txt ok
# A later try whose amount goes below zero is refused before it starts, with its numbers.
write_flow <<'EOF2'
rules:
  shrinking:
    output: s.txt
    retries: 2
    resources: {mem_mb: "300 - 200 * {attempt}"}
    shell: "echo {resources.mem_mb} >> shrunk; exit 1"
EOF2
run_flow 1
expect_file shrunk 100
expect_out "resource 'mem_mb' = \"300 - 200 * {attempt}\" gives -100 for try 2; a resource must be 0 or more"

# A command that does not exist (run directly, without a shell) and one inside bash.
write_flow <<'EOF2'
rules:
  all: {input: [direct.txt]}
  missing: {output: direct.txt, shell: "no-such-command-xyz direct.txt"}
EOF2
run_flow 1
expect_out "command not found: no-such-command-xyz"
write_flow <<'EOF2'
rules:
  unset: {output: u.txt, shell: "echo $NO_SUCH_VARIABLE_XYZ > {output}"}
EOF2
run_flow 1
expect_out "NO_SUCH_VARIABLE_XYZ: unbound variable"
expect_no_file u.txt
