#pragma once
// How a built-in step is described (for validation when a workflow loads) and invoked
// (`flow builtin NAME ...` in a child process). Shared by `rules`, `run` and `builtins`,
// which otherwise do not know each other.

#include <map>
#include <string>
#include <vector>

#include "flow/base/result.h"

namespace flow {

enum class ArgType { string, integer, number, boolean };

struct BuiltinArg {
  std::string name;
  ArgType type = ArgType::string;
  bool required = false;
  std::string default_value;  ///< used when not required and not given; "" means none
  /// When not empty, the only accepted values (checked after placeholders are filled).
  std::vector<std::string> choices;
  std::string help;
};

struct BuiltinSignature {
  std::string name;
  std::string summary;  ///< one line
  std::vector<BuiltinArg> args;
  /// How many input, output and log files the step accepts; -1 means no upper bound.
  int min_inputs = 0, max_inputs = -1;
  int min_outputs = 0, max_outputs = -1;
  std::string files_help;  ///< what the inputs and outputs must be, for --list-builtins
};

/// Checks one argument value (a string as written or rendered) against its type and choices.
/// The error message names the argument, the value and what was expected.
Result<void> check_builtin_arg(const BuiltinArg& arg, const std::string& value);

/// A file handed to a built-in, with its name when the rule's item was named.
struct NamedPath {
  std::string name;  ///< "" for positional items
  std::string path;
  friend bool operator==(const NamedPath&, const NamedPath&) = default;
};

/// Everything a built-in step receives.
struct BuiltinInvocation {
  std::string name;
  std::vector<NamedPath> inputs;
  std::vector<NamedPath> outputs;
  std::vector<std::string> logs;
  std::map<std::string, std::string> args;  ///< every declared arg, defaults filled in
  int threads = 1;
  friend bool operator==(const BuiltinInvocation&, const BuiltinInvocation&) = default;
};

/// The command line after the flow binary: {"builtin", NAME, "--in", "NAME=PATH", ...}.
/// Each file and argument is one argv element, so no quoting is ever needed.
std::vector<std::string> encode_builtin_args(const BuiltinInvocation& invocation);

/// The inverse of encode_builtin_args, given the words after "builtin".
Result<BuiltinInvocation> decode_builtin_args(const std::vector<std::string>& words);

}  // namespace flow
