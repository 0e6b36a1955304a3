#!/usr/bin/env bash
# The read-only commands: --dry-run, --dag/--rulegraph/--filegraph through real Graphviz dot,
# --list, --version, --help, -d, -s, --summary.
source "$(dirname "$0")/lib.sh"
start_test core-commands

write_flow <<'EOF2'
config:
  books: [84, 11]
rules:
  all:
    input:
      - expand: "counts/{book}.tsv"
        book: config.books
  words:
    input: "books/{book}.txt"
    output: {path: "words/{book}.txt", temp: true}
    shell: "tr -s ' ' '\\n' < {input} > {output}"
  count:
    input: "words/{book}.txt"
    output: "counts/{book}.tsv"
    log: "logs/count/{book}.log"
    shell: "sort -u {input} | wc -l > {output} 2> {log}"
EOF2
mkdir books
echo "the cat sat on the mat" > books/84.txt
echo "a b a" > books/11.txt

run_flow 0 --dry-run
expect_out "rule words:"
expect_out "    input: books/84.txt"
expect_out "    output: words/84.txt"
expect_out "    wildcards: book=84"
expect_out "    reason: missing output counts/84.tsv"
expect_out_re "^    count +2$"
expect_out_re "^    total +5$"
expect_out "flow: 5 jobs would run (dry run)."
[[ ! -d .flow && ! -d counts ]] || fail "a dry run must not write anything"

for graph in --dag --rulegraph --filegraph; do
  run_flow 0 $graph
  printf '%s\n' "$out" | dot -Tsvg > graph.svg || fail "dot rejected the output of $graph"
  grep -q '<svg' graph.svg || fail "no svg from $graph"
  first=$out
  run_flow 0 $graph
  [[ "$out" == "$first" ]] || fail "$graph output is not deterministic"
done
run_flow 0 --dag
expect_out '[label = "count\nbook: 84"'
expect_no_out "dashed"

run_flow 0 -c 2
expect_out "flow: 5 jobs done in"
expect_file counts/84.tsv "5"
expect_no_file words/84.txt  # temp, deleted after use
run_flow 0 --dag
expect_out "dashed"  # nothing runs now: every job is drawn dashed
run_flow 0 -n
expect_out "flow: nothing to be done."

run_flow 0 --summary
expect_out $'counts/84.tsv\t'
expect_out $'\tcount\tok\tno update'

run_flow 0 --list
expect_out "all (default target)"
expect_out "words: words/{book}.txt"

run_flow 0 --version
expect_out "flow "
run_flow 0 --help
expect_out "--dry-run"

# -d and -s from elsewhere.
mkdir -p ../other-$$ && cp flow.yaml ../other-$$/renamed.yaml
cd /
run_flow 0 -d "$work" -n
expect_out "flow: nothing to be done."
run_flow 2 -d "$work" -s missing.yaml -n
expect_err "missing.yaml"
rm -rf "$work/../other-$$"
