#!/usr/bin/env bash
# Fuzzing the workflow file with the real binary (issue 9 faults 2, issue 14 "Tests"): mutated
# copies of examples/*/flow.yaml and workflows/*/flow.yaml (bench/fuzz_workflows.py), each
# planned with `flow -n` in a copy of its directory (so includes and tables are there). A
# case fails when flow is killed by a signal, hangs (10 s), exits other than 0, 1 or 2, leaks
# C++ exception or sanitizer text, or reports a workflow-file error without file:line:col.
# Prints the counts; exits 1 on any failure, naming the case and what was done to it.
#
#   bench/fuzz_workflows.sh [--cases N] [--seed S] [--flow PATH] [--keep]
#
# 3,000 cases take about five minutes; CI runs a short version (e2e.safety_campaigns), and
# the ASan+UBSan build runs it too, where a sanitizer report is a failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

cases=3000 seed=9 keep=0
while (($#)); do
  case "$1" in
    --cases) cases=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --flow) FLOW=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) die "unknown option $1 (see the header of $0)" ;;
  esac
done
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW"
make_workdir fuzz
((keep)) && trap - EXIT && note "keeping $WORK"

seeds=()
for file in "$REPO"/examples/*/flow.yaml "$REPO"/workflows/*/flow.yaml; do seeds+=("$file"); done
python3 "$here/fuzz_workflows.py" "$seed" "$cases" "$WORK/cases" "${seeds[@]}"

planned=0 refused=0 failed=0
# A refused workflow file (exit 2) must say where: "flow: error: FILE:LINE:COL: ...".
located='^flow: error: [^ ]+:[0-9]+:[0-9]+: '
leaked='terminate called|what\(\)|AddressSanitizer|LeakSanitizer|runtime error:|Segmentation fault|Assertion'
for ((n = 0; n < cases; n++)); do
  case_dir="$WORK/cases/$n"
  read -r origin how <"$case_dir/from"
  run="$WORK/run"
  rm -rf "$run"
  cp -r "$(dirname "$origin")" "$run"
  cp "$case_dir/flow.yaml" "$run/flow.yaml"
  set +e
  (cd "$run" && NO_COLOR=1 timeout -k 2 10 "$FLOW" -n >"$WORK/out" 2>&1 </dev/null)
  status=$?
  set -e
  why=""
  if ((status == 124 || status == 137)); then why="hung (no answer in 10 s)"
  elif ((status > 128)); then why="killed by signal $((status - 128))"
  elif ((status > 2)); then why="exit status $status"
  elif grep -Eq "$leaked" "$WORK/out"; then why="leaked: $(grep -Em1 "$leaked" "$WORK/out")"
  elif ((status == 2)) && ! grep -Eq "$located" "$WORK/out"; then
    why="no position: $(grep -m1 '^flow: error' "$WORK/out" || head -n1 "$WORK/out")"
  fi
  if [[ -n "$why" ]]; then
    failed=$((failed + 1))
    echo "case $n (${origin#"$REPO"/}: $how): $why" >&2
    ((failed > 20)) && break
  elif ((status == 0)); then planned=$((planned + 1))
  else refused=$((refused + 1))
  fi
done
printf 'fuzzed workflow files: %d cases (seed %d), %s\n' "$cases" "$seed" "$FLOW"
printf '  planned %d, refused with a position %d, failures %d\n' "$planned" "$refused" "$failed"
((failed == 0))
