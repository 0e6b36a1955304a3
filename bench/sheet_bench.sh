#!/usr/bin/env bash
# Lookups against literal paths (issue 11's target): a sample sheet of N rows and a rule with
# five lookups per job ({tables.samples[sample].COLUMN} in three inputs and two params) over
# N x CHUNKS jobs, planned with `flow --dry-run`, against the same workflow written with
# literal wildcard paths (the sheet's cells follow the patterns the literal form spells out,
# and its samples are a config list). Both plan the same jobs from the same existing files;
# the difference is reading the sheet and resolving the lookups.
# Reports the best of --repeat runs (wall, CPU, peak RSS) for each form and the ratio.
# Target: lookups within 1.3x of literal paths (10,000 rows, 100,000 jobs).
#
# Usage: bench/sheet_bench.sh [--rows 10000] [--chunks 10] [--repeat 3] [--flow PATH] [--keep]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

rows=10000
chunks=10
repeat=3
keep=0
while (($#)); do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --chunks) chunks="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --flow) FLOW="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done

ensure_command /usr/bin/time time
flow_probe dry-run || die "$FLOW_REASON"
make_workdir sheet
if ((keep)); then trap 'echo "kept $WORK" >&2' EXIT; fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

# The inputs both forms read: two read files per sample and one reference.
mkdir -p "$WORK/data" "$WORK/refs"
(
  cd "$WORK/data"
  seq -f 's%05g' 0 $((rows - 1)) | sed 's/$/_R1.fq/' | xargs touch
  seq -f 's%05g' 0 $((rows - 1)) | sed 's/$/_R2.fq/' | xargs touch
)
touch "$WORK/refs/genome.fa"

lookups="$WORK/lookups" literal="$WORK/literal"
mkdir -p "$lookups" "$literal"
ln -s ../data ../refs "$lookups/"
ln -s ../data ../refs "$literal/"

{
  printf 'sample\tr1\tr2\tref\trg\tlib\n'
  seq -f 's%05g' 0 $((rows - 1)) \
    | awk '{ printf "%s\tdata/%s_R1.fq\tdata/%s_R2.fq\trefs/genome.fa\tID:%s\tlib_%s\n", $1, $1, $1, $1, $1 }'
} >"$lookups/samples.tsv"

cat >"$lookups/flow.yaml" <<EOF
tables:
  samples: samples.tsv
rules:
  all:
    input:
      - expand: "out/{sample}/{chunk}.txt"
        sample: tables.samples.sample
        chunk: {range: [0, $chunks]}
  work:
    input:
      r1: "{tables.samples[sample].r1}"
      r2: "{tables.samples[sample].r2}"
      ref: "{tables.samples[sample].ref}"
    output: "out/{sample}/{chunk}.txt"
    params:
      rg: "{tables.samples[sample].rg}"
      lib: "{tables.samples[sample].lib}"
    shell: "echo {params.rg} {params.lib} | cat - {input} > {output}"
EOF

{
  echo "config:"
  echo "  samples:"
  seq -f '    - s%05g' 0 $((rows - 1))
  cat <<EOF
rules:
  all:
    input:
      - expand: "out/{sample}/{chunk}.txt"
        sample: config.samples
        chunk: {range: [0, $chunks]}
  work:
    input:
      r1: "data/{sample}_R1.fq"
      r2: "data/{sample}_R2.fq"
      ref: "refs/genome.fa"
    output: "out/{sample}/{chunk}.txt"
    params:
      rg: "ID:{wildcards.sample}"
      lib: "lib_{wildcards.sample}"
    shell: "echo {params.rg} {params.lib} | cat - {input} > {output}"
EOF
} >"$literal/flow.yaml"

# Both forms must plan the same jobs with the same commands, or the comparison means nothing.
(cd "$lookups" && "$FLOW" --dry-run >"$WORK/lookups.plan" 2>&1) || die "lookups: $(tail -5 "$WORK/lookups.plan")"
(cd "$literal" && "$FLOW" --dry-run >"$WORK/literal.plan" 2>&1) || die "literal: $(tail -5 "$WORK/literal.plan")"
cmp -s "$WORK/lookups.plan" "$WORK/literal.plan" \
  || die "the two forms plan differently: diff $WORK/lookups.plan $WORK/literal.plan (--keep)"
jobs="$(grep -c '^rule work' "$WORK/lookups.plan" || true)"
((jobs == rows * chunks)) || die "expected $((rows * chunks)) work jobs, the plan has $jobs"

noop() { :; }
declare -A wall
printf '%-8s %8s %9s %8s %9s %9s\n' form jobs wall_s cpu_s rss_mb us/job
for form in literal lookups; do
  cd "$WORK/$form"
  best_of "$repeat" noop "$WORK/$form.log" "$FLOW" --dry-run
  cd "$WORK"
  wall[$form]="$T_WALL"
  printf '%-8s %8d %9s %8s %9s %9s\n' "$form" "$jobs" "$T_WALL" "$T_CPU" "$T_RSS_MB" \
    "$(awk -v t="$T_WALL" -v n="$jobs" 'BEGIN { printf "%.1f", t * 1e6 / n }')"
done
ratio="$(calc "${wall[lookups]} / (${wall[literal]} > 0 ? ${wall[literal]} : 0.001)")"
echo
echo "target: $rows-row sheet, 5 lookups per job: within 1.3x of literal paths: ${ratio}x ->" \
  "$(verdict "$ratio <= 1.3")"
