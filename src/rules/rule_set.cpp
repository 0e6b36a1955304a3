#include "flow/rules/rule_set.h"

namespace flow::rules {

std::optional<std::int64_t> Resource::amount(int attempt) const {
  if (!formula) return number;
  auto value = formula->evaluate(attempt);
  if (!value || *value < 0) return std::nullopt;
  return value;
}

std::string Resource::text_for(int attempt) const {
  if (!formula) return text;
  auto value = amount(attempt);
  return value ? std::to_string(*value) : text;
}

const Resource* Rule::resource(std::string_view resource_name) const {
  for (const auto& resource : resources) {
    if (resource.name == resource_name) return &resource;
  }
  return nullptr;
}

const std::vector<PathPiece>& FileSpec::pieces() const {
  static const std::vector<PathPiece> none;
  return extras ? extras->pieces : none;
}

bool Rule::has_glob_inputs() const {
  for (const auto& spec : inputs) {
    if (spec.is_glob()) return true;
  }
  return false;
}

std::optional<std::size_t> Rule::find_lookup(std::string_view text) const {
  for (std::size_t i = 0; i < lookups.size(); ++i) {
    if (lookups[i].text == text) return i;
  }
  return std::nullopt;
}

std::optional<RuleId> RuleSet::find(std::string_view name) const {
  for (const auto& rule : m_rules) {
    if (rule.name == name) return rule.id;
  }
  return std::nullopt;
}

std::vector<std::string> RuleSet::names() const {
  std::vector<std::string> names;
  names.reserve(m_rules.size());
  for (const auto& rule : m_rules)
    names.push_back(rule.name);
  return names;
}

int RuleSet::compare_priority(RuleId a, RuleId b) const {
  if (!m_order.empty()) {
    if (int order = m_order[a.index()][b.index()]; order != 0) return order;
  }
  bool a_wild = rule(a).has_wildcards();
  bool b_wild = rule(b).has_wildcards();
  if (a_wild != b_wild) return a_wild ? -1 : 1;
  return 0;
}

}  // namespace flow::rules
