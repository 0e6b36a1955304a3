# shellcheck shell=bash
# Helpers for the end-to-end tests (tests/e2e/test_*.sh): each test runs the real flow binary
# ($FLOW) with real bash in a fresh directory and checks exit status, output and files.
#
#   source "$(dirname "$0")/lib.sh"
#   start_test core-errors        # fresh $work directory, removed at exit; cd into it
#   write_flow <<'EOF' ... EOF    # writes flow.yaml
#   run_flow 0 -n                 # runs flow, expects exit status 0; $out and $err hold
#                                 # its stdout and stderr
#   expect_out 'text'             # $out contains the text (fixed string)
set -euo pipefail
: "${FLOW:?set FLOW to the flow binary}"
: "${FLOW_SOURCE_DIR:?set FLOW_SOURCE_DIR to the source tree}"
export NO_COLOR=1
unset FLOW_PROFILE

out=""
err=""
status=0

fail() {
  echo "FAIL: $*" >&2
  if [[ -n "$out$err" ]]; then
    echo "--- stdout of the last flow run:" >&2
    printf '%s\n' "$out" >&2
    echo "--- stderr:" >&2
    printf '%s\n' "$err" >&2
  fi
  exit 1
}

# skip REASON: ends the test as skipped (ctest's SKIP_RETURN_CODE), saying why.
skip() {
  echo "SKIP: $*" >&2
  exit 77
}

# require_root WHAT: skips unless root (CI runs as root), for WHAT needs it (a tmpfs...).
require_root() {
  [[ $(id -u) -eq 0 ]] || skip "$1 needs root (CI runs as root)"
}

# require_command CMD: skips unless CMD is installed (scripts/setup.sh installs it).
require_command() {
  command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (scripts/setup.sh installs it)"
}

start_test() {
  work=$(mktemp -d "/tmp/flow-e2e-$1.XXXXXX")
  # shellcheck disable=SC2064
  trap "chmod -R u+w '$work' 2>/dev/null; rm -rf '$work'" EXIT
  cd "$work"
}

write_flow() { cat >flow.yaml; }

# run_flow STATUS ARGS...: runs flow with ARGS (bounded by a timeout, $FLOW_TEST_TIMEOUT
# seconds, default 120: a guard against hangs, not a speed test), expects STATUS.
run_flow() {
  local expected=$1
  shift
  set +e
  timeout "${FLOW_TEST_TIMEOUT:-120}" "$FLOW" "$@" >"$work/.stdout" 2>"$work/.stderr"
  status=$?
  set -e
  out=$(cat "$work/.stdout")
  err=$(cat "$work/.stderr")
  [[ $status == "$expected" ]] || fail "flow $* exited $status, expected $expected"
}

expect_out() { [[ "$out" == *"$1"* ]] || fail "stdout lacks: $1"; }
expect_err() { [[ "$err" == *"$1"* ]] || fail "stderr lacks: $1"; }
expect_no_out() { [[ "$out" != *"$1"* ]] || fail "stdout has: $1"; }
expect_file() {
  [[ -e "$1" ]] || fail "missing file $1"
  if [[ $# -ge 2 ]]; then
    local content
    content=$(cat "$1")
    [[ "$content" == "$2" ]] || fail "$1 holds '$content', expected '$2'"
  fi
}
expect_no_file() { [[ ! -e "$1" ]] || fail "file $1 should not exist"; }

# wait_for_file PATH [SECONDS]: polls until PATH exists (for tests that signal a running flow).
wait_for_file() {
  local deadline=$((SECONDS + ${2:-30}))
  until [[ -e "$1" ]]; do
    ((SECONDS < deadline)) || fail "timed out waiting for $1"
    sleep 0.05
  done
}
# expect_out_re REGEX: some line of $out matches the extended regular expression.
expect_out_re() { grep -qE -- "$1" <<<"$out" || fail "no stdout line matches: $1"; }
# expect_no_out_re REGEX: no line of $out matches.
expect_no_out_re() { ! grep -qE -- "$1" <<<"$out" || fail "a stdout line matches: $1"; }

# expect_process_gone PID: the process ends (or is a zombie nobody reaped yet) within 5 s.
expect_process_gone() {
  local deadline=$((SECONDS + 5)) state
  while kill -0 "$1" 2>/dev/null; do
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || echo gone)
    [[ $state == Z || $state == gone ]] && return 0
    ((SECONDS < deadline)) || fail "process $1 is still running ($(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null))"
    sleep 0.05
  done
}

# expect_out_is TEXT / expect_err_is TEXT: the whole of stdout / stderr is TEXT (a diff if not).
expect_out_is() { [[ "$out" == "$1" ]] || fail "stdout differs:$(diff <(printf '%s\n' "$1") <(printf '%s\n' "$out"))"; }
expect_err_is() { [[ "$err" == "$1" ]] || fail "stderr differs:$(diff <(printf '%s\n' "$1") <(printf '%s\n' "$err"))"; }
