#!/usr/bin/env bash
# Planning speed: how long each tool takes to decide what to run, without running anything.
# For N in the sizes (default 1000 10000 100000) generates the fanout workflow (one wildcard
# rule over N files plus an aggregate over a config list) and times a dry run of each tool:
#   flow --dry-run     (stdout to /dev/null)
#   make -n            ninja -n            snakemake -n (opt-in: --with-snakemake, slow)
# Reports the best of --repeat runs: wall seconds, peak RSS (MB), and the time ratio between
# consecutive sizes (10x jobs should cost at most 11x time). flow is timed twice: `flow`
# prints every job (to /dev/null, like make -n and ninja -n), `flow-q` adds -q (the job
# counts only, like snakemake -n --quiet). Targets, checked for both: 100k-job dry run < 1 s
# and < 200 MB; ratio <= 11.
#
# Usage: bench/plan_bench.sh [--sizes "1000 10000 100000"] [--repeat 3] [--shape fanout]
#                            [--with-snakemake] [--snakemake-max N] [--tools "flow make ninja"]
#                            [--gen "MORE gen_workflow.py OPTIONS"] [--flow PATH] [--keep]
# (--shape chain: keep sizes small for make, whose dry run is quadratic on deep chains. The
# targets are checked for the fanout shape only.)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

sizes="1000 10000 100000"
repeat=3
shape=fanout
with_snakemake=0
snakemake_max=100000
keep=0
only=""
gen_args=""
while (($#)); do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --shape) shape="$2"; shift 2 ;;
    --with-snakemake) with_snakemake=1; shift ;;
    --snakemake-max) snakemake_max="$2"; shift 2 ;;
    --tools) only="$2"; shift 2 ;;
    --gen) gen_args="$2"; shift 2 ;;
    --flow) FLOW="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done

ensure_command /usr/bin/time time
ensure_command make make
ensure_command ninja ninja-build
tools=(make ninja)
if ((with_snakemake)); then ensure_command snakemake snakemake; tools+=(snakemake); fi
if flow_probe dry-run; then tools=(flow flow-q "${tools[@]}"); else note "flow: skipped ($FLOW_REASON)"; fi
if [[ -n "$only" ]]; then
  selected=()
  for tool in "${tools[@]}"; do
    if [[ " $only " == *" ${tool%-q} "* ]]; then selected+=("$tool"); fi
  done
  tools=("${selected[@]}")
  ((${#tools[@]})) || die "none of the tools in --tools '$only' is available"
fi

make_workdir plan
if ((keep)); then trap 'echo "kept $WORK" >&2' EXIT; fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

# dry_run_cmd TOOL: sets CMD to the dry-run command line of TOOL (run in the workflow dir).
dry_run_cmd() {
  case "$1" in
    flow) CMD=("$FLOW" --dry-run) ;;
    flow-q) CMD=("$FLOW" --dry-run -q) ;;
    make) CMD=(make -n) ;;
    ninja) CMD=(ninja -n) ;;
    snakemake) CMD=(snakemake -n --quiet) ;;
  esac
}
noop() { :; }

declare -A wall rss
failed=0
printf '%-10s %8s %9s %8s %9s %9s %7s\n' tool jobs wall_s cpu_s rss_mb us/job ratio
for n in $sizes; do
  dir="$WORK/$shape-$n"
  # shellcheck disable=SC2086  # --gen holds several options
  generate_workflow --shape "$shape" --jobs "$n" --out "$dir" $gen_args
  jobs="$GEN_JOBS"
  for tool in "${tools[@]}"; do
    if [[ "$tool" == snakemake ]] && ((n > snakemake_max)); then continue; fi
    cd "$dir"
    dry_run_cmd "$tool"
    if ! best_of "$repeat" noop "$WORK/$tool-$n.log" "${CMD[@]}"; then
      # A tool that fails (Snakemake's recursion limit, ninja's stack on deep chains) is a
      # result too: report it and go on with the others.
      cd "$WORK"
      printf '%-10s %8d %9s\n' "$tool" "$jobs" FAILED
      failed=1
      continue
    fi
    cd "$WORK"
    wall[$tool,$n]="$T_WALL"; rss[$tool,$n]="$T_RSS_MB"
    ratio="-"
    if [[ -n "${prev:-}" && -n "${wall[$tool,$prev]:-}" ]]; then
      ratio="$(awk -v a="${wall[$tool,$n]}" -v b="${wall[$tool,$prev]}" \
        'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.001) }')"
    fi
    printf '%-10s %8d %9s %8s %9s %9s %7s\n' "$tool" "$jobs" "$T_WALL" "$T_CPU" "$T_RSS_MB" \
      "$(awk -v t="$T_WALL" -v n="$jobs" 'BEGIN { printf "%.1f", t * 1e6 / n }')" "$ratio"
  done
  rm -rf "$dir"
  prev="$n"
done

# Targets (spec'd for flow; checked for flow only, the others are references).
if [[ " ${tools[*]} " == *" flow "* && "$shape" == fanout ]]; then
  echo
  largest="${sizes##* }"
  for tool in flow flow-q; do
    w="${wall[$tool,$largest]}" r="${rss[$tool,$largest]}"
    if ((largest >= 100000)); then
      echo "target ($tool): $largest-job dry run < 1 s: ${w} s -> $(verdict "$w < 1")"
      echo "target ($tool): $largest-job dry run < 200 MB: ${r} MB -> $(verdict "$r < 200")"
    fi
    p=""
    for n in $sizes; do
      if [[ -n "$p" ]]; then
        factor="$(awk -v a="$n" -v b="$p" 'BEGIN { printf "%g", a / b }')"
        limit="$(awk -v f="$factor" 'BEGIN { printf "%g", f * 1.1 }')"
        ratio="$(calc "${wall[$tool,$n]} / (${wall[$tool,$p]} > 0 ? ${wall[$tool,$p]} : 0.001)")"
        echo "target ($tool): ${factor}x jobs ($p -> $n) at most ${limit}x time: ${ratio}x ->" \
          "$(verdict "$ratio <= $limit")"
      fi
      p="$n"
    done
  done
fi
if ((failed)); then die "some dry runs failed (see above)"; fi
