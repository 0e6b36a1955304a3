#!/usr/bin/env bash
# A job killed for memory is retried with the bigger request (issue 12 item 5): the job
# allocates 200 MB under the `ulimit -v` its command sets from {resources.mem_mb}, which
# grows with {attempt}; the failure says why it died and what the retry asks for.
source "$(dirname "$0")/lib.sh"
start_test run-memory-retry
require_command python3

write_flow <<'EOF2'
rules:
  big:
    output: big.txt
    resources:
      mem_mb: "100 * {attempt}"
    retries: 2
    shell: >-
      ulimit -v $(( {resources.mem_mb} * 1024 ));
      python3 -S -c "b = bytearray(200 * 1024 * 1024)" && echo {resources.mem_mb} > {output}
EOF2
run_flow 0 -c 1
# Under 100 and 200 MB the allocation fails; under 300 MB it fits.
expect_file big.txt
[[ $(cat big.txt) == 300 ]] || fail "big.txt: $(cat big.txt)"
# Word for word, but for the run's duration.
tb=$'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\nMemoryError'
out=$(sed -E 's/done in [0-9.]+s/done in Ts/' <<<"$out")
expect_out_is "RETRY: big (job 0) failed on attempt 1: exit code 1; it ran out of memory (MemoryError) (it asked for mem_mb=100); trying again with mem_mb=200
$tb
RETRY: big (job 0) failed on attempt 2: exit code 1; it ran out of memory (MemoryError) (it asked for mem_mb=200); trying again with mem_mb=300
$tb
[1/1 100%] big
flow: 1 job done in Ts."

# Out of retries: the last failure says why too.
rm big.txt
sed -i 's/retries: 2/retries: 0/' flow.yaml
run_flow 1 -c 1
expect_out "FAILED: big (job 0), exit code 1; it ran out of memory (MemoryError) (it asked for mem_mb=100)"
expect_no_out "RETRY"
