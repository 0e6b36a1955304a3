#pragma once
// Finds the rules that can make a path without trying every rule's pattern: patterns are
// indexed by their literal prefix (Snakemake's OutputIndex), then confirmed by matching.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "flow/base/ids.h"
#include "flow/pattern/pattern.h"
#include "flow/rules/rule.h"

namespace flow::rules {

/// A rule that can make a path, with the wildcard values that make it.
struct Candidate {
  RuleId rule;
  pattern::WildcardValues wildcards;
};

class OutputIndex {
 public:
  /// Indexes every output, log and benchmark pattern of `rules`.
  explicit OutputIndex(const std::vector<Rule>& rules);
  OutputIndex() = default;

  /// The rules with an output matching `path`, in rule order; for a rule with several
  /// matching outputs, the match with the shortest total wildcard text (as Snakemake picks).
  void find(std::string_view path, std::vector<Candidate>& out) const;

 private:
  struct Entry {
    RuleId rule;
    const pattern::Pattern* pattern;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  using Map = std::unordered_map<std::string, std::vector<Entry>, Hash, std::equal_to<>>;
  /// Patterns without wildcards, by their whole text: one lookup however many there are.
  Map m_exact;
  /// Patterns with wildcards, by their literal prefix.
  Map m_by_prefix;
  std::vector<std::size_t> m_prefix_lengths;  // distinct, ascending
  std::size_t m_rule_count = 0;
};

}  // namespace flow::rules
