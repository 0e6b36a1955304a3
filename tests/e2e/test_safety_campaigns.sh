#!/usr/bin/env bash
# Short, bounded runs of the fault campaigns in bench/ (fixed seeds), so that CI runs each of
# them: the long versions are for measuring (docs/benchmarks.md, "Fault campaigns").
source "$(dirname "$0")/lib.sh"
start_test safety-campaigns
bench="$FLOW_SOURCE_DIR/bench"

campaign() {
  local name=$1
  shift
  if ! FLOW="$FLOW" "$bench/$name" "$@" >"$work/$name.out" 2>&1; then
    cat "$work/$name.out" >&2
    fail "bench/$name $* found a fault"
  fi
  cat "$work/$name.out"
}

campaign lock_race.sh --trials 6 --flows 4
campaign kill_campaign.sh --trials 5
campaign fuzz_workflows.sh --cases 200
