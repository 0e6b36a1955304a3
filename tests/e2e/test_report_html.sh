#!/usr/bin/env bash
# --report FILE.html in headless Chromium: the page renders with no console message, refers to
# nothing outside itself, its numbers are the run's (the closing line, .flow/last-run.tsv), its
# tables sort when a header is clicked, and `report: true` outputs are embedded. A screenshot
# is kept under the build directory (test-artifacts/report.png).
source "$(dirname "$0")/lib.sh"
start_test report-html

chromium=$(command -v chromium || true)
[[ -n "$chromium" ]] || fail "chromium is not installed (scripts/setup.sh installs it)"
artifacts="$(dirname "$FLOW")/test-artifacts"
mkdir -p "$artifacts"

# browser ARGS...: headless Chromium as root, offline, with a fresh profile and home (nothing
# written outside $work), killed if it hangs (a guard, not a speed test; it takes ~2 s).
browser() {
  rm -rf "$work/profile" "$work/home" && mkdir "$work/profile" "$work/home"
  HOME="$work/home" XDG_CONFIG_HOME="$work/home" XDG_CACHE_HOME="$work/home" \
    timeout -k 10 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --disable-crash-reporter --disable-breakpad --user-data-dir="$work/profile" \
    --enable-logging=stderr --v=0 "$@"
}

write_flow <<'EOF2'
config:
  books: [a, b, c]
rules:
  all:
    input:
      - expand: "counts/{book}.txt"
        book: config.books
      - summary.tsv
      - notes.md
      - chart.svg
  count:
    input: "books/{book}.txt"
    output: "counts/{book}.txt"
    log: "logs/{book}.log"
    shell: "test {wildcards.book} != c || (echo 'no counting c' > {log}; exit 4); wc -w < {input} > {output}"
  summary:
    output: {path: summary.tsv, report: true}
    shell: "printf 'book\\twords\\na\\t3\\nb\\t2\\n' > {output}"
  notes:
    output: {path: notes.md, report: true}
    shell: "printf '# Notes\\n\\nA *short* run.\\n' > {output}"
  chart:
    output: {path: chart.svg, report: true}
    shell: "printf '<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\" fill=\"teal\"/></svg>' > {output}"
EOF2
mkdir books
echo "x y z" > books/a.txt
echo "p q" > books/b.txt
echo "m" > books/c.txt

run_flow 1 -k -c 2
closing=$(tail -n 2 <<<"$out" | head -n 1)
[[ "$closing" == "flow: error: 1 of 7 jobs failed (count book=c); 5 done, 1 not run" ]] ||
  fail "unexpected closing line: $closing"
mkdir out
run_flow 0 --report out/report.html
expect_out_re "^flow: wrote out/report.html: the run of [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} [-+][0-9]{4}, failed \(7 to run: 5 done, 1 failed, 1 not run\)\.$"

# The page as Chromium renders it: no console message at all (errors, CSP violations, logs).
browser --window-size=1280,2600 --screenshot="$artifacts/report.png" "file://$work/out/report.html" \
  2>browser.err || fail "chromium failed: $(tail -5 browser.err)"
[[ -s "$artifacts/report.png" ]] || fail "no screenshot"
! grep -q "CONSOLE" browser.err || fail "console messages: $(grep CONSOLE browser.err)"

