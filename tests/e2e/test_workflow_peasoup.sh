#!/usr/bin/env bash
# End to end: the bundled pea-soup workflow (workflows/pea-soup) with the real flow binary:
# a full run, determinism, "nothing to be done", and exactly the dependent jobs after a touch.
# Environment: FLOW (the flow binary), FLOW_SOURCE_DIR (the source tree).
set -euo pipefail
: "${FLOW:?set FLOW to the flow binary}"
: "${FLOW_SOURCE_DIR:?set FLOW_SOURCE_DIR to the source tree}"
export NO_COLOR=1

work=$(mktemp -d /tmp/flow-e2e-peasoup.XXXXXX)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# flow_in DIR ARGS...: runs flow in DIR; its output goes to DIR.out (shown on failure).
flow_in() {
  local dir=$1
  shift
  if ! (cd "$dir" && "$FLOW" "$@") >"$dir.out" 2>&1; then
    cat "$dir.out" >&2
    fail "flow $* failed in $dir"
  fi
}

# The non-space characters of files, one per line, sorted: mix, boil and chop keep them all.
ingredients() { cat "$@" | tr -d ' \t\r\n' | fold -w1 | LC_ALL=C sort; }

mtime() { stat -c '%y' "$1"; }

# --- A fresh run makes the soup -------------------------------------------------------------
cp -r "$FLOW_SOURCE_DIR/workflows/pea-soup" "$work/a"
flow_in "$work/a" -c 2
soup=$work/a/pea-soup.txt
[[ -s $soup ]] || fail "pea-soup.txt is missing or empty"
for f in water-and-peas boiled-peas chopped-vegetables protosoup; do
  [[ -s $work/a/kitchen/$f.txt ]] || fail "kitchen/$f.txt is missing or empty"
done
if LC_ALL=C.UTF-8 awk 'length($0) > 70 { exit 1 }' "$soup"; then :; else
  fail "pea-soup.txt has a line longer than 70 columns"
fi
grep -q '  ' "$soup" && fail "pea-soup.txt has a double space"
[[ "$(ingredients "$soup")" == "$(ingredients "$work/a"/{peas,water,vegetables}.txt)" ]] ||
  fail "pea-soup.txt does not hold exactly the characters of the three ingredients"
cmp -s "$soup" <(cat "$work/a"/{peas,water,vegetables}.txt) && fail "the soup was not cooked"

# --- The same soup every time ----------------------------------------------------------------
cp -r "$FLOW_SOURCE_DIR/workflows/pea-soup" "$work/b"
flow_in "$work/b" -c 2
cmp -s "$soup" "$work/b/pea-soup.txt" || fail "two runs made different soups"

# --- Nothing to do the second time -----------------------------------------------------------
before=$(mtime "$soup")
flow_in "$work/a" -c 2
grep -q "nothing to be done" "$work/a.out" || { cat "$work/a.out" >&2; fail "rerun did work"; }
[[ "$(mtime "$soup")" == "$before" ]] || fail "rerun rewrote pea-soup.txt"

# --- touch water.txt: the jobs downstream of it run, chopped_vegetables does not --------------
declare -A old
for f in kitchen/water-and-peas.txt kitchen/boiled-peas.txt kitchen/chopped-vegetables.txt \
         kitchen/protosoup.txt pea-soup.txt; do
  old[$f]=$(mtime "$work/a/$f")
done
touch "$work/a/water.txt"
flow_in "$work/a" --dry-run
grep -q "water_and_peas" "$work/a.out" || fail "the dry run does not plan water_and_peas"
grep -q "chopped_vegetables" "$work/a.out" && fail "the dry run plans chopped_vegetables"
[[ "$(mtime "$soup")" == "${old[pea-soup.txt]}" ]] || fail "the dry run touched pea-soup.txt"
flow_in "$work/a" -c 2
for f in kitchen/water-and-peas.txt kitchen/boiled-peas.txt kitchen/protosoup.txt pea-soup.txt; do
  [[ "$(mtime "$work/a/$f")" != "${old[$f]}" ]] || fail "$f was not remade after touch water.txt"
done
[[ "$(mtime "$work/a/kitchen/chopped-vegetables.txt")" == "${old[kitchen/chopped-vegetables.txt]}" ]] ||
  fail "chopped-vegetables.txt was remade, but it does not depend on water.txt"
cmp -s "$soup" "$work/b/pea-soup.txt" || fail "the same ingredients made a different soup"

# --- The job graph is valid dot -------------------------------------------------------------
flow_in "$work/a" --dag
grep -q "digraph" "$work/a.out" || fail "--dag printed no digraph"
if command -v dot >/dev/null; then
  dot -Tsvg "$work/a.out" >"$work/dag.svg" || fail "dot cannot read the --dag output"
fi

echo "pea-soup workflow: ok"
