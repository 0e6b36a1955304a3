#include "exec/resource_template.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "exec/job_script.h"
#include "exec/standard_resources.h"
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
std::optional<std::string> placeholder_value(std::string_view name, const JobSpec& spec,
                                             const StandardRequest& request) {
  // A scheduler cannot give a job no processor: `threads: 0` asks for one.
  if (name == "threads") return std::to_string(std::max(1, spec.threads));
  // Snakemake's standard names (docs/cluster.md): one chunk per node, each with its tasks.
  if (name == "nodes") return std::to_string(request.nodes.value_or(1));
  if (name == "ncpus") return std::to_string(request.cpus_per_task * request.tasks_per_node());
  if (name == "mpiprocs") {
    if (!request.tasks) return std::nullopt;
    return std::to_string(request.tasks_per_node());
  }
  std::string resource(name.substr(std::string_view("resources.").size()));
  auto it = spec.resources.find(resource);
  if (it == spec.resources.end()) {
    // A chunk's memory from the memory per cpu when the job gives no total.
    if (resource == "mem_mb" && request.mem_mb_per_cpu) {
      return std::to_string(*request.mem_mb_per_cpu * request.cpus_per_task *
                            request.tasks_per_node());
    }
    return std::nullopt;
  }
  return it->second.is_int ? std::to_string(it->second.number) : it->second.text;
}

// One `:`-separated part filled in; nullopt when a placeholder has no value.
Result<std::optional<std::string>> render_part(std::string_view part, const JobSpec& spec,
                                               const StandardRequest& request) {
  std::string text;
  std::size_t position = 0;
  bool missing = false;
  std::optional<Error> error;
  for_each_placeholder(part, [&](std::string_view name) {
    std::size_t open = part.find('{', position);
    text.append(part.substr(position, open - position));
    position = open + name.size() + 2;
    auto value = placeholder_value(name, spec, request);
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
  return flavor == PbsFlavor::torque
             ? "nodes={nodes}:ppn={ncpus},mem={resources.mem_mb}mb"
             : "select={nodes}:ncpus={ncpus}:mpiprocs={mpiprocs}:mem={resources.mem_mb}mb";
}

Result<void> validate_resource_template(std::string_view resource_template) {
  std::string unknown;
  bool balanced = for_each_placeholder(resource_template, [&](std::string_view name) {
    bool known =
        name == "threads" || name == "nodes" || name == "ncpus" || name == "mpiprocs" ||
        (name.starts_with("resources.") && name.size() > std::string_view("resources.").size());
    if (!known) unknown = std::string(name);
    return known;
  });
  if (!balanced) {
    return make_error(ErrorKind::usage,
                      fmt::format("--pbs-resources: unbalanced brace in '{}'", resource_template));
  }
  if (!unknown.empty()) {
    return make_error(
        ErrorKind::usage,
        fmt::format("--pbs-resources: unknown placeholder '{{{}}}' in '{}' (use "
                    "{{threads}}, {{nodes}}, {{ncpus}}, {{mpiprocs}} or {{resources.NAME}})",
                    unknown, resource_template));
  }
  return ok_result();
}

Result<std::string> render_pbs_resources(std::string_view resource_template, const JobSpec& spec) {
  auto request = standard_request(spec);
  if (!request) return request.error();
  std::vector<std::string> chunks;
  for (const auto& chunk : split(resource_template, ',')) {
    std::vector<std::string> parts;
    for (const auto& part : split(chunk, ':')) {
      auto rendered = render_part(part, spec, *request);
      if (!rendered) return rendered.error();
      if (*rendered && !(*rendered)->empty()) parts.push_back(**rendered);
    }
    if (!parts.empty()) chunks.push_back(join(parts, ":"));
  }
  if (request->walltime_seconds && resource_template.find("walltime") == std::string_view::npos) {
    chunks.push_back("walltime=" + format_walltime(*request->walltime_seconds));
  }
  return join(chunks, ",");
}

}  // namespace flow::exec
