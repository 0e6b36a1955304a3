#!/usr/bin/env bash
# The built-in `ner` tagger: its accuracy on the hand-annotated development set, its entity
# counts on the whole of Alice, and its speed and memory there.
#
#   bench/ner_quality.sh [--book PATH] [--runs N] [--flow PATH]
#
# 1. Tags the development set (tests/fixtures/ner/alice-dev/paragraphs.txt) on its own and
#    scores both parts (tune, heldout) with bench/ner_eval.py.
# 2. With the book (default: the shared data directory's alice-in-wonderland.txt; skipped
#    when absent), tags the whole book as the workflow does (paragraphs with bom=keep, then
#    ner) and scores the development paragraphs in it: the evidence pass then sees the whole
#    book, as in a real run. Prints the entities per label.
# 3. Times N runs (default 5) of `flow builtin ner` on the book: the median over runs of the
#    log's median µs per paragraph, its first pass, and the peak memory of the process
#    (/usr/bin/time, and the log's own figure).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

BOOK=/work/shared/data/books/alice-in-wonderland.txt
RUNS=5
while (($#)); do
  case "$1" in
    --book) BOOK="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --flow) FLOW="$2"; shift 2 ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW (build it with scripts/setup.sh)"
ensure_command /usr/bin/time time
make_workdir ner-quality
dev="$REPO/tests/fixtures/ner/alice-dev"
score() {  # score PREDICTED [--book]: the three overall lines of both parts
  local part
  for part in tune heldout; do
    python3 "$here/ner_eval.py" "$dev/gold.tsv" "$1" --split "$dev/split.tsv" --part "$part" \
      "${@:2}" | grep -E '^(exact|span|partial)' | sed "s/^/  $part\t/"
  done
}

echo "== development set, tagged on its own (147 paragraphs)"
"$FLOW" builtin paragraphs --in "=$dev/paragraphs.txt" --out "=$WORK/dev-p.txt" --arg bom=keep
"$FLOW" builtin ner --in "=$WORK/dev-p.txt" --out "=$WORK/dev.tsv" --log "$WORK/dev.log"
echo "  part\tscore\tgold\tpredicted\tprecision\trecall\tf1" | sed 's/\\t/\t/g'
score "$WORK/dev.tsv"
echo "  per label, both parts:"
python3 "$here/ner_eval.py" "$dev/gold.tsv" "$WORK/dev.tsv" | sed -n '3,$p' | grep -vE '^(exact|span|partial)' | sed 's/^/    /'

if [[ ! -f "$BOOK" ]]; then
  note "no book at $BOOK: skipping the whole-book figures (--book PATH)"
  exit 0
fi
echo "== the whole book ($BOOK)"
"$FLOW" builtin paragraphs --in "=$BOOK" --out "=$WORK/book-p.txt" --arg bom=keep
"$FLOW" builtin ner --in "=$WORK/book-p.txt" --out "=$WORK/book.tsv" --log "$WORK/book.log"
echo "  the development paragraphs, tagged within the book:"
score "$WORK/book.tsv" --book
echo "  entities per label ($(awk -F '\t' '$1 == "entities" { print $2 }' "$WORK/book.log") in all):"
awk -F '\t' '$1 == "label" { printf "    %s\t%s\n", $2, $3 }' "$WORK/book.log" | sort -t $'\t' -k2,2nr

echo "== speed and memory ($RUNS runs of flow builtin ner on the book)"
for ((run = 1; run <= RUNS; run++)); do
  /usr/bin/time -f '%M' -o "$WORK/time.$run" \
    "$FLOW" builtin ner --in "=$WORK/book-p.txt" --out "=$WORK/run.tsv" --log "$WORK/run.$run.log"
  cmp -s "$WORK/run.tsv" "$WORK/book.tsv" || die "run $run tagged differently"
done
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
key() { for f in "$WORK"/run.*.log; do awk -F '\t' -v k="$1" '$1 == k { print $2 }' "$f"; done | median; }
printf '  tagging, median us per paragraph: %s (CPU: %s s for all batches)\n' \
  "$(key us_per_paragraph)" "$(key tagging_cpu_s)"
printf '  first pass (evidence): %s s; paragraphs: %s\n' "$(key evidence_s)" "$(key paragraphs)"
printf '  peak memory of the process: %s MB (/usr/bin/time), %s MB (log)\n' \
  "$(cat "$WORK"/time.* | median | awk '{ printf "%.1f", $1 / 1024 }')" "$(key peak_rss_mb)"
