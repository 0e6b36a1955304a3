#!/usr/bin/env bash
# End to end: the bundled stemming workflow (workflows/stemming) on its offline sample, with
# the real flow binary. The figures are checked against an independent computation with
# coreutils (and Snowball's `stemwords` when installed).
# Environment: FLOW (the flow binary), FLOW_SOURCE_DIR (the source tree); optionally
# FLOW_E2E_BOOKS=DIR to also run all nine books from local copies DIR/<n>.txt and show the time.
set -euo pipefail
: "${FLOW:?set FLOW to the flow binary}"
: "${FLOW_SOURCE_DIR:?set FLOW_SOURCE_DIR to the source tree}"
export NO_COLOR=1

work=$(mktemp -d /tmp/flow-e2e-stemming.XXXXXX)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

flow_in() {
  local dir=$1
  shift
  if ! (cd "$dir" && "$FLOW" "$@") >"$dir.out" 2>&1; then
    cat "$dir.out" >&2
    fail "flow $* failed in $dir"
  fi
}

# The words of an ASCII sample book as the `words` step defines them: the text between the
# Gutenberg markers (if any), split at white space, tokens with a digit dropped, letters kept,
# lower-cased, empty tokens dropped.
reference_words() {
  tr -d '\r' <"$1" | sed '1s/^\xEF\xBB\xBF//' |
    awk '/^\*\*\* *START OF/ { body = ""; next }
         /^\*\*\* *END OF/ { exit }
         { body = body $0 "\n" }
         END { printf "%s", body }' |
    tr -s '[:space:]' '\n' | grep -v '[0-9]' | tr -cd 'A-Za-z\n' | tr 'A-Z' 'a-z' | grep -v '^$' || true
}

books=(tortoise lighthouse orchard)
cp -r "$FLOW_SOURCE_DIR/workflows/stemming" "$work/run"
cd "$work/run"

# --- Without local copies, the books would be downloaded (dry run: no network needed) --------
flow_in "$work/run" --dry-run --configfile sample/config.yaml --config books_dir=nowhere
grep -q "download" "$work/run.out" || fail "without local copies the dry run plans no download"

# --- The sample, offline ----------------------------------------------------------------------
flow_in "$work/run" -c 2 --configfile sample/config.yaml
summary=results/summary.tsv
[[ -s $summary ]] || fail "results/summary.tsv is missing"
[[ "$(head -n 1 "$summary")" == $'book\twords\tdistinct_words\tdistinct_stems' ]] ||
  fail "bad summary header: $(head -n 1 "$summary")"
[[ "$(cut -f 1 "$summary" | tail -n +2 | tr '\n' ' ')" == "tortoise lighthouse orchard all " ]] ||
  fail "bad summary rows: $(cut -f 1 "$summary" | tr '\n' ' ')"
for book in "${books[@]}"; do
  [[ -s stems/$book.txt ]] || fail "stems/$book.txt is missing"
  [[ -e words/$book.txt ]] && fail "words/$book.txt is temp but was kept"
  cmp -s books/$book.txt sample/$book.txt || fail "books/$book.txt is not the local copy"
done

# Independent figures for each book and for all of them.
: >"$work/all-words"
expected=$'book\twords\tdistinct_words\tdistinct_stems'
for book in "${books[@]}" all; do
  if [[ $book == all ]]; then words=$work/all-words; else
    words=$work/$book.words
    reference_words "sample/$book.txt" >"$words"
    cat "$words" >>"$work/all-words"
  fi
  stems="-"
  if command -v stemwords >/dev/null; then
    stems=$(stemwords -l porter -i "$words" | LC_ALL=C sort -u | wc -l)
  fi
  row=$(printf '%s\t%s\t%s' "$book" "$(wc -l <"$words")" "$(LC_ALL=C sort -u "$words" | wc -l)")
  got=$(grep "^$book"$'\t' "$summary" | cut -f 1-3)
  [[ "$got" == "$row" ]] || fail "summary row for $book: got '$got', expected '$row'"
  if [[ $stems != "-" ]]; then
    [[ "$(grep "^$book"$'\t' "$summary" | cut -f 4)" == "$stems" ]] ||
      fail "distinct stems of $book: expected $stems"
  fi
done
(( $(grep -c $'^all\t' "$summary") == 1 )) || fail "no single 'all' row"

# The chart: valid standalone SVG with a bar per book.
svg=results/stems.svg
[[ -s $svg ]] || fail "results/stems.svg is missing"
if command -v xmllint >/dev/null; then
  xmllint --noout "$svg" || fail "stems.svg is not well-formed XML"
else
  grep -q '^<svg xmlns="http://www.w3.org/2000/svg"' "$svg" && tail -n 1 "$svg" | grep -q '</svg>' ||
    fail "stems.svg does not look like SVG"
fi
for book in "${books[@]}"; do grep -q ">$book</text>" "$svg" || fail "no bar for $book"; done
grep -q '>all</text>' "$svg" && fail "the chart shows the 'all' row"

# --- Nothing to do the second time ------------------------------------------------------------
flow_in "$work/run" -c 2 --configfile sample/config.yaml
grep -q "nothing to be done" "$work/run.out" || { cat "$work/run.out" >&2; fail "rerun did work"; }

# --- Optionally: all nine books from local copies ----------------------------------------------
if [[ -n ${FLOW_E2E_BOOKS:-} ]]; then
  cp -r "$FLOW_SOURCE_DIR/workflows/stemming" "$work/nine"
  start=$(date +%s%N)
  flow_in "$work/nine" -c 2 --config "books_dir=$FLOW_E2E_BOOKS"
  end=$(date +%s%N)
  echo "all nine books from $FLOW_E2E_BOOKS at -c 2: $(( (end - start) / 1000000 )) ms"
  cat "$work/nine/results/summary.tsv"
fi

echo "stemming workflow: ok"
