#!/usr/bin/env bash
# Checks that each module uses only the modules the layering table allows
# (docs/architecture.md). In src/<module>/ and include/flow/<module>/ it checks
#   - every `#include "flow/<other>/..."` (a public header of another module),
#   - every `#include "<other>/..."` (a private header, src-relative): a module's private
#     headers are its own, so no other module may include them, allowed or not,
#   - every `<other>::` qualifier, `using namespace <other>` and namespace alias in the code
#     (comments and string literals are skipped): a type reached through an allowed header
#     (`rules::Rule` through dag.h) is still a use of the module that defines it.
# Known violations that are being removed are listed in `exceptions` below, each with its
# reason; the check says when one is no longer needed, so that the list only shrinks.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
  [base]="base"
  [sys]="base sys"
  [pattern]="base pattern"
  [flowfile]="base sys flowfile"
  [rules]="base pattern flowfile rules"
  [dag]="base sys pattern rules dag"
  [state]="base sys state"
  [plan]="base sys rules dag state plan"
  [exec]="base sys exec"
  [run]="base sys pattern rules dag state plan exec run"
  [builtins]="base sys builtins"
  [report]="base sys rules dag plan state run exec report"
  [cli]="base sys pattern flowfile rules dag state plan exec run builtins report cli"
)

# "FILE SYMBOL" (such as "src/run/job_start.cpp rules::Rule"): a use that breaks the table,
# accepted while it is being removed. Give each its reason; empty today.
exceptions=()

modules="${!allowed[*]}"
files=()
for module in $modules; do
  for dir in "src/$module" "include/flow/$module"; do
    [[ -d "$dir" ]] && while IFS= read -r f; do files+=("$f"); done < <(find "$dir" -name '*.h' -o -name '*.cpp' | sort)
  done
done

# One pass over every file: prints "FILE LINE KIND MODULE SYMBOL" for each use of a module,
# KIND being public (include "flow/M/..."), private (include "M/..."), or name (M::, using
# namespace M, namespace X = M).
uses() {
  awk -v modules="$modules" '
    BEGIN { n = split(modules, list, " "); for (i = 1; i <= n; i++) is_module[list[i]] = 1 }
    FNR == 1 { in_comment = 0 }
    /^#include "/ {
      path = $0; sub(/^#include "/, "", path); sub(/".*/, "", path)
      split(path, part, "/")
      if (part[1] == "flow" && (part[2] in is_module)) print FILENAME, FNR, "public", part[2], path
      else if (part[1] in is_module) print FILENAME, FNR, "private", part[1], path
      next
    }
    {
      line = $0; code = ""
      # Drop comments and the contents of string and character literals.
      while (line != "") {
        if (in_comment) {
          end = index(line, "*/"); if (!end) { line = ""; break }
          line = substr(line, end + 2); in_comment = 0; continue
        }
        if (match(line, /\/\/|\/\*|"|'\''/) == 0) { code = code line; break }
        code = code substr(line, 1, RSTART - 1); token = substr(line, RSTART, RLENGTH)
        line = substr(line, RSTART + RLENGTH)
        if (token == "//") break
        if (token == "/*") { in_comment = 1; continue }
        # a literal: skip to its unescaped closing quote
        while (line != "" && substr(line, 1, 1) != token) {
          line = substr(line, (substr(line, 1, 1) == "\\") ? 3 : 2)
        }
        line = substr(line, 2); code = code token token
      }
      rest = " " code
      while (match(rest, /[^A-Za-z0-9_][a-z_]+::/)) {
        name = substr(rest, RSTART + 1, RLENGTH - 3); rest = substr(rest, RSTART + RLENGTH - 1)
        if (!(name in is_module)) continue
        symbol = rest; sub(/^:/, "", symbol)
        if (match(symbol, /^[A-Za-z_][A-Za-z0-9_]*/)) symbol = substr(symbol, 1, RLENGTH)
        else symbol = ""
        print FILENAME, FNR, "name", name, name "::" symbol
      }
      rest = code
      while (match(rest, /using namespace (flow::)?[a-z_]+|namespace [A-Za-z_]+ = (flow::)?[a-z_]+/)) {
        use = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
        name = use; sub(/.*[ :]/, "", name)
        if (name in is_module) print FILENAME, FNR, "name", name, use
      }
    }' "$@"
}


declare -A excepted=() used_exception=()
for e in ${exceptions[@]+"${exceptions[@]}"}; do excepted[$e]=1; done

bad=0
while read -r file line kind used symbol; do
  module=${file#src/}
  module=${module#include/flow/}
  module=${module%%/*}
  [[ "$used" == "$module" ]] && continue
  case $kind in
    private)
      echo "layering: $file:$line: module '$module' includes $symbol, a private header of" \
        "'$used' (use its public headers in include/flow/$used/)" >&2
      bad=1 ;;
    public | name)
      [[ " ${allowed[$module]} " == *" $used "* ]] && continue
      if [[ $kind == name ]]; then
        key="$file $symbol"
        if [[ -n "${excepted[$key]:-}" ]]; then used_exception[$key]=1; continue; fi
        echo "layering: $file:$line: module '$module' may not use '$used' ($symbol)" >&2
      else
        echo "layering: $file:$line: module '$module' may not include flow/$used" >&2
      fi
      bad=1 ;;
  esac
done < <(uses "${files[@]}")

for e in ${exceptions[@]+"${exceptions[@]}"}; do
  [[ -n "${used_exception[$e]:-}" ]] ||
    echo "layering: note: the exception '$e' is no longer needed; remove it from $0" >&2
done
((bad == 0)) && echo "layering: ok (${#exceptions[@]} known exceptions)"
exit $bad
