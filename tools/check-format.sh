#!/usr/bin/env bash
# Checks that every C++ file is formatted with clang-format (.clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "format: clang-format not installed; skipped"; exit 0; }
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find src include tests bench -name '*.cpp' -o -name '*.h')
bad=()
for file in "${files[@]}"; do
  clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || bad+=("$file")
done
if ((${#bad[@]})); then
  echo "format: not clang-formatted (run clang-format -i): ${bad[*]}" >&2
  exit 1
fi
echo "format: ok (${#files[@]} files)"
