#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/builtin_protocol.h"
#include "flow/base/result.h"
#include "flow/rules/lookup.h"
#include "flow/rules/output_index.h"
#include "flow/rules/rule.h"

namespace flow::flowfile {
struct Flowfile;  // rules are built from it; nothing that only reads rules needs its types
}  // namespace flow::flowfile

namespace flow::rules {

class RuleSet {
 public:
  const std::vector<Rule>& rules() const { return m_rules; }
  const Rule& rule(RuleId id) const { return m_rules[id.index()]; }
  std::optional<RuleId> find(std::string_view name) const;
  /// The rule built when no target is given (spec §1).
  RuleId default_target() const { return m_default_target; }
  const OutputIndex& output_index() const { return *m_index; }
  /// The tables and config mappings the rules' lookups read.
  const LookupSources& lookup_sources() const { return m_lookup_sources; }
  /// The rules marked `checkpoint: true`, in rule order.
  const std::vector<RuleId>& checkpoint_rules() const { return m_checkpoints; }
  /// The names of all rules, for "did you mean".
  std::vector<std::string> names() const;

  /// Which of two candidate rules for the same file wins (spec §2): the `ruleorder` chain
  /// written last that names both decides; else a rule without wildcards beats one with.
  /// > 0: `a` wins, < 0: `b` wins, 0: a tie (an ambiguity).
  int compare_priority(RuleId a, RuleId b) const;

 private:
  friend Result<RuleSet> build_rules(const flowfile::Flowfile&, std::span<const BuiltinSignature>);
  std::vector<Rule> m_rules;
  RuleId m_default_target;
  std::vector<RuleId> m_checkpoints;
  std::unique_ptr<OutputIndex> m_index;  // points into m_rules, so built last and kept stable
  LookupSources m_lookup_sources;
  /// For each pair (a, b) named in a ruleorder chain: +1 if a wins, -1 if b wins.
  std::vector<std::vector<std::int8_t>> m_order;
};

/// Validates `file` and builds the rules. `builtins` are the signatures of the built-in
/// steps (from the builtins module, passed in by the CLI). Errors are ErrorKind::flowfile
/// with locations (all found, up to about 20, in Error::more).
Result<RuleSet> build_rules(const flowfile::Flowfile& file,
                            std::span<const BuiltinSignature> builtins);

}  // namespace flow::rules
