#include "dag/checkpoint_roots.h"

namespace flow::dag {

std::optional<std::string> checkpoint_root(const rules::RuleSet& rules,
                                           const pattern::Pattern& glob) {
  if (rules.checkpoint_rules().empty()) return std::nullopt;
  std::string_view prefix = glob.literal_prefix();
  std::size_t slash = prefix.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;  // the working directory itself
  std::string_view dir = prefix.substr(0, slash);
  pattern::WildcardValues values;
  while (!dir.empty()) {
    for (RuleId id : rules.checkpoint_rules()) {
      for (const auto& output : rules.rule(id).outputs) {
        values.clear();
        if (output.pattern.match(dir, values)) return std::string(dir);
      }
    }
    slash = dir.rfind('/');
    if (slash == std::string_view::npos) break;
    dir = dir.substr(0, slash);
  }
  return std::nullopt;
}

}  // namespace flow::dag
