#include "flow/plan/reason.h"

#include <fmt/format.h>

namespace flow::plan {

std::string Reason::to_string(const dag::Dag& dag) const {
  std::string text;
  auto add = [&](const std::string& part) {
    if (!text.empty()) text += "; ";
    text += part;
  };
  auto path = [&] { return file.valid() ? dag.path(file) : std::string("?"); };
  if (has(k_forced)) add("forced");
  if (has(k_after_checkpoint))
    add("after checkpoint " + (upstream.valid() ? dag.label(upstream) : std::string("?")));
  if (has(k_missing_output)) add("missing output " + path());
  if (has(k_incomplete_output))
    add("incomplete output " + path() + " (a run died while making it)");
  if (has(k_missing_input)) add("missing input " + path());
  if (has(k_updated_input)) add("updated input " + path());
  if (has(k_input_remade))
    add("input remade by " + (upstream.valid() ? dag.label(upstream) : std::string("?")));
  if (has(k_temp_needed)) {
    add(fmt::format("temp output {} is needed by {}", path(),
                    upstream.valid() ? dag.label(upstream) : "?"));
  }
  if (has(k_code_changed)) add("code changed");
  if (has(k_params_changed)) add("params changed");
  if (has(k_input_list_changed)) add("input list changed");
  return text;
}

}  // namespace flow::plan
