#pragma once
// How a shell step is executed: directly when it has no shell syntax (as make does: a
// process spawn saved per job), else through bash in strict mode.

#include <optional>
#include <string>
#include <vector>

namespace flow::run {

/// The words of `command` when it can run without a shell with the same result as
/// `bash -c 'set -euo pipefail; COMMAND'`: only plain words of [A-Za-z0-9_./,:=+@%-]
/// separated by spaces, and a first word that is not a shell builtin, keyword or
/// assignment. nullopt when a shell is needed.
std::optional<std::vector<std::string>> split_simple_command(const std::string& command);

/// bash's argv for `command` in strict mode (spec §1).
std::vector<std::string> bash_argv(const std::string& command);

/// The text of a script file for a command too long for argv.
std::string bash_script(const std::string& command);

}  // namespace flow::run
