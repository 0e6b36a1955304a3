#!/usr/bin/env bash
# End to end: the bundled named-entity workflow (workflows/ner) on its offline sample, with
# the real flow binary. Every row of the entity tables is checked against the paragraph text
# (the offsets must select the entity text), then the comparison and the report, then that a
# second run does nothing.
# Environment: FLOW (the flow binary), FLOW_SOURCE_DIR (the source tree).
set -euo pipefail
: "${FLOW:?set FLOW to the flow binary}"
: "${FLOW_SOURCE_DIR:?set FLOW_SOURCE_DIR to the source tree}"
export NO_COLOR=1

work=$(mktemp -d /tmp/flow-e2e-ner.XXXXXX)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

run_flow() {
  if ! "$FLOW" "$@" >"$work/out" 2>&1; then
    cat "$work/out" >&2
    fail "flow $* failed"
  fi
}

cp -r "$FLOW_SOURCE_DIR/workflows/ner" "$work/run"
cd "$work/run"

# --- Without a local text, the book would be downloaded (dry run: no network needed) --------
run_flow --dry-run
grep -q "download" "$work/out" || fail "without a local text the dry run plans no download"

# --- The sample, offline ----------------------------------------------------------------------
run_flow -c 2 --configfile sample/config.yaml
cmp -s books/alice.txt sample/teapot.txt || fail "books/alice.txt is not the local copy"
paragraphs=paragraphs/alice.txt
[[ -s $paragraphs ]] || fail "$paragraphs is missing"
# The sample's paragraphs: runs of non-blank lines.
expected_paragraphs=$(awk 'BEGIN { RS = "" } END { print NR }' sample/teapot.txt)
[[ $(awk 'BEGIN { RS = "" } END { print NR }' "$paragraphs") == "$expected_paragraphs" ]] ||
  fail "$paragraphs does not hold $expected_paragraphs paragraphs"

# Checks one entity table: header, plausible rows, and offsets that select the text. The
# sample is ASCII, so awk's substr (bytes or characters alike) can do it.
check_entities() {
  local table=$1
  [[ -s $table ]] || fail "$table is missing"
  [[ "$(head -n 1 "$table")" == $'paragraph\ttext\tlabel\tstart\tend' ]] ||
    fail "$table: bad header: $(head -n 1 "$table")"
  local rows
  rows=$(($(wc -l <"$table") - 1))
  ((rows >= 20)) || fail "$table: only $rows entities"
  awk -F '\t' -v table="$table" '
    FNR == NR { paragraph[FNR] = $0; next }   # the paragraphs file, read with RS = ""
    FNR == 1 { next }
    NF != 5 { print table ": line " FNR " has " NF " fields"; bad = 1; next }
    $3 !~ /^(PERSON|NORP|FAC|ORG|GPE|LOC|PRODUCT|EVENT|WORK_OF_ART|LAW|LANGUAGE|DATE|TIME|PERCENT|MONEY|QUANTITY|ORDINAL|CARDINAL)$/ {
      print table ": line " FNR ": unknown label " $3; bad = 1; next
    }
    !($1 in paragraph) || $4 < 0 || $5 <= $4 {
      print table ": line " FNR ": bad paragraph or offsets"; bad = 1; next
    }
    {
      text = substr(paragraph[$1], $4 + 1, $5 - $4)
      gsub(/\n/, " ", text)
      if (text != $2) { print table ": line " FNR ": offsets select \"" text "\", not \"" $2 "\""; bad = 1 }
    }
    END { exit bad }' RS="" "$paragraphs" RS="\n" "$table" || fail "$table: rows do not match the text"
  grep -q $'\tAlice\tPERSON\t' "$table" || fail "$table: Alice is not a PERSON"
  grep -q $'\tthe March Hare\tORG\t' "$table" || fail "$table: the March Hare is missing"
  grep -q $'\tthe second day of May\tDATE\t' "$table" || fail "$table: the date is missing"
}

for size in 2 5; do
  check_entities "results/entities-$size.tsv"
  log=logs/ner/$size.log
  grep -q $'^batch_size\t'"$size"'$' "$log" || fail "$log: no batch_size $size"
  grep -q $'^paragraphs\t'"$expected_paragraphs"'$' "$log" || fail "$log: wrong paragraph count"
  batches=$(((expected_paragraphs + size - 1) / size))
  grep -q $'^batches\t'"$batches"'$' "$log" || fail "$log: expected $batches batches"
  [[ -s benchmarks/ner/$size.tsv ]] || fail "benchmarks/ner/$size.tsv is missing"
done
cmp -s results/entities-2.tsv results/entities-5.tsv ||
  fail "the batch size changed the entities"

comparison=results/comparison.tsv
[[ "$(head -n 1 "$comparison" | cut -f 1-4)" == $'batch_size\tbatches\tparagraphs\tentities' ]] ||
  fail "bad comparison header: $(head -n 1 "$comparison")"
[[ "$(tail -n +2 "$comparison" | cut -f 1 | tr '\n' ' ')" == "2 5 " ]] ||
  fail "comparison rows are not the batch sizes 2 and 5"
head -n 1 results/report.md | grep -q '^# Named entities' || fail "results/report.md is missing"
grep -q '1,000 books of this size' results/report.md || fail "the report has no estimate"

# --- A second run does nothing ---------------------------------------------------------------
run_flow -c 2 --configfile sample/config.yaml
grep -q "nothing to be done" "$work/out" || {
  cat "$work/out" >&2
  fail "the second run did something"
}

echo "ok: ner workflow"
