#!/usr/bin/env bash
# Auto resources (issue 12 item 5, spec §9): `mem_mb: auto` and `runtime: auto` are sized from
# the job history: ⌈1.2 × predicted peak MB⌉ × attempt and ⌈1.5 × predicted wall s / 60⌉ ×
# attempt minutes, the prediction scaled by the job's input bytes (report/history_sizer.h).
# Without history the fallback (--default-resources) or nothing is asked for, and a warning
# says so; a job killed as the OOM killer kills is retried asking for twice as much.
source "$(dirname "$0")/lib.sh"
start_test run-auto-resources
require_command python3

# workflow N-LIST: grow's jobs allocate 8 bytes per input byte and write what they were given.
workflow() {
  cat >flow.yaml <<EOF
config:
  n: [$1]
rules:
  all:
    input: {expand: "out/{n}.txt", n: config.n}
  grow:
    input: "sizes/{n}.bin"
    output: "out/{n}.txt"
    resources: {mem_mb: auto, runtime: auto}
    shell: >-
      python3 -S -c "import sys; d = open(sys.argv[1], 'rb').read(); b = bytearray(len(d) * 8)"
      {input} && echo "mem_mb={resources.mem_mb} runtime={resources.runtime}" > {output}
EOF
}
mkdir sizes
for n in 1 2 3 4; do head -c $((n * n * 1048576)) /dev/zero >sizes/$n.bin; done  # 1, 4, 9, 16 MB

# No history and no fallback: nothing is asked for, and the dry run and the warning say so.
workflow "1, 2"
run_flow 0 -n
expect_out "    resources: mem_mb: none (no history), runtime: none (no history)"
expect_err "flow: warning: rule 'grow': mem_mb: auto, but the job history has no job of it yet: asking for none (give a default with --default-resources mem_mb=N)"
expect_err "flow: warning: rule 'grow': runtime: auto, but the job history has no job of it yet: asking for none (give a default with --default-resources runtime=N)"

# With a fallback, the fallback.
run_flow 0 -c 1 --default-resources mem_mb=1000 runtime=7
expect_err "flow: warning: rule 'grow': mem_mb: auto, but the job history has no job of it yet: asking for 1000"
[[ $(cat out/1.txt) == "mem_mb=1000 runtime=7" ]] || fail "out/1.txt: $(cat out/1.txt)"
[[ $(grep -vc '^#' .flow/history.tsv) == 2 ]] || fail "history: $(cat .flow/history.tsv)"

# From the history of the 1 and 4 MB jobs: the 9 and 16 MB jobs get the memory line through
# both (a slope: the sizes vary) at their own size, with headroom; no warning now.
expected() { # N: what the history predicts for sizes/N.bin, computed here independently
  python3 -S - "$1" <<'PY'
import math, os, sys
rows = [l.rstrip("\n").split("\t") for l in open(".flow/history.tsv") if not l.startswith("#")]
x = [float(r[2]) for r in rows]
mem = [float(r[7]) for r in rows]
wall = [float(r[5]) for r in rows]
mx = sum(x) / len(x)
sxx = sum((v - mx) ** 2 for v in x)
def slope(y):
    my = sum(y) / len(y)
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / sxx, my
d = max(0.0, slope(mem)[0])
c = max(m - d * v for v, m in zip(x, mem))
b, mw = slope(wall)
b = max(b, 0.0)
a = mw - b * mx
size = os.path.getsize("sizes/%s.bin" % sys.argv[1])
print("mem_mb=%d runtime=%d" % (max(1, math.ceil(1.2 * (c + d * size))),
                                max(1, math.ceil(1.5 * max(0.0, a + b * size) / 60))))
PY
}
workflow "1, 2, 3, 4"
want3=$(expected 3)
want4=$(expected 4)
run_flow 0 -n
expect_out "    resources: ${want3// runtime=/ (from the job history), runtime=} (from the job history)"
[[ "$err" != *"auto, but"* ]] || fail "a warning with history: $err"
run_flow 0 -c 1 --default-resources mem_mb=1000 runtime=7
[[ $(cat out/3.txt) == "$want3" ]] || fail "out/3.txt: $(cat out/3.txt), want $want3"
[[ $(cat out/4.txt) == "$want4" ]] || fail "out/4.txt: $(cat out/4.txt), want $want4"
# The sizes are not part of the job's identity: a changed history makes nothing stale.
run_flow 0 -n
expect_out "flow: nothing to be done."

# A job killed as the OOM killer kills (SIGKILL) is retried asking for twice as much.
sed -i 's/    resources: {mem_mb: auto, runtime: auto}/&\n    retries: 1/' flow.yaml
sed -i 's/^      python3 -S/      [ {attempt} -gt 1 ] || kill -9 $$; python3 -S/' flow.yaml
run_flow 0 -c 1
# (The command changed: every job runs again, each sized from the history as it is now.)
asked=$(sed -nE 's/^RETRY: grow n=4 .*killer does \(it asked for mem_mb=([0-9]+)\); .*/\1/p' <<<"$out")
[[ -n $asked ]] && ((asked > 128)) || fail "no retry of grow n=4 asking for more than 128 MB: $out"
expect_out "trying again with mem_mb=$((asked * 2)), runtime=2"
[[ $(cat out/4.txt) == "mem_mb=$((asked * 2)) runtime=2" ]] || fail "out/4.txt after the retry: $(cat out/4.txt)"

# --auto-resources sizes a rule that writes its values; they are its fallback, quietly.
write_flow <<'EOF'
rules:
  one:
    input: sizes/1.bin
    output: one.txt
    resources: {mem_mb: 5000}
    shell: "echo {resources.mem_mb} > {output}"
EOF
run_flow 0 -c 1 --auto-resources
[[ $(cat one.txt) == 5000 ]] || fail "one.txt without history: $(cat one.txt)"
[[ "$err" != *"warning"* ]] || fail "--auto-resources warned about a written value: $err"
rm one.txt
run_flow 0 -c 1 --auto-resources
[[ $(cat one.txt) != 5000 && $(cat one.txt) -ge 1 ]] || fail "one.txt with history: $(cat one.txt)"

# Only what the history measures can be auto.
write_flow <<'EOF'
rules:
  one:
    output: one.txt
    resources: {disk_mb: auto}
    shell: "touch {output}"
EOF
run_flow 2 -n
expect_err "resource 'disk_mb' cannot be auto"
