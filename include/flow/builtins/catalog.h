#pragma once
// The built-in steps compiled into flow (spec §1 "Built-in steps"). Each runs in a child
// process as `flow builtin NAME ...` (see flow/base/builtin_protocol.h), so executors run,
// measure, kill and retry it exactly like a shell step.

#include <span>
#include <string>
#include <vector>

#include "flow/base/builtin_protocol.h"
#include "flow/base/result.h"

namespace flow::builtins {

/// Every built-in's signature, sorted by name: for validation when a workflow loads and for
/// `flow --list-builtins`.
std::span<const BuiltinSignature> signatures();

/// Runs a built-in in this process: checks the invocation against its signature, then runs
/// the step. Outputs are written atomically (temporary file, then rename), so a failed or
/// killed step never leaves a partial output under its real name. The step may write
/// progress and statistics to the invocation's log (if any) and to stderr.
Result<void> run_builtin(const BuiltinInvocation& invocation);

/// `flow builtin NAME ...` entry point: `words` are the arguments after "builtin". Prints
/// errors as "flow builtin NAME: error: ..." on stderr; returns the process exit status
/// (0 success, 1 failure, 2 bad invocation).
int builtin_main(const std::vector<std::string>& words);

/// The text of `flow --list-builtins`: each step, its summary, files and arguments.
std::string describe_builtins();

}  // namespace flow::builtins
