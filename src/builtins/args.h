#pragma once
// Typed access to the arguments of a checked invocation (see step.h: run_builtin has already
// checked types and filled in defaults, so these only convert).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/builtin_protocol.h"
#include "flow/base/result.h"

namespace flow::builtins {

/// The value of argument `name` as written ("" when absent, which a checked invocation never
/// is for a declared argument).
const std::string& arg_text(const BuiltinInvocation& invocation, const std::string& name);

/// Argument `name` as an integer within [min, max]; the error names the argument, the value
/// and the range.
Result<std::int64_t> arg_int(const BuiltinInvocation& invocation, const std::string& name,
                             std::int64_t min, std::int64_t max);

/// Argument `name` as a number within [min, max].
Result<double> arg_number(const BuiltinInvocation& invocation, const std::string& name, double min,
                          double max);

/// Argument `name` as a boolean ("true" or "false").
bool arg_bool(const BuiltinInvocation& invocation, const std::string& name);

/// Splits a comma-separated list argument, trimming spaces and dropping empty items.
std::vector<std::string> arg_list(const BuiltinInvocation& invocation, const std::string& name);

/// An error about argument `name` (ErrorKind::usage, so `flow builtin` exits 2).
Error arg_error(const std::string& name, std::string_view message);

}  // namespace flow::builtins
