#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): installs what is missing, builds flow twice
# (Release at -O3 as users build it, and ASan+UBSan; warnings are errors in both), runs the
# unit and end-to-end tests on both, starts the local batch scheduler (when root) and runs the
# cluster tests, then Grid Engine's in a step of their own, and checks layering and format.
#
#   scripts/test.sh            everything
#   scripts/test.sh --quick    the release build's unit and end-to-end tests only
set -euo pipefail
cd "$(dirname "$0")/.."

quick=
[[ "${1:-}" == --quick ]] && quick=1
jobs=$(nproc)
log() { printf '\n=== %s\n' "$*"; }

log "setup and release build"
scripts/setup.sh

log "layering and format checks"
tools/check-layering.sh
tools/check-format.sh

log "unit and end-to-end tests (release build)"
ctest --test-dir build -L 'unit|e2e' -j "$jobs" --output-on-failure --timeout 600

[[ -n "$quick" ]] && { log "quick run done"; exit 0; }

log "ASan + UBSan build"
scripts/setup.sh --sanitize
log "unit and end-to-end tests (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -L 'unit|e2e' -j "$jobs" --output-on-failure --timeout 900

log "cluster tests against a real scheduler"
if [[ $(id -u) -eq 0 ]]; then
  tests/cluster/start-scheduler.sh
  export FLOW_REQUIRE_SCHEDULER=1
else
  echo "not root: the scheduler is not started here; cluster tests skip unless one runs"
fi
ctest --test-dir build -L cluster --output-on-failure --timeout 900

# Grid Engine's client package owns /usr/bin/qsub as the Slurm wrappers do: the SGE tests
# come after the Slurm ones, with the wrappers replaced (start-sge.sh removes them), and Grid
# Engine is stopped again afterwards. ~4 min with the packages to install, ~1.5 min without.
log "Grid Engine tests (tests/cluster/sge, label sge)"
if [[ $(id -u) -eq 0 ]]; then
  FLOW_SGE_REPLACE_TORQUE=1 tests/cluster/start-sge.sh
  export FLOW_REQUIRE_SCHEDULER=1
else
  echo "not root: Grid Engine is not started here; the sge tests skip unless one runs"
fi
ctest --test-dir build -L sge --output-on-failure --timeout 900
[[ $(id -u) -ne 0 ]] || tests/cluster/stop-sge.sh

log "all tests passed"
