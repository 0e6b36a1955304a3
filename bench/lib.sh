# shellcheck shell=bash disable=SC2034,SC2154  # sourced: the caller sets `here`, reads the rest
# Shared helpers of the bench/ scripts (sourced, not run). Requires bash 5 ($EPOCHREALTIME).
# Callers set `set -euo pipefail` and `here` (the bench directory) before sourcing.

export LC_ALL=C  # $EPOCHREALTIME and printf must agree on the decimal point
unset MAKEFLAGS MFLAGS MAKELEVEL  # a benchmark started from make must not inherit its flags

REPO="$(cd "$here/.." && pwd)"
FLOW="${FLOW:-$REPO/build/flow}"
FLOW_REASON=""

die() { echo "error: $*" >&2; exit 1; }
note() { echo "note: $*" >&2; }

# make_workdir NAME: sets WORK to a fresh directory under /tmp, removed on exit.
make_workdir() {
  WORK="$(mktemp -d "/tmp/flow-bench-$1.XXXXXX")"
  # shellcheck disable=SC2064  # expand WORK now: it is the directory to remove
  trap "rm -rf '$WORK'" EXIT
}

# ensure_command CMD PACKAGE: installs the Debian PACKAGE when CMD is missing (root only).
ensure_command() {
  local cmd="$1" pkg="$2"
  if command -v "$cmd" >/dev/null 2>&1 || [[ -x "$cmd" ]]; then return 0; fi
  ((EUID == 0)) || die "$cmd is missing: install the Debian package '$pkg' (apt-get install $pkg)"
  note "installing $pkg (for $cmd)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null; } \
    || die "could not install $pkg"
}

# generate_workflow ARGS...: runs gen_workflow.py quietly, showing its messages only if it
# fails; sets GEN_JOBS to the number of jobs it wrote (butterfly rounds the width).
generate_workflow() {
  local out
  out="$(python3 "$here/gen_workflow.py" "$@" 2>&1)" || die "gen_workflow.py $*: $out"
  GEN_JOBS="$(echo "$out" | sed -n 's/^gen_workflow: [a-z]*: \([0-9]*\) jobs.*/\1/p')"
  [[ -n "$GEN_JOBS" ]] || die "gen_workflow.py $*: unexpected summary: $out"
}

# flow_probe MODE: succeeds if $FLOW can do MODE ("dry-run" or "run") on a tiny generated
# workflow; otherwise sets FLOW_REASON. A binary that exits 0 without doing the work (a stub)
# does not count: a dry run must name the rule, a run must produce the files.
flow_probe() {
  local mode="$1" dir
  if [[ ! -x "$FLOW" ]]; then FLOW_REASON="no binary at $FLOW"; return 1; fi
  dir="$(mktemp -d /tmp/flow-bench-probe.XXXXXX)"
  generate_workflow --shape fanout --jobs 3 --out "$dir"
  local ok=1 out=""
  if [[ "$mode" == dry-run ]]; then
    out="$(cd "$dir" && "$FLOW" --dry-run 2>&1)" && [[ "$out" == *copy* ]] && ok=0
  else
    out="$(cd "$dir" && "$FLOW" -c 1 2>&1)" && [[ -f "$dir/out/2.txt" ]] && ok=0
  fi
  rm -rf "$dir"
  if ((ok)); then
    FLOW_REASON="$FLOW cannot $mode a 3-job workflow yet (said: $(echo "$out" | head -c 120 | tr '\n' ' '))"
  fi
  return "$ok"
}

flow_usable() { flow_probe run; }

# timed LOG CMD...: runs CMD (stdout to /dev/null, stderr to LOG) and sets T_WALL (seconds,
# from $EPOCHREALTIME, so sub-10 ms precise), T_CPU (user + system seconds of CMD and the
# children it waited for: less disturbed than T_WALL on a busy machine) and T_RSS_MB (peak
# RSS of the largest single process of the tree, from /usr/bin/time). Fails, showing the
# tail of LOG, if CMD fails.
timed() {
  local log="$1"; shift
  local tf="$log.time" start end
  start=$EPOCHREALTIME
  if ! /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >/dev/null 2>"$log"; then
    echo "error: command failed: $*" >&2
    tail -n 15 "$log" >&2
    grep -v '^[0-9.]* [0-9]* [0-9.]* [0-9.]*$' "$tf" >&2 || true  # "terminated by signal 11"
    return 1
  fi
  end=$EPOCHREALTIME
  T_WALL="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')"
  T_RSS_MB="$(tail -n 1 "$tf" | awk '{ printf "%.1f", $2 / 1024 }')"
  T_CPU="$(tail -n 1 "$tf" | awk '{ printf "%.2f", $3 + $4 }')"
}

# best_of N PREP LOG CMD...: runs PREP (a shell function or ':') then `timed LOG CMD` N times;
# keeps the fastest wall time (and that run's CPU time and RSS) in T_WALL / T_CPU / T_RSS_MB.
best_of() {
  local n="$1" prep="$2" log="$3"; shift 3
  local best="" best_rss="" best_cpu="" i
  for ((i = 0; i < n; i++)); do
    "$prep"
    timed "$log" "$@" || return 1
    if [[ -z "$best" ]] || awk -v a="$T_WALL" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best="$T_WALL"; best_rss="$T_RSS_MB"; best_cpu="$T_CPU"
    fi
  done
  T_WALL="$best"; T_RSS_MB="$best_rss"; T_CPU="$best_cpu"
}

# calc EXPR: floating-point arithmetic through awk, 3 decimals.
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }

# verdict COND: "met" or "NOT met" for an awk condition.
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "NOT met"; fi; }
