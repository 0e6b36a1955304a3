#include "exec/resource_template.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "exec/job_script.h"
#include "flow/base/strings.h"

namespace flow::exec {
namespace {

// Calls `visit(name)` for each `{name}` in `text`; false on an unbalanced brace.
template <class Visit>
bool for_each_placeholder(std::string_view text, Visit visit) {
  std::size_t position = 0;
  while (true) {
    std::size_t open = text.find_first_of("{}", position);
    if (open == std::string_view::npos) return true;
    if (text[open] == '}') return false;
    std::size_t close = text.find_first_of("{}", open + 1);
    if (close == std::string_view::npos || text[close] == '{') return false;
    if (!visit(text.substr(open + 1, close - open - 1))) return true;
    position = close + 1;
  }
}

// The value of one placeholder for `spec`; nullopt when the job has none.
std::optional<std::string> placeholder_value(std::string_view name, const JobSpec& spec) {
  // A scheduler cannot give a job no processor: `threads: 0` asks for one.
  if (name == "threads") return std::to_string(std::max(1, spec.threads));
  auto it = spec.resources.find(std::string(name.substr(std::string_view("resources.").size())));
  if (it == spec.resources.end()) return std::nullopt;
  return it->second.is_int ? std::to_string(it->second.number) : it->second.text;
}

// One `:`-separated part filled in; nullopt when a placeholder has no value.
Result<std::optional<std::string>> render_part(std::string_view part, const JobSpec& spec) {
  std::string text;
  std::size_t position = 0;
  bool missing = false;
  std::optional<Error> error;
  for_each_placeholder(part, [&](std::string_view name) {
    std::size_t open = part.find('{', position);
    text.append(part.substr(position, open - position));
    position = open + name.size() + 2;
    auto value = placeholder_value(name, spec);
    if (!value) {
      missing = true;
      return false;
    }
    if (!is_safe_directive_value(*value)) {
      error = make_error(ErrorKind::job,
                         fmt::format("rule '{}': value '{}' of {{{}}} cannot go into a PBS "
                                     "resource request",
                                     spec.rule, *value, name));
      return false;
    }
    text += *value;
    return true;
  });
  if (error) return *error;
  if (missing) return std::optional<std::string>();
  text.append(part.substr(position));
  return std::optional<std::string>(text);
}

}  // namespace

std::string default_pbs_resource_template(PbsFlavor flavor) {
  return flavor == PbsFlavor::torque ? "nodes=1:ppn={threads},mem={resources.mem_mb}mb"
                                     : "select=1:ncpus={threads}:mem={resources.mem_mb}mb";
}

Result<void> validate_resource_template(std::string_view resource_template) {
  std::string unknown;
  bool balanced = for_each_placeholder(resource_template, [&](std::string_view name) {
    bool known = name == "threads" || (name.starts_with("resources.") &&
                                       name.size() > std::string_view("resources.").size());
    if (!known) unknown = std::string(name);
    return known;
  });
  if (!balanced) {
    return make_error(ErrorKind::usage,
                      fmt::format("--pbs-resources: unbalanced brace in '{}'", resource_template));
  }
  if (!unknown.empty()) {
    return make_error(ErrorKind::usage,
                      fmt::format("--pbs-resources: unknown placeholder '{{{}}}' in '{}' (use "
                                  "{{threads}} or {{resources.NAME}})",
                                  unknown, resource_template));
  }
  return ok_result();
}

Result<std::string> render_pbs_resources(std::string_view resource_template, const JobSpec& spec) {
  std::vector<std::string> chunks;
  for (const auto& chunk : split(resource_template, ',')) {
    std::vector<std::string> parts;
    for (const auto& part : split(chunk, ':')) {
      auto rendered = render_part(part, spec);
      if (!rendered) return rendered.error();
      if (*rendered && !(*rendered)->empty()) parts.push_back(**rendered);
    }
    if (!parts.empty()) chunks.push_back(join(parts, ":"));
  }
  auto walltime = job_walltime(spec);
  if (!walltime) return walltime.error();
  if (*walltime && resource_template.find("walltime") == std::string_view::npos) {
    chunks.push_back("walltime=" + format_walltime(**walltime));
  }
  return join(chunks, ",");
}

}  // namespace flow::exec
