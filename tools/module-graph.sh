#!/usr/bin/env bash
# Draws the module layering of tools/check-layering.sh (its `allowed` table, the one the
# check enforces) as a Graphviz graph: an edge A -> B when A may use B, with the edges that
# follow from others removed (tred), so the picture stays readable.
#
#   tools/module-graph.sh | dot -Tsvg > docs/modules.svg
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
table=$(sed -n '/^declare -A allowed=(/,/^)/p' "$here/check-layering.sh")
{
  echo 'digraph modules {'
  echo '  rankdir=BT; node [shape=box, style="rounded", fontname="sans-serif"];'
  sed -n 's/^ *\[\([a-z]*\)\]="\(.*\)"$/\1 \2/p' <<<"$table" | while read -r module uses; do
    for used in $uses; do
      [[ $used == "$module" ]] || echo "  $module -> $used;"
    done
  done
  echo '}'
} | tred
