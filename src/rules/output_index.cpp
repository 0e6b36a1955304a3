#include "flow/rules/output_index.h"

#include <algorithm>

namespace flow::rules {
namespace {

// Issue 14 item 4: a wildcard value is a name inside the working directory. One that is or
// holds a "." or ".." segment, or starts at "/", would name a directory above or outside
// the job's place (`flow -f out/..` with output `out/{x}` named the working directory, and
// preparing the job removed it), so such a match is no match.
bool stays_inside(std::string_view value) {
  if (value.starts_with('/')) return false;
  for (std::size_t start = 0; start <= value.size();) {
    std::size_t end = value.find('/', start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view segment = value.substr(start, end - start);
    if (segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

bool all_stay_inside(const pattern::WildcardValues& values) {
  return std::all_of(values.begin(), values.end(),
                     [](const auto& value) { return stays_inside(value); });
}

}  // namespace

OutputIndex::OutputIndex(const std::vector<Rule>& rules) : m_rule_count(rules.size()) {
  for (const auto& rule : rules) {
    for (const auto* specs : {&rule.outputs, &rule.logs, &rule.benchmarks}) {
      for (const auto& spec : *specs) {
        if (!spec.pattern.has_wildcards()) {
          m_exact[spec.pattern.text()].push_back({rule.id, &spec.pattern});
          continue;
        }
        std::string prefix(spec.pattern.literal_prefix());
        m_by_prefix[prefix].push_back({rule.id, &spec.pattern});
        m_prefix_lengths.push_back(prefix.size());
      }
    }
  }
  std::sort(m_prefix_lengths.begin(), m_prefix_lengths.end());
  m_prefix_lengths.erase(std::unique(m_prefix_lengths.begin(), m_prefix_lengths.end()),
                         m_prefix_lengths.end());
}

void OutputIndex::find(std::string_view path, std::vector<Candidate>& out) const {
  out.clear();
  pattern::WildcardValues values;
  auto exact = m_exact.empty() ? m_exact.end() : m_exact.find(path);  // no hashing for none
  if (exact != m_exact.end()) {
    for (const Entry& entry : exact->second) {
      if (std::none_of(out.begin(), out.end(),
                       [&](const Candidate& c) { return c.rule == entry.rule; })) {
        out.push_back({entry.rule, {}});
      }
    }
  }
  for (std::size_t length : m_prefix_lengths) {
    if (length > path.size()) break;
    auto it = m_by_prefix.find(path.substr(0, length));
    if (it == m_by_prefix.end()) continue;
    for (const Entry& entry : it->second) {
      values.clear();
      if (!entry.pattern->match(path, values) || !all_stay_inside(values)) continue;
      std::size_t total = 0;
      for (const auto& value : values)
        total += value.size();
      auto existing = std::find_if(out.begin(), out.end(),
                                   [&](const Candidate& c) { return c.rule == entry.rule; });
      if (existing == out.end()) {
        out.push_back({entry.rule, std::move(values)});  // cleared before the next match
        continue;
      }
      std::size_t existing_total = 0;
      for (const auto& value : existing->wildcards)
        existing_total += value.size();
      if (total < existing_total) existing->wildcards = std::move(values);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Candidate& a, const Candidate& b) { return a.rule < b.rule; });
}

}  // namespace flow::rules