# The DOM after the checks script has clicked through it.
{ sed 's|</body></html>||' out/report.html; echo "<script>"; cat "$FLOW_SOURCE_DIR/tests/e2e/report_dom_checks.js"; echo "</script></body></html>"; } > out/checked.html
browser --dump-dom "file://$work/out/checked.html" >dom.html 2>browser.err || fail "chromium failed"
! grep -q "CONSOLE" browser.err || fail "console messages in the checks: $(grep CONSOLE browser.err)"
checks=$(sed -n '/<pre id="dom-checks">/,/<\/pre>/p' dom.html)
[[ -n "$checks" ]] || fail "the checks script did not run"
check() { grep -qx "$1" <<<"$(sed 's/<[^>]*>//g' <<<"$checks")" || fail "DOM check '$1' failed: $checks"; }
attempts=$(grep -c $'^job\t' .flow/last-run.tsv)
[[ $attempts == 6 ]] || fail "last-run.tsv has $attempts jobs"
check "job-rows $attempts"
check "runtime-ascending true ascending"
check "runtime-descending true descending"
check "label-ascending true"
check "rule-table-jobs $attempts"
check "rule-rows 4"
check "legend-items 5"  # four rules and "failed"
check "timeline-rects $attempts"
check "rulegraph-nodes 5"
check "failures 1"
check "embedded-images 1"
check "image-loaded true"
check "embedded-tables 1"
check "markdown-headings 1"
check "external-references 0"

# The numbers are the run's: the closing line, the counts, each job's runtime.
grep -q "<p id=\"closing-line\">${closing/: error:/:}</p>" dom.html || fail "closing line not in the report"
grep -q '<span id="jobs-planned">7</span> to run: <span id="jobs-succeeded">5</span> done, <span id="jobs-failed">1</span> failed, <span id="jobs-not-run">1</span> not run' dom.html ||
  fail "job counts differ from the run"
grep -q '<span id="exit-status">1</span>' dom.html || fail "exit status"
grep -q "<code id=\"run-command\">flow -k -c 2</code>" dom.html || fail "command line"
grep -q "<dd id=\"run-version\">$("$FLOW" --version | cut -d' ' -f2)</dd>" dom.html || fail "version"
while IFS=$'\t' read -r kind id label rule status start end cpu rss threads; do
  [[ $kind == job ]] || continue
  runtime=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", e - s }')
  grep -q "<td class=\"num\" data-sort=\"$id.000000\">$id</td><td>$label</td><td>$status</td>" dom.html ||
    fail "job $id ($label, $status) is not in the job table"
  grep -q "data-sort=\"$runtime\"" dom.html || fail "job $id's runtime $runtime is not in the job table"
done < .flow/last-run.tsv
# The failure: its exit status, command and log tail; the config; sizes and links.
grep -q '<dd class="what">exit code 4</dd>' dom.html || fail "failure's exit status"
grep -q "<pre class=\"log\">no counting c" dom.html || fail "failure's log tail"
grep -q "(echo 'no counting c' &gt; logs/c.log; exit 4)" dom.html || fail "failure's command"
grep -q '<pre id="config-text">books:' dom.html || fail "config"
grep -q '<a href="../counts/a.txt">counts/a.txt</a></td><td>count</td><td class="num" data-sort="2" data-bytes="2">2 B</td>' dom.html ||
  fail "output size and link"
grep -q '<tr class="missing"><td><a href="../counts/c.txt">' dom.html || fail "missing output"

# Without Graphviz the report says so instead of the graph.
mkdir nodot
PATH="$work/nodot" "$FLOW" --report plain.html >/dev/null || fail "--report without dot failed"
grep -q "Graphviz dot is not installed: the rule graph is left out." plain.html || fail "no note without dot"

# A history in another format (an older flow) is refused with what to do.
printf '# flow run\tstarted_ns=1\n' > .flow/last-run.tsv
run_flow 1 --report old.html
expect_err_is "flow: error: .flow/last-run.tsv:1: not a run history of this version of flow
  run the workflow again to report on it"
# `report: true` is an output flag.
mkdir flagged && cd flagged
printf 'rules:\n  a:\n    input: {path: x.txt, report: true}\n    output: y.txt\n    shell: "cp {input} {output}"\n' > flow.yaml
run_flow 2 -n
expect_err_is "flow: error: flow.yaml:3:26: rule 'a': flag 'report' is not allowed in 'input'
        input: {path: x.txt, report: true}
                             ^
  input flags: ancient"
cd ..
echo "ok"
