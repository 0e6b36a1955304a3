#!/usr/bin/env bash
# Runs a bundled workflow, installing dependencies and building flow first if needed.
#
#   scripts/demo.sh                      the pea-soup workflow (offline)
#   scripts/demo.sh stemming [OPTIONS]   another one; OPTIONS go to flow
#
# The workflow is copied to out/NAME and run there, so the source tree stays clean.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-pea-soup}
shift || true
[[ -d "workflows/$name" ]] || { echo "demo: no workflow '$name' in workflows/" >&2; exit 2; }

scripts/setup.sh
flow=$PWD/build/flow
mkdir -p out
if [[ ! -d "out/$name" ]]; then cp -r "workflows/$name" "out/$name"; fi
cd "out/$name"
echo "demo: running workflows/$name in out/$name"
"$flow" --dag > dag.dot
dot -Tsvg dag.dot > dag.svg
"$flow" -c all "$@"
echo "demo: done; outputs are in out/$name (the job graph: out/$name/dag.svg)"
