#include "exec/standard_resources.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "exec/job_script.h"
#include "exec/resource_template.h"
#include "flow/base/strings.h"
#include "flow/exec/cluster_options.h"

namespace flow::exec {
namespace {

// Every name standard_request reads, and `walltime`, flow's alias of `runtime`.
constexpr std::array<std::string_view, 12> k_standard_names = {
    "runtime", "walltime",      "mem_mb",          "mem_mb_per_cpu", "disk_mb",     "tasks",
    "nodes",   "cpus_per_task", "slurm_partition", "slurm_account",  "slurm_extra", "constraint"};

std::string shown(const ResourceValue& value) {
  return value.is_int ? std::to_string(value.number) : value.text;
}

// A positive whole number (written as a number or as digits in a string).
Result<std::optional<long>> count(const JobSpec& spec, std::string_view name) {
  auto it = spec.resources.find(std::string(name));
  if (it == spec.resources.end()) return std::optional<long>();
  std::optional<std::int64_t> number;
  if (it->second.is_int) {
    number = it->second.number;
  } else if (auto parsed = parse_int(trim(it->second.text))) {
    number = *parsed;
  }
  if (!number || *number < 1) {
    return make_error(ErrorKind::job, fmt::format("rule '{}': resource {} '{}' is not a whole "
                                                  "number of at least 1",
                                                  spec.rule, name, shown(it->second)));
  }
  return std::optional<long>(static_cast<long>(*number));
}

// A word that may go into a directive and onto the command line unquoted.
Result<std::string> word(const JobSpec& spec, std::string_view name) {
  auto it = spec.resources.find(std::string(name));
  if (it == spec.resources.end()) return std::string();
  std::string value = shown(it->second);
  if (!is_safe_directive_value(value)) {
    return make_error(ErrorKind::job,
                      fmt::format("rule '{}': resource {} '{}' cannot go into a scheduler request "
                                  "(letters, digits and _ . : + = @ % / - only)",
                                  spec.rule, name, value));
  }
  return value;
}

}  // namespace

long StandardRequest::tasks_per_node() const {
  long all = tasks.value_or(1);
  long over = nodes.value_or(1);
  return (all + over - 1) / over;
}

bool is_standard_resource(std::string_view name) {
  return std::find(k_standard_names.begin(), k_standard_names.end(), name) !=
         k_standard_names.end();
}

std::optional<long> parse_duration_with_units(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  long total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t digits = i;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
      ++digits;
    if (digits == i || digits - i > 9) return std::nullopt;
    long number = std::stol(std::string(text.substr(i, digits - i)));
    std::size_t unit_end = digits;
    while (unit_end < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_end])))
      ++unit_end;
    std::string_view unit = text.substr(digits, unit_end - digits);
    long scale = 0;
    if (unit == "d") scale = 86400;
    if (unit == "h") scale = 3600;
    if (unit == "m" || unit == "min") scale = 60;
    if (unit == "s") scale = 1;
    if (scale == 0) return std::nullopt;
    total += number * scale;
    i = unit_end;
    while (i < text.size() && text[i] == ' ')
      ++i;
  }
  return total;
}

Result<StandardRequest> standard_request(const JobSpec& spec) {
  StandardRequest request;
  auto walltime = job_walltime(spec);
  if (!walltime) return walltime.error();
  request.walltime_seconds = *walltime;
  if (spec.resources.count("mem_mb") != 0) {
    auto mem = word(spec, "mem_mb");
    if (!mem) return mem.error();
    request.mem_mb = *mem;
  }
  struct Count {
    std::string_view name;
    std::optional<long>* field;
  };
  for (auto [name, field] :
       {Count{"mem_mb_per_cpu", &request.mem_mb_per_cpu}, Count{"disk_mb", &request.disk_mb},
        Count{"tasks", &request.tasks}, Count{"nodes", &request.nodes}}) {
    auto value = count(spec, name);
    if (!value) return value.error();
    *field = *value;
  }
  auto cpus = count(spec, "cpus_per_task");
  if (!cpus) return cpus.error();
  request.cpus_per_task = cpus->has_value() ? static_cast<int>(**cpus) : std::max(1, spec.threads);
  struct Word {
    std::string_view name;
    std::string* field;
  };
  for (auto [name, field] :
       {Word{"slurm_partition", &request.partition}, Word{"slurm_account", &request.account},
        Word{"constraint", &request.constraint}}) {
    auto value = word(spec, name);
    if (!value) return value.error();
    *field = std::move(*value);
  }
  if (auto extra = spec.resources.find("slurm_extra"); extra != spec.resources.end()) {
    for (auto& part : split(shown(extra->second), ' ')) {
      if (part.empty()) continue;
      if (part.find_first_of("'\"\\$`;|&<>") != std::string::npos) {
        return make_error(ErrorKind::job,
                          fmt::format("rule '{}': resource slurm_extra '{}': quotes and shell "
                                      "characters are not read; write options separated by "
                                      "spaces (\"--qos=long --gres=gpu:1\")",
                                      spec.rule, shown(extra->second)));
      }
      request.slurm_extra.push_back(std::move(part));
    }
  }
  return request;
}

std::vector<std::string> resources_without_request(const std::vector<std::string>& names,
                                                   const ClusterOptions& options) {
  // Slurm maps every standard name; PBS the ones its `-l` request has a place for.
  constexpr std::array<std::string_view, 7> k_pbs_names = {
      "runtime", "walltime", "mem_mb", "mem_mb_per_cpu", "tasks", "nodes", "cpus_per_task"};
  std::string resource_template = options.resource_template.empty()
                                      ? default_pbs_resource_template(options.pbs_flavor)
                                      : options.resource_template;
  // Grid Engine has no standard place for disk, constraints or Slurm's own names.
  constexpr std::array<std::string_view, 8> k_sge_names = {"runtime",        "walltime", "mem_mb",
                                                           "mem_mb_per_cpu", "tasks",    "nodes",
                                                           "cpus_per_task",  "sge_pe"};
  std::vector<std::string> unused;
  for (const auto& name : names) {
    bool used = false;
    if (options.scheduler == SchedulerKind::slurm) {
      used = is_standard_resource(name);
    } else if (options.scheduler == SchedulerKind::sge) {
      used = std::find(k_sge_names.begin(), k_sge_names.end(), name) != k_sge_names.end();
    } else {
      used = std::find(k_pbs_names.begin(), k_pbs_names.end(), name) != k_pbs_names.end() ||
             resource_template.find("{resources." + name + "}") != std::string::npos;
    }
    if (!used) unused.push_back(name);
  }
  return unused;
}

}  // namespace flow::exec
