#!/usr/bin/env bash
# End to end: the quality of the built-in `ner` tagger on the hand-annotated development set
# (tests/fixtures/ner/alice-dev: 147 paragraphs of Alice, 49 of them held out), scored with
# bench/ner_eval.py. Fails when the exact or span F1 of either part falls below the floors
# recorded here: a change to the rules that loses accuracy must say so by lowering them.
# First checks the scorer itself on tables small enough to score by hand.
# Environment: FLOW (the flow binary), FLOW_SOURCE_DIR (the source tree).
set -euo pipefail
: "${FLOW:?set FLOW to the flow binary}"
: "${FLOW_SOURCE_DIR:?set FLOW_SOURCE_DIR to the source tree}"

# The floors: the scores when they were last raised, less about 0.01 of slack.
tune_exact=0.97 tune_span=0.97
heldout_exact=0.92 heldout_span=0.92

work=$(mktemp -d /tmp/flow-e2e-ner-quality.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
eval_py=$FLOW_SOURCE_DIR/bench/ner_eval.py
dev=$FLOW_SOURCE_DIR/tests/fixtures/ner/alice-dev

# --- The scorer, on a case worked out by hand ---------------------------------------------------
# Gold: 4 entities. Predicted: one exact, one with the right span and the wrong label, one
# overlapping a gold one ("the Mock Turtle" for "Mock Turtle"), one wrong.
printf '0\tAlice\tPERSON\t0\t5\n0\tDinah\tPERSON\t10\t15\n1\tMock Turtle\tPERSON\t4\t15\n1\ttwo\tCARDINAL\t20\t23\n' >"$work/gold.tsv"
printf '0\tAlice\tPERSON\t0\t5\n0\tDinah\tORG\t10\t15\n1\tthe Mock Turtle\tORG\t0\t15\n2\tSoo\tPERSON\t0\t3\n' >"$work/pred.tsv"
python3 "$eval_py" "$work/gold.tsv" "$work/pred.tsv" >"$work/score.txt"
for line in $'exact\t4\t4\t0.250\t0.250\t0.250' $'span\t4\t4\t0.500\t0.500\t0.500' \
  $'partial\t4\t4\t0.750\t0.750\t0.750' $'PERSON\t3\t2\t0.500\t0.333\t0.400'; do
  grep -qxF "$line" "$work/score.txt" || {
    cat "$work/score.txt" >&2
    fail "ner_eval.py: no line '$line'"
  }
done
# A floor above the score fails; a header row (not the seed's format) is an error.
if python3 "$eval_py" "$work/gold.tsv" "$work/pred.tsv" --min-exact 0.3 >/dev/null 2>"$work/err"; then
  fail "ner_eval.py passed a floor above the score"
fi
grep -qF "exact F1 0.250 is below the floor 0.300" "$work/err" || fail "floor message: $(cat "$work/err")"
printf 'paragraph\ttext\tlabel\tstart\tend\n' | cat - "$work/pred.tsv" >"$work/header.tsv"
status=0
python3 "$eval_py" "$work/gold.tsv" "$work/header.tsv" >/dev/null 2>"$work/err" || status=$?
[[ $status == 2 ]] || fail "ner_eval.py on a table with a header exited $status, not 2"
grep -qF "row 1 is not an entity (a header row? the format has none)" "$work/err" ||
  fail "header message: $(cat "$work/err")"

# --- The tagger on the development set ------------------------------------------------------------
"$FLOW" builtin paragraphs --in "=$dev/paragraphs.txt" --out "=$work/p.txt" --arg bom=keep
"$FLOW" builtin ner --in "=$work/p.txt" --out "=$work/entities.tsv" --log "$work/ner.log"
grep -qx $'paragraphs\t147' "$work/ner.log" || fail "the development set is not 147 paragraphs"
for part in tune heldout; do
  floor_exact=${part}_exact floor_span=${part}_span
  if ! python3 "$eval_py" "$dev/gold.tsv" "$work/entities.tsv" --split "$dev/split.tsv" \
    --part "$part" --min-exact "${!floor_exact}" --min-span "${!floor_span}" >"$work/$part.txt"; then
    cat "$work/$part.txt" >&2
    fail "the tagger scores below the floors on the $part part"
  fi
  grep -E '^(exact|span|partial)' "$work/$part.txt" | sed "s/^/$part /"
done
echo "ok: ner quality"
