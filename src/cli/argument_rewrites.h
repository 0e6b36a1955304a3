#pragma once
// Options whose value is optional (`-c`, `-j`, `-q`), rewritten before CLI11 sees them:
// CLI11 would otherwise take the next target as their value.

#include <string>
#include <vector>

namespace flow::cli {

/// `-c`/`--cores` and `-j`/`--jobs` without a number (or `all`, `unlimited` for -j) get
/// `all`; `-q`/`--quiet` followed by `progress`, `rules` or `all` (several allowed, as in
/// Snakemake) becomes one `--quiet=WORD` per word, and `-q` alone `--quiet=all`. Words after
/// `--` are left alone.
std::vector<std::string> rewrite_optional_values(std::vector<std::string> args);

}  // namespace flow::cli
