#!/usr/bin/env bash
# The job history (.flow/history.tsv) and --estimate (issue 12 item 5): a run appends what
# it measured, one line per job; --estimate predicts, per rule, the jobs a run would run from
# those lines, scaled by input size. The jobs allocate and loop in proportion to their input.
source "$(dirname "$0")/lib.sh"
start_test run-estimate
require_command python3

# workflow N-LIST [ALL-INPUT]: grow's jobs for the N-LIST, and gather over them.
workflow() {
  local all=${2:-}
  [[ -n $all ]] || all='[{expand: "out/{n}.txt", n: config.n}]'
  cat >flow.yaml <<EOF
config:
  n: [$1]
rules:
  all: {input: $all}
  gather:
    input:
      - expand: "out/{n}.txt"
        n: config.n
    output: total.txt
    shell: "cat {input} > {output}"
  grow:
    input: "sizes/{n}.bin"
    output: "out/{n}.txt"
    shell: >-
      python3 -S -c "import sys; d = open(sys.argv[1], 'rb').read(); b = bytearray(len(d) * 8);
      s = sum(range(len(d) // 4)); open(sys.argv[2], 'w').write(str(s))" {input} {output}
EOF
}
mkdir sizes
for n in 1 2 3 4; do head -c $((n * n * 1048576)) /dev/zero >sizes/$n.bin; done  # 1, 4, 9, 16 MB

workflow "1, 2, 3" ""
run_flow 0 --estimate
expect_out "grow        3  no history: run some of its jobs first"
run_flow 0 -c 1
history=.flow/history.tsv
[[ $(head -1 $history) == "# flow job history 1" ]] || fail "history header: $(head -1 $history)"
[[ $(sed -n 2p $history) == $'# rule\tlabel\tinput_bytes\toutput_bytes\tthreads\twall_s\tcpu_s\tmax_rss_mb\tend' ]] ||
  fail "history columns: $(sed -n 2p $history)"
# One line per job that ran (not `all`, which runs nothing), with its input's size and what
# wait4 measured: the 9 MB job's peak memory is above 8 × 9 MB.
[[ $(grep -vc '^#' $history) == 3 ]] || fail "history: $(cat $history)"
awk -F'\t' -v now="$(date +%s)" '$1 == "grow" && $2 == "grow n=3" && $3 == 9437184 && $5 == 1 &&
  $6 > 0 && $7 > 0 && $8 > 72 && $8 < 2000 && $9 <= now && $9 > now - 600 { ok = 1 }
  END { exit !ok }' $history || fail "history line of grow n=3: $(cat $history)"

# Nothing to run: nothing to estimate.
run_flow 0 --estimate
expect_out "flow: nothing to be done."

# A 16 MB job (beyond the recorded sizes: the fit extrapolates) and a rule without history.
workflow "1, 2, 3, 4" total.txt
run_flow 0 --estimate
# Word for word where the figures do not vary; the figures' columns end under their headings.
header="rule      jobs   wall/job  wall total  peak memory  core-hours"
[[ $(sed -n 1p <<<"$out") == "flow: estimate from 3 recorded jobs (.flow/history.tsv)" ]] ||
  fail "estimate: first line"
[[ $(sed -n 2p <<<"$out") == "$header" ]] || fail "estimate: header"
shape=$(sed -n '3,$p' <<<"$out" | sed -E 's/[0-9]+(\.[0-9]+)?(s|m[0-9]+s| MB)?/N/g' | tr -s ' ')
[[ $shape == "grow N N N N N
gather N no history: run some of its jobs first
total N N N N
with N core: about N (the longest chain of jobs takes N)
not counted: N job of rules without history" ]] || fail "estimate table: $shape"
for row in 3 5; do
  [[ $(sed -n ${row}p <<<"$out" | wc -c) == $((${#header} + 1)) ]] || fail "estimate: row $row not aligned"
done
[[ $(sed -n 3p <<<"$out") == "grow         1  "* && $(sed -n 5p <<<"$out") == "total        2  "* ]] ||
  fail "estimate: job counts"
expect_out "estimate from 3 recorded jobs"
run_flow 0 --estimate --json
predicted_mb=$(python3 -c "import json, sys; r = json.load(sys.stdin)['rules']; print([x for x in r if x['rule'] == 'grow'][0]['peak_mb'])" <<<"$out")
predicted_s=$(python3 -c "import json, sys; r = json.load(sys.stdin)['rules']; print([x for x in r if x['rule'] == 'grow'][0]['wall_seconds'])" <<<"$out")
python3 -c "import json, sys; e = json.load(sys.stdin); assert e['jobs'] == 2 and e['unknown_jobs'] == 1, e" <<<"$out" ||
  fail "estimate json: $out"

# The wall time predicted is the least-squares line through the recorded wall times (sizes
# vary by more than 20% of their mean), at 16 MB: checked against a fit computed here.
python3 -S - "$predicted_s" $history <<'PY' || fail "predicted wall time: $predicted_s; $(cat $history)"
import sys
rows = [l.split("\t") for l in open(sys.argv[2]) if l.startswith("grow\t")]
x = [float(r[2]) for r in rows]
y = [float(r[5]) for r in rows]
mx, my = sum(x) / len(x), sum(y) / len(y)
b = sum((a - mx) * (c - my) for a, c in zip(x, y)) / sum((a - mx) ** 2 for a in x)
want = my + b * (16 * 1048576 - mx) if b > 0 else my
got = float(sys.argv[1])
assert abs(got - max(0.0, want)) <= 1e-3 * max(1.0, want), (got, want)
PY
# Run it: the prediction for the 16 MB job is within 25% of its measured peak memory. Its wall
# time is printed, not compared: on a shared machine (CI runs two tests at a time) a job's wall
# time follows the load more than its input (workflows/ner/README.md reports the accuracy).
run_flow 0 -c 1
line=$(grep $'^grow\tgrow n=4\t' $history) || fail "no history line for grow n=4: $(cat $history)"
measured_mb=$(cut -f8 <<<"$line")
measured_s=$(cut -f6 <<<"$line")
# Under ASan the job's peak RSS includes the instrumented launcher it was forked from (about
# 80 MB, before the exec): small jobs all measure alike and the memory fit is off. The figure
# is only checked on the build users run.
check_memory=1
[[ $(ldd "$FLOW") == *libasan* ]] && check_memory=0 &&
  echo "note: sanitizer build: peak memory includes the instrumented launcher; not compared"
python3 -c "
p, m = $predicted_mb, $measured_mb
assert not $check_memory or abs(p - m) <= 0.25 * m, f'predicted {p} MB, measured {m} MB'
" || fail "estimate vs measured: $(cat $history)"
echo "grow n=4: predicted ${predicted_mb} MB ${predicted_s} s, measured ${measured_mb} MB ${measured_s} s"

# A flow killed mid-line leaves a torn last line: the next run cuts it, then appends.
printf 'grow\tgrow n=9\t12' >>$history
rm out/1.txt
run_flow 0 -c 1
python3 - $history <<'EOF' || fail "history after a torn line: $(cat $history)"
import sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[-1] == "", "no final newline"
rows = [l.split("\t") for l in lines[2:-1]]
assert all(len(r) == 9 for r in rows), rows
assert [r[1] for r in rows].count("grow n=1") == 2, rows
assert not any(r[1] == "grow n=9" for r in rows), rows
EOF
