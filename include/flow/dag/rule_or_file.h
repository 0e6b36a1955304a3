#pragma once
// The RULE-or-FILE words of -R/--forcerun, --until and --omit-from: one reading of them, so
// that the three options agree on what a word names, how a path is written and what it is
// when it names nothing.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/ids.h"
#include "flow/base/result.h"
#include "flow/rules/rule_set.h"

namespace flow::dag {

class Dag;

/// "./a//b" -> "a/b": how a user may name a file that a rule writes as "a/b" (targets and
/// RULE-or-FILE words alike). A lone "./" is kept.
std::string normalize_path(std::string_view text);

/// How to find jobs among the ones an option picks from (the DAG being built, or built).
struct JobLookup {
  /// The jobs of a rule, in any order.
  std::function<std::vector<std::uint32_t>(RuleId)> jobs_of_rule;
  /// The job that makes the file at a normalised path; nullopt for a source or unknown file.
  std::function<std::optional<std::uint32_t>(const std::string& path)> producer_of;
};

/// The jobs `word` names: every job of the rule of that name (a rule wins over a file of the
/// same name, as for targets), else the job making the file at that path. A word that names
/// no job is a usage error (exit 2), word for word:
///   "--until 'x': no rule or file of this run's DAG has that name" (+ "did you mean")
///   "--until 'r': rule 'r' has no job in this run's DAG"
/// `option` is the option as the user wrote it ("--forcerun", "--until", "--omit-from").
Result<std::vector<std::uint32_t>> match_rule_or_file(const rules::RuleSet& rules,
                                                      std::string_view option,
                                                      std::string_view word,
                                                      const JobLookup& lookup);

/// The same on a built DAG (indices of its jobs).
Result<std::vector<std::uint32_t>> match_rule_or_file(const Dag& dag, std::string_view option,
                                                      std::string_view word);

}  // namespace flow::dag
