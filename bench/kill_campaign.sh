#!/usr/bin/env bash
# Random kills (issue 14 §1, issue 9 faults 1): flow is stopped at a random instant by
# SIGKILL, SIGTERM, SIGINT or SIGHUP while jobs run that write their outputs in pieces, from a
# pipeline, a subshell and a background process; then flow runs again at once (in a third of
# the trials that run is stopped too, and a third run finishes). Afterwards every output must
# be whole, and the next `flow -n` must have nothing to do: a partial output that counts as
# done is a failure. Prints the trials and the wrong outputs; exits 1 when there are any.
#
#   bench/kill_campaign.sh [--trials N] [--seed S] [--flow PATH] [--keep]
#
# The seed fixes each trial's signal and instant. 60 trials take about three minutes; CI runs
# a short version (e2e.safety_campaigns).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

trials=60 seed=5 keep=0
while (($#)); do
  case "$1" in
    --trials) trials=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --flow) FLOW=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) die "unknown option $1 (see the header of $0)" ;;
  esac
done
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW"
make_workdir kill-campaign
((keep)) && trap - EXIT && note "keeping $WORK"
RANDOM=$seed
cd "$WORK"

# Each `piece` job writes five lines over about 0.25 s: three from its shell, one from a
# background subshell it waits for, one through a pipeline. A `count` job counts them.
cat >flow.yaml <<'EOF2'
rules:
  all:
    input:
      - expand: count/{n}.txt
        n: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
  piece:
    output: piece/{n}.txt
    shell: >-
      for k in 1 2 3; do echo "line $k" >> {output}; sleep 0.05; done;
      ( sleep 0.05; echo "line 4" >> {output} ) & wait;
      echo "line 5" | cat >> {output}
  count:
    input: piece/{n}.txt
    output: count/{n}.txt
    shell: "sleep 0.05; wc -l < {input} > {output}"
EOF2
expected=$(printf 'line %d\n' 1 2 3 4 5)
signals=(KILL TERM INT HUP)

# stopped_run: starts flow, sends a random signal after 0-1 s, waits for flow to end.
stopped_run() {
  local signal=${signals[RANDOM % 4]} delay
  delay=$(printf '0.%03d' $((RANDOM % 1000)))
  "$FLOW" -c 4 >>runs.log 2>&1 &
  local pid=$!
  sleep "$delay"
  kill -s "$signal" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$signal@${delay}s"
}

bad_outputs=0 bad_trials=0
for ((trial = 1; trial <= trials; trial++)); do
  rm -rf piece count .flow runs.log
  how=$(stopped_run)
  if ((RANDOM % 3 == 0)); then how+=" $(stopped_run)"; fi
  if ! timeout -k 5 120 "$FLOW" -c 4 >>runs.log 2>&1; then
    echo "trial $trial ($how): the finishing run failed:" >&2
    tail -n 20 runs.log >&2
    bad_trials=$((bad_trials + 1))
    continue
  fi
  wrong=0
  for n in {1..12}; do
    [[ "$(cat "piece/$n.txt" 2>/dev/null)" == "$expected" ]] ||
      { wrong=$((wrong + 1)); echo "trial $trial ($how): piece/$n.txt is not whole: $(tr '\n' '|' <"piece/$n.txt")" >&2; }
    [[ "$(tr -d ' ' <"count/$n.txt" 2>/dev/null)" == 5 ]] ||
      { wrong=$((wrong + 1)); echo "trial $trial ($how): count/$n.txt holds $(cat "count/$n.txt")" >&2; }
  done
  plan=$("$FLOW" -n 2>&1) || true
  [[ "$plan" == *"nothing to be done"* ]] ||
    { wrong=$((wrong + 1)); echo "trial $trial ($how): the next flow -n plans work: $plan" >&2; }
  bad_outputs=$((bad_outputs + wrong))
  ((wrong == 0)) || bad_trials=$((bad_trials + 1))
done
printf 'random kills: %d trials (seed %d), %s\n' "$trials" "$seed" "$FLOW"
printf '  wrong outputs %d, trials with a fault %d\n' "$bad_outputs" "$bad_trials"
((bad_outputs == 0 && bad_trials == 0))
