#!/usr/bin/env bash
# End to end: the bundled named-entity workflow (workflows/ner) on its offline sample, with
# the real flow binary. Every row of the entity tables is checked against the book as the
# seed's tagging.py reads it (the offsets must select the entity text), then the comparison
# and the report, that a second run does nothing, and the seed's format with a byte order
# mark, CRLF line ends and the optional header.
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

# Checks one entity table against the book as the seed's tagging.py reads it (Python text
# mode: a byte order mark is a character, CRLF a line end; a paragraph is a run of non-blank
# lines, numbered from 0): no header, known labels, and offsets that select the row's text
# (Python string indices are code points, as the offsets are).
check_rows() {  # check_rows TABLE BOOK HEADER MIN_ROWS
  local table=$1 book=$2 header=$3 min_rows=$4
  [[ -s $table ]] || fail "$table is missing"
  python3 - "$table" "$book" "$header" "$min_rows" <<'PY' || fail "$table: rows do not match the text"
import csv, sys
table, book, header, min_rows = sys.argv[1:5]
paragraphs, current = [], ""
with open(book, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            current += line
        elif current:
            paragraphs.append(current)
            current = ""
if current.strip():
    paragraphs.append(current)
labels = set("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME "
             "PERCENT MONEY QUANTITY ORDINAL CARDINAL".split())
with open(table, encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter="\t"))
if header:
    if rows[0] != ["paragraph", "text", "label", "start", "end"]:
        sys.exit(f"{table}: bad header row {rows[0]}")
    rows = rows[1:]
if len(rows) < int(min_rows):
    sys.exit(f"{table}: only {len(rows)} entities")
for n, (number, text, label, start, end) in enumerate(rows, 1):
    if label not in labels:
        sys.exit(f"{table}: row {n}: unknown label {label}")
    p, s, e = int(number), int(start), int(end)
    if not (0 <= p < len(paragraphs) and 0 <= s < e <= len(paragraphs[p])):
        sys.exit(f"{table}: row {n}: bad paragraph or offsets")
    if paragraphs[p][s:e] != text:
        sys.exit(f"{table}: row {n}: offsets select {paragraphs[p][s:e]!r}, not {text!r}")
PY
}

check_entities() {  # check_entities TABLE BOOK [header]: the rows, and entities we know are there
  local table=$1
  check_rows "$table" "$2" "${3:-}" 20
  grep -q $'\tAlice\tPERSON\t' "$table" || fail "$table: Alice is not a PERSON"
  grep -q $'\tthe March Hare\tORG\t' "$table" || fail "$table: the March Hare is missing"
  # "the\nsecond day of May": a line end inside a text keeps it, and quotes the field.
  grep -q $'^[0-9]*\t"the\n' "$table" && grep -q $'^second day of May"\tDATE\t' "$table" ||
    fail "$table: the date is missing"
}

for size in 2 5; do
  check_entities "results/entities-$size.tsv" sample/teapot.txt
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

# --- The seed's format exactly: paragraph 0 of a file with a byte order mark and CRLF --------
# (Project Gutenberg's UTF-8 books have both.) The first row of the sample is its title,
# which starts the file: with the mark it starts at 1, as the seed's tagging.py reports it.
[[ "$(head -n 1 results/entities-2.tsv)" == $'0\tThe Teapot Garden\tWORK_OF_ART\t0\t17' ]] ||
  fail "first row: $(head -n 1 results/entities-2.tsv)"
printf '\xEF\xBB\xBF' >"$work/bom.txt"
sed 's/$/\r/' sample/teapot.txt >>"$work/bom.txt"
run_flow -c 2 --configfile sample/config.yaml --config "text=$work/bom.txt" ner_header=true
check_entities results/entities-2.tsv "$work/bom.txt" header
[[ "$(sed -n 2p results/entities-2.tsv)" == $'0\tThe Teapot Garden\tWORK_OF_ART\t1\t18' ]] ||
  fail "with a byte order mark, first row: $(sed -n 2p results/entities-2.tsv)"

# --- scripts/spacy_ner.py writes the same format (spaCy replaced by a stand-in module) -------
mkdir -p "$work/fake/spacy"
cat >"$work/fake/spacy/__init__.py" <<'PY'
"""A stand-in for spaCy: tags "Alice" and "the March Hare" (across a line end too)."""
import re
from types import SimpleNamespace


def load(model):
    def pipe(texts, batch_size):
        for text in texts:
            ents = [SimpleNamespace(text=m.group(0), label_="PERSON" if m.group(0) == "Alice" else "ORG",
                                    start_char=m.start(), end_char=m.end())
                    for m in re.finditer(r"Alice|the March\s+Hare", text)]
            yield SimpleNamespace(ents=ents)
    return SimpleNamespace(pipe=pipe)
PY
PYTHONPATH=$work/fake python3 scripts/spacy_ner.py --batch-size 5 --log "$work/spacy.log" \
  paragraphs/alice.txt "$work/spacy.tsv"
check_rows "$work/spacy.tsv" "$work/bom.txt" "" 5
[[ "$(head -n 1 "$work/spacy.tsv")" =~ ^[0-9]+$'\tAlice\tPERSON\t' ]] ||
  fail "spacy_ner.py: first row $(head -n 1 "$work/spacy.tsv")"
"$FLOW" builtin ner_report --in "=$work/spacy.log" --out "=$work/c.tsv" --out "=$work/r.md" ||
  fail "ner_report does not read spacy_ner.py's log"

echo "ok: ner workflow"
