#!/usr/bin/env bash
# flow re-executes itself with glibc allocator tunables (huge pages, a heap that grows in
# large steps: sys/allocator_tuning.h), and jobs still get the environment as the user set it.
source "$(dirname "$0")/lib.sh"
start_test allocator-tuning

write_flow <<'EOF2'
rules:
  env:
    output: env.txt
    # The job's parent is flow's launcher, forked from the re-executed flow: its environ
    # shows the tunables flow runs with (glibc splits the value at ':' in place, so they
    # come out as several lines).
    shell: |
      {{ env | grep -E '^(GLIBC_TUNABLES|FLOW_SAVED_GLIBC_TUNABLES)=' || true; }} > {output}
      tr '\0' '\n' < /proc/$PPID/environ | grep 'glibc\.' > parent.txt || true
EOF2

# Sanitizer builds use their own allocator and skip the tuning. (Not `ldd | grep -q`: grep
# exits at the first match and, under pipefail, ldd's SIGPIPE would make the test flaky.)
sanitized=0
[[ $(ldd "$FLOW") == *libasan* ]] && sanitized=1

run_flow 0
expect_file env.txt ""
if ((sanitized)); then
  echo "note: sanitizer build: flow does not tune glibc's allocator; checked the job's env only"
else
  grep -q 'glibc.malloc.hugetlb=1' parent.txt || fail "flow did not run with the tunables: $(cat parent.txt)"
fi

rm -f env.txt
GLIBC_TUNABLES=glibc.malloc.check=0 run_flow 0
expect_file env.txt "GLIBC_TUNABLES=glibc.malloc.check=0"
if ((!sanitized)); then
  grep -q 'glibc.malloc.check=0' parent.txt || fail "user's tunables not kept: $(cat parent.txt)"
  grep -q 'glibc.malloc.hugetlb=1' parent.txt || fail "flow's tunables dropped: $(cat parent.txt)"
fi

rm -f env.txt
FLOW_NO_ALLOCATOR_TUNING=1 run_flow 0
expect_file env.txt ""
[[ ! -s parent.txt ]] || fail "FLOW_NO_ALLOCATOR_TUNING=1 still tuned: $(cat parent.txt)"
