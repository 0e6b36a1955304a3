#!/usr/bin/env bash
# Output and input flags, benchmarks, forcing, touching, the summary, deleting all output,
# rerun triggers, -p and -q.
source "$(dirname "$0")/lib.sh"
start_test run-features

write_flow <<'EOF2'
rules:
  all: {input: [final.txt, marker.txt, bench.done]}
  make_temp:
    input: {path: ancient.txt, ancient: true}
    output: {path: t.txt, temp: true}
    shell: "echo temp > {output}"
  final:
    input: t.txt
    output: {path: final.txt, protected: true}
    params: {greeting: hello}
    shell: "cat {input} > {output}; echo {params.greeting} >> {output}"
  marker: {output: {path: marker.txt, touch: true}, shell: "true"}
  timed:
    output: bench.done
    benchmark: bench/timed.tsv
    shell: "sleep 0.2; touch {output}"
EOF2
echo old > ancient.txt
run_flow 0 -c 2 -p
expect_out "make_temp (job 0): echo temp > t.txt"
expect_file final.txt $'temp\nhello'
expect_no_file t.txt
expect_file marker.txt
[[ ! -w final.txt || $(id -u) == 0 ]] || fail "final.txt is not read-only"
[[ $(stat -c %a final.txt) == 444 ]] || fail "final.txt mode is $(stat -c %a final.txt)"
read -r header < bench/timed.tsv
# Snakemake's columns and units (issue 9 faults 5); what wait4 cannot measure is NA.
[[ $header == $'s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time' ]] ||
  fail "benchmark header: $header"
awk -F'\t' 'NR == 2 && NF == 10 && $1 >= 0.2 && $2 ~ /^0:00:0[0-9]$/ && $3 > 0 && $3 < 1000 &&
  $4 == "NA" && $5 == "NA" && $6 == "NA" && $7 ~ /^[0-9]+\.[0-9][0-9]$/ && $8 ~ /^[0-9]+\.[0-9][0-9]$/ &&
  $9 ~ /^[0-9]+\.[0-9][0-9]$/ && $10 ~ /^[0-9]+\.[0-9][0-9]$/ { ok = 1 } END { exit !ok }' bench/timed.tsv ||
  fail "benchmark row: $(sed -n 2p bench/timed.tsv)"

# An ancient input never makes anything stale.
touch ancient.txt
run_flow 0 -n
expect_out "nothing to be done"

# A protected output is never overwritten, even when forced (and even as root). Issue 13
# item 5: the dry run says so, and the run refuses before any job starts.
run_flow 0 -n -R final
expect_out "reason: forced"
expect_err_is "flow: warning: 1 protected output would be overwritten: the run will refuse to start
  'final.txt', output of final
  a protected output is made once; to make it again, remove it by hand (it is read-only)"
run_flow 1 -R final
expect_err "flow: error: 1 protected output would be overwritten; nothing was run"
expect_file final.txt $'temp\nhello'

# Changed params make the job rerun (unless params are not a trigger).
chmod u+w final.txt && rm final.txt
run_flow 0
sed -i 's/greeting: hello/greeting: bonjour/' flow.yaml
run_flow 0 -n --rerun-triggers mtime input code
expect_out "nothing to be done"
run_flow 0 -n
expect_out "reason: params changed"
chmod u+w final.txt && rm final.txt
run_flow 0 -q
expect_out "flow: 3 jobs done in"
expect_no_out "[1/"

# -F runs everything; -f only the targets; --touch marks outputs up to date.
run_flow 0 -n -F
expect_out "reason: forced"
expect_out_re "^    total +5$"
run_flow 0 -n -f bench.done
expect_out_re "^    timed +1$"
expect_out_re "^    total +1$"
sleep 0.01
touch ancient.txt
echo "changed" > ancient.txt
run_flow 0 -n -R timed
expect_out_re "^    timed +1$"
run_flow 0 --touch -R timed
run_flow 0 -n
expect_out "nothing to be done"

# --summary lists every output; --delete-all-output removes them, protected ones too, as
# Snakemake does (issue 9 semantics 7), and says how many were protected.
run_flow 0 --summary
expect_out $'final.txt\t'
expect_out $'\tfinal\tok\tno update'
expect_out $'t.txt\t-\tmake_temp\tmissing\tno update'
run_flow 0 -n --delete-all-output
expect_out "would remove final.txt (protected)"
expect_out_re "^flow: [0-9]+ files would be deleted, 1 of them protected \(dry run\)\.$"
expect_file final.txt
run_flow 0 --delete-all-output
expect_out "removed final.txt (protected)"
expect_out "removed marker.txt"
expect_out_re "^flow: deleted [0-9]+ files, 1 of them protected\.$"
expect_no_file marker.txt
expect_no_file final.txt
run_flow 0 -c 2

# --report writes an HTML page of the last run (table and timeline), from .flow/last-run.tsv.
# A protected output would stop -F before any job runs: remove it, and make `timed` fail.
chmod u+w final.txt && rm final.txt
sed -i 's/sleep 0.2; touch {output}/sleep 0.2; exit 3/' flow.yaml
run_flow 1 -F -c 2  # timed fails; the report shows that too
expect_file .flow/last-run.tsv
run_flow 0 --report report.html
expect_out_re "^flow: wrote report.html: the run of .*, failed \([0-9]+ to run: [0-9]+ done, 1 failed, [0-9]+ not run\)\.$"
grep -q '<tr class="failed">' report.html || fail "the report does not show the failed job"
grep -q "<svg" report.html || fail "the report has no timeline"
grep -q "marker" report.html || fail "the report does not name the jobs"
