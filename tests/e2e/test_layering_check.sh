#!/usr/bin/env bash
# tools/check-layering.sh on a small tree of its own: it must catch includes of modules not
# allowed, private headers of other modules, and `module::` names reached through allowed
# headers, while ignoring comments and strings and accepting its listed exceptions.
source "$(dirname "$0")/lib.sh"
start_test layering-check

mkdir -p tools src/pattern src/report
cp "$FLOW_SOURCE_DIR/tools/check-layering.sh" tools/
# Two exceptions of our own: one used, one no longer needed.
grep -q '^exceptions=(' tools/check-layering.sh || fail "the script has no exceptions list"
sed -i 's|^exceptions=(|exceptions=("src/pattern/excused.cpp dag::Dag" "src/pattern/gone.cpp dag::Job" |' \
  tools/check-layering.sh

# check: runs the copied script, expects STATUS; $out and $err hold its output.
check() {
  set +e
  tools/check-layering.sh >"$work/.stdout" 2>"$work/.stderr"
  status=$?
  set -e
  out=$(cat "$work/.stdout")
  err=$(cat "$work/.stderr")
  [[ $status == "$1" ]] || fail "check-layering exited $status, expected $1"
}

cat >src/pattern/probe.cpp <<'CPP'
#include "dag/builder.h"
#include "flow/rules/rule.h"
#include "pattern/own_private.h"
// rules::Rule in a comment is not a use
/* nor rules::RuleSet
   in a block comment */
const char* s = "rules::Rule in a string";
char c = '"'; int x = rules::thing + flow::dag::Job{};
using namespace flow::state;
namespace st = exec;
CPP
cat >src/pattern/excused.cpp <<'CPP'
const dag::Dag* dag = nullptr;  // listed as an exception
CPP
cat >src/report/ok.cpp <<'CPP'
#include "flow/run/runner.h"
void f(run::RunObserver&, plan::Plan&);
CPP

check 1
[[ "$err" == *"layering: src/pattern/probe.cpp:1: module 'pattern' includes dag/builder.h, a private header of 'dag' (use its public headers in include/flow/dag/)"* ]] ||
  fail "private include not reported"
for line in \
  "layering: src/pattern/probe.cpp:2: module 'pattern' may not include flow/rules" \
  "layering: src/pattern/probe.cpp:8: module 'pattern' may not use 'rules' (rules::thing)" \
  "layering: src/pattern/probe.cpp:8: module 'pattern' may not use 'dag' (dag::Job)" \
  "layering: src/pattern/probe.cpp:9: module 'pattern' may not use 'state' (using namespace flow::state)" \
  "layering: src/pattern/probe.cpp:10: module 'pattern' may not use 'exec' (namespace st = exec)"; do
  [[ "$err" == *"$line"* ]] || fail "missing: $line"
done
violations=$(grep -v "layering: note:" <<<"$err")
[[ $(wc -l <<<"$violations") == 6 ]] ||
  fail "expected 6 violations (not comments, strings, own headers, exceptions)"
[[ "$violations" != *"excused"* && "$violations" != *"ok.cpp"* ]] || fail "an allowed use was reported"
[[ "$err" == *"layering: note: the exception 'src/pattern/gone.cpp dag::Job' is no longer needed"* ]] ||
  fail "an unused exception was not noted"
[[ "$err" != *"the exception 'src/pattern/excused.cpp dag::Dag' is no longer needed"* ]] ||
  fail "a used exception was noted as unused"

rm src/pattern/probe.cpp
check 0
[[ "$out" == "layering: ok ("*" known exceptions)" ]] || fail "unexpected output: $out"
echo "PASS"
