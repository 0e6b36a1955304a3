#!/usr/bin/env bash
# Glob items (spec §6) with the real binary: the books that exist are counted, a new book is
# seen on the next run (and only it is counted), `-n` lists what each glob matched and says
# when one matched nothing, and a bad glob item is a located load error.
source "$(dirname "$0")/lib.sh"
start_test globs

mkdir -p books
echo "one two three" >books/a.txt
echo "four five" >books/b.txt
echo "ignored" >books/notes.md
write_flow <<'EOF'
rules:
  all:
    input:
      - glob: "books/{book}.txt"
        expand: "counts/{book}.tsv"
  count:
    input: "books/{book}.txt"
    output: "counts/{book}.tsv"
    shell: "wc -w < {input} > {output}"
EOF
run_flow 0 -n
expect_out "glob books/{book}.txt (rule all): 2 matches: books/a.txt, books/b.txt"
expect_out_re "^    count +2$"
run_flow 0 -c 2
expect_file counts/a.tsv 3
expect_file counts/b.tsv 2
run_flow 0 -n
expect_out "nothing to be done"

# A new book: the next run counts it, and nothing else.
echo "six" >books/c.txt
run_flow 0 -n
expect_out "glob books/{book}.txt (rule all): 3 matches: books/a.txt, books/b.txt, books/c.txt"
expect_out "wildcards: book=c"
expect_no_out "book=a"
expect_out_re "^    count +1$"
run_flow 0 -c 2
expect_file counts/c.tsv 1

# Many matches are shown briefly; -q shows none.
for i in 1 2 3 4; do echo "x" >"books/more$i.txt"; done
run_flow 0 -n -q
expect_no_out "glob books"
run_flow 0 -n
expect_out "glob books/{book}.txt (rule all): 7 matches: books/a.txt, books/b.txt, books/c.txt, and 4 more"

# A glob that matches nothing is an empty list, not an error, and -n says so.
mkdir -p empty
write_flow <<'EOF'
rules:
  all:
    input: [{glob: "empty/{x}.txt"}, books/a.txt]
    output: seen.txt
    shell: "echo {input} > {output}"
EOF
run_flow 0 -n
expect_out "glob empty/{x}.txt (rule all): no files match"
run_flow 0
expect_file seen.txt "books/a.txt"

# Bad glob items are located load errors (exit 2).
write_flow <<'EOF'
rules:
  all:
    input:
      - glob: "books/{book}.txt"
        expand: "counts/{bok}.tsv"
EOF
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:5:25: rule 'all': the 'expand' of glob 'books/{book}.txt' uses '{bok}', which the glob does not have
            expand: \"counts/{bok}.tsv\"
                            ^
  did you mean '{book}'?
  the glob has {book}"
write_flow <<'EOF'
rules:
  all:
    input: {glob: "books/{book}.txt", expnad: "x/{book}"}
EOF
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:3:39: rule 'all': unknown key 'expnad' in a glob item of 'input'
        input: {glob: \"books/{book}.txt\", expnad: \"x/{book}\"}
                                          ^
  did you mean 'expand'?"
