#pragma once
// Shell completion (`flow --completion bash|zsh|fish`): flags from the option table, and rule
// names and target files from the workflow in the current directory, which the scripts get
// from the hidden `flow --completion-words`.

#include <ostream>
#include <string>
#include <vector>

#include "cli/options.h"
#include "flow/sys/filesystem.h"

namespace flow::cli {

/// The completion script for `shell` ("bash", "zsh" or "fish") listing `options`.
std::string completion_script(const std::string& shell, const std::vector<OptionInfo>& options);

/// `--completion-words`: the rule names that can be targets (no wildcards), then the outputs of
/// the jobs the default target (or the given targets) needs, one a line. Prints nothing when the
/// workflow does not load: completion must never print errors. Returns 0.
int write_completion_words(const Options& options, sys::Filesystem& fs, std::ostream& out);

}  // namespace flow::cli
