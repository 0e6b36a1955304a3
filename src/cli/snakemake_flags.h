#pragma once
// Snakemake options that flow does not have, each with what to do instead, so that a
// Snakemake habit gets an answer rather than CLI11's "arguments were not expected".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/error.h"

namespace flow::cli {

struct SnakemakeFlag {
  std::string_view names;    ///< the option's spellings, separated by spaces
  std::string_view problem;  ///< what flow does not do, lower case ("flow does not ...")
  std::string_view instead;  ///< what to use instead, a sentence without final period
};

/// The whole table (tests check that no entry is an option flow has).
const std::vector<SnakemakeFlag>& snakemake_flags();

/// The entry for `option` ("--use-conda", "--use-conda=x" or "-D"), or nullptr.
const SnakemakeFlag* find_snakemake_flag(std::string_view option);

/// The usage error for `option` (an entry of the table).
Error snakemake_flag_error(std::string_view option, const SnakemakeFlag& flag);

}  // namespace flow::cli
