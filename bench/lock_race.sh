#!/usr/bin/env bash
# Lock races (issue 14 §2): several flows started at the same instant in one directory, on a
# fresh directory and on one holding a stale lock (its flow died). A flow holds the lock while
# its job runs; the job notices when another flow's job runs at the same time (which only two
# flows both believing they hold the lock can cause). Prints the trials and the overlaps; exits 1
# when any trial had two flows inside.
#
#   bench/lock_race.sh [--trials N] [--flows K] [--seed S] [--flow PATH] [--keep]
#
# The seed fixes the order of fresh and stale trials and the start jitter (0-2 ms per flow).
# 250 trials of 4 flows take about two minutes; CI runs a short version (e2e.safety_campaigns).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

trials=250 flows=4 seed=14 keep=0
while (($#)); do
  case "$1" in
    --trials) trials=$2; shift 2 ;;
    --flows) flows=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --flow) FLOW=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) die "unknown option $1 (see the header of $0)" ;;
  esac
done
[[ -x "$FLOW" ]] || die "no flow binary at $FLOW"
make_workdir lock-race
((keep)) && trap - EXIT && note "keeping $WORK"
RANDOM=$seed

# The job: inside.d exists while a job runs; finding it already there means two flows run.
cat >"$WORK/flow.yaml" <<'EOF2'
rules:
  job:
    output: out.txt
    shell: "if mkdir inside.d 2>/dev/null; then sleep 0.3; rmdir inside.d; else echo overlap >> overlap.log; sleep 0.3; fi; echo done > {output}"
EOF2

fresh=0 stale=0 fresh_bad=0 stale_bad=0 ran=0 refused=0
for ((t = 0; t < trials; t++)); do
  dir="$WORK/t$t"
  mkdir -p "$dir"
  cp "$WORK/flow.yaml" "$dir/"
  kind=fresh
  if ((RANDOM % 2)); then
    kind=stale
    sleep 0 & dead=$!
    wait $dead
    mkdir -p "$dir/.flow"
    echo "$dead $(uname -n)" >"$dir/.flow/lock"
  fi
  pids=()
  for ((k = 0; k < flows; k++)); do
    jitter=$(printf '0.%04d' $((RANDOM % 20)))
    (sleep "$jitter"; cd "$dir" && exec "$FLOW" -F -q >"flow.$k.log" 2>&1) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    if wait "$pid"; then ran=$((ran + 1)); else refused=$((refused + 1)); fi
  done
  if [[ $kind == fresh ]]; then fresh=$((fresh + 1)); else stale=$((stale + 1)); fi
  if [[ -e "$dir/overlap.log" ]]; then
    if [[ $kind == fresh ]]; then fresh_bad=$((fresh_bad + 1)); else stale_bad=$((stale_bad + 1)); fi
  fi
  ((keep)) || rm -rf "$dir"
done

printf 'lock races: %d trials of %d flows started at once (seed %d), %s\n' "$trials" "$flows" \
  "$seed" "$FLOW"
printf '  fresh directory: %d trials, %d with two flows running at once\n' "$fresh" "$fresh_bad"
printf '  stale lock:      %d trials, %d with two flows running at once\n' "$stale" "$stale_bad"
printf '  flows that ran: %d, refused: %d\n' "$ran" "$refused"
((fresh_bad + stale_bad == 0))
