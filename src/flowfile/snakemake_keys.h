#pragma once
// Snakemake rule and top-level keys that flow does not have, each with what to write
// instead, so that a translated Snakefile gets an answer rather than a bare "unknown key".

#include <optional>
#include <string_view>

namespace flow::flowfile {

struct SnakemakeKey {
  std::string_view key;
  std::string_view problem;  ///< what flow does not do, lower case, no final period
  std::string_view instead;  ///< what to write instead, one sentence, no final period
};

/// The hint for a Snakemake rule key (`run`, `wrapper`, `conda`...), or nullopt.
std::optional<SnakemakeKey> snakemake_rule_key(std::string_view key);

/// The hint for a Snakemake top-level directive (`workdir`, `onsuccess`...), or nullopt.
std::optional<SnakemakeKey> snakemake_top_level_key(std::string_view key);

}  // namespace flow::flowfile
