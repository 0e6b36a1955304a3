#!/usr/bin/env bash
# Checks that the four forms gen_workflow.py writes are equivalent: for each shape (small
# sizes), runs make, ninja, Snakemake (if installed) and flow (if its binary runs workflows) in
# separate copies of the generated directory and compares the files each produced under out/
# (names and contents). Also checks each tool's dry run of the built tree is a no-op.
#
# Usage: bench/check_equivalence.sh [--flow PATH] [--no-snakemake] [--keep]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

use_snakemake=1
keep=0
while (($#)); do
  case "$1" in
    --flow) FLOW="$2"; shift 2 ;;
    --no-snakemake) use_snakemake=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) die "unknown option: $1" ;;
  esac
done

make_workdir check
if ((keep)); then trap 'echo "kept $WORK" >&2' EXIT; fi

tools=(make ninja)
if ((use_snakemake)) && command -v snakemake >/dev/null; then tools+=(snakemake); fi
if flow_usable; then tools+=(flow); else note "flow: skipped ($FLOW_REASON)"; fi

# run_tool TOOL DIR: build everything in DIR with TOOL (2 parallel jobs), quietly.
run_tool() {
  local tool="$1" dir="$2"
  case "$tool" in
    make) (cd "$dir" && make -j2 >/dev/null) ;;
    ninja) (cd "$dir" && ninja -j2 >/dev/null) ;;
    snakemake) (cd "$dir" && snakemake -c2 -q >/dev/null 2>"$dir/.snakemake.err") \
      || { cat "$dir/.snakemake.err" >&2; return 1; } ;;
    flow) (cd "$dir" && "$FLOW" -c 2 >/dev/null) ;;
  esac
}

# dry_run_is_noop TOOL DIR: succeeds if TOOL finds nothing to do in the built DIR.
dry_run_is_noop() {
  local tool="$1" dir="$2" out
  case "$tool" in
    make) out="$(cd "$dir" && make -n 2>&1)" ;;
    ninja) out="$(cd "$dir" && ninja -n 2>&1)" ;;
    snakemake) out="$(cd "$dir" && snakemake -n 2>&1)" ;;
    flow) out="$(cd "$dir" && "$FLOW" --dry-run 2>&1)" ;;
  esac
  # make, Snakemake and flow say "nothing to be done", ninja "no work to do".
  [[ "${out,,}" == *"nothing to be done"* || "$out" == *"no work to do"* ]] \
    || { echo "$out" | tail -5 >&2; return 1; }
}

# snapshot DIR: one line per produced file: path and checksum.
snapshot() { (cd "$1" && find out -type f -print0 | sort -z | xargs -0 md5sum); }

failures=0
check_case() {
  local label="$1"; shift
  local src="$WORK/$label/src"
  generate_workflow --out "$src" "$@"
  local reference=""
  for tool in "${tools[@]}"; do
    local dir="$WORK/$label/$tool"
    cp -r "$src" "$dir"
    if ! run_tool "$tool" "$dir"; then
      echo "FAIL $label: $tool failed"; failures=$((failures + 1)); continue
    fi
    snapshot "$dir" >"$dir.files"
    if [[ -z "$reference" ]]; then
      reference="$tool"
    elif ! diff -q "$WORK/$label/$reference.files" "$dir.files" >/dev/null; then
      echo "FAIL $label: $tool produced different files than $reference"
      diff "$WORK/$label/$reference.files" "$dir.files" | head -5 || true
      failures=$((failures + 1)); continue
    fi
    if ! dry_run_is_noop "$tool" "$dir"; then
      echo "FAIL $label: $tool still has work to do after a full run"
      failures=$((failures + 1)); continue
    fi
    echo "ok   $label: $tool ($(wc -l <"$dir.files") files)"
  done
}

check_case fanout --shape fanout --jobs 50
check_case fanout-touch --shape fanout --jobs 20 --command touch
check_case chain --shape chain --jobs 40
check_case layered --shape layered --jobs 60 --layers 4 --fanin 3
check_case butterfly --shape layered --layered-style butterfly --jobs 36 --layers 4 --fanin 3

if ((failures)); then die "$failures check(s) failed"; fi
echo "all forms equivalent for: ${tools[*]}"
