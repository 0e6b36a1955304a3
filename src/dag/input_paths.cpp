#include "dag/input_paths.h"

#include <fmt/format.h>

#include "dag/build_graph.h"

namespace flow::dag {
namespace {

Error for_job(Error error, const rules::Rule& rule, const pattern::WildcardValues& wildcards) {
  error.message = describe_job(rule, wildcards) + ": " + error.message;
  return error;
}

}  // namespace

std::string describe_job(const rules::Rule& rule, const pattern::WildcardValues& wildcards) {
  std::string text = format_wildcards(rule, wildcards);
  return text.empty() ? fmt::format("rule '{}'", rule.name)
                      : fmt::format("rule '{}' ({})", rule.name, text);
}

Result<void> append_input_paths(const rules::RuleSet& rules, const rules::Rule& rule,
                                const rules::FileSpec& spec,
                                const pattern::WildcardValues& wildcards,
                                std::vector<std::string>& out) {
  if (!spec.has_lookups()) {
    out.push_back(spec.pattern.apply(wildcards));
    return ok_result();
  }
  // Each piece's text, and the values of the lookup after it.
  const auto& pieces = spec.pieces();
  std::vector<std::string> texts(pieces.size());
  std::vector<std::vector<std::string_view>> values(pieces.size());
  std::vector<rules::LookupOrigin> origins(pieces.size());
  std::size_t total = 1;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    texts[i] = pieces[i].pattern.apply(wildcards);
    if (!pieces[i].lookup) continue;
    const rules::Lookup& lookup = rule.lookups[*pieces[i].lookup];
    auto appended = rules.lookup_sources().append_values(lookup, wildcards, values[i], &origins[i]);
    if (!appended) return for_job(std::move(appended).error(), rule, wildcards);
    total *= values[i].size();
  }
  // The product of the lookups' values, the last varying fastest (as expand does).
  std::vector<std::size_t> index(pieces.size(), 0);
  for (std::size_t n = 0; n < total; ++n) {
    std::string path;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      path += texts[i];
      if (pieces[i].lookup) path += values[i][index[i]];
    }
    if (path.empty()) {
      std::size_t empty = 0;
      while (empty < pieces.size() && !pieces[empty].lookup)
        ++empty;
      const rules::Lookup& lookup = rule.lookups[*pieces[empty].lookup];
      Error error = make_error(
          ErrorKind::workflow,
          fmt::format("input '{}' is an empty path: '{{{}}}' is empty", spec.text(), lookup.text),
          spec.location);
      error.anchor = "{" + lookup.text + "}";
      const SourceLocation& at = origins[empty].location;
      if (at.known())
        error.notes.push_back(fmt::format("the value is at {}:{}:{}", at.file, at.line, at.column));
      return for_job(std::move(error), rule, wildcards);
    }
    out.push_back(std::move(path));
    for (std::size_t i = pieces.size(); i-- > 0;) {
      if (!pieces[i].lookup) continue;
      if (++index[i] < values[i].size()) break;
      index[i] = 0;
    }
  }
  return ok_result();
}

Result<void> check_template_lookups(const rules::RuleSet& rules, const rules::Rule& rule,
                                    const pattern::WildcardValues& wildcards) {
  std::vector<std::string_view> values;
  for (const auto& lookup : rule.lookups) {
    if (lookup.used_by_inputs) continue;  // checked as the inputs are made
    values.clear();
    auto appended = rules.lookup_sources().append_values(lookup, wildcards, values);
    if (!appended) return for_job(std::move(appended).error(), rule, wildcards);
  }
  return ok_result();
}

}  // namespace flow::dag
