#!/usr/bin/env bash
# Checks that each module includes only the modules the layering table allows
# (docs/architecture.md): every `#include "flow/<module>/..."` in src/<module>/ and
# include/flow/<module>/ must name an allowed module.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
  [base]="base"
  [sys]="base sys"
  [pattern]="base pattern"
  [flowfile]="base sys flowfile"
  [rules]="base pattern flowfile rules"
  [dag]="base sys pattern rules dag"
  [state]="base sys state"
  [plan]="base sys rules dag state plan"
  [exec]="base sys exec"
  [run]="base sys pattern rules dag state plan exec run"
  [builtins]="base sys builtins"
  [report]="base sys rules dag plan state run exec report"
  [cli]="base sys flowfile rules dag state plan exec run builtins report cli"
)

bad=0
for module in "${!allowed[@]}"; do
  for dir in "src/$module" "include/flow/$module"; do
    [[ -d "$dir" ]] || continue
    while IFS=: read -r file line include; do
      used=$(sed -E 's|.*"flow/([a-z_]+)/.*|\1|' <<<"$include")
      if [[ " ${allowed[$module]} " != *" $used "* ]]; then
        echo "layering: $file:$line: module '$module' may not include flow/$used" >&2
        bad=1
      fi
    done < <(grep -rnE '^#include "flow/[a-z_]+/' "$dir" --include='*.h' --include='*.cpp' |
             sed -E 's/^([^:]+):([0-9]+):(.*)$/\1:\2:\3/')
  done
done
((bad == 0)) && echo "layering: ok"
exit $bad
