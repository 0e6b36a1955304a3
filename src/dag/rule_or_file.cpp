#include "flow/dag/rule_or_file.h"

#include <fmt/format.h>

#include "flow/base/did_you_mean.h"
#include "flow/dag/dag.h"

namespace flow::dag {

std::string normalize_path(std::string_view text) {
  std::string path;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '/' && !path.empty() && path.back() == '/') continue;
    path += text[i];
  }
  while (path.starts_with("./") && path.size() > 2)
    path.erase(0, 2);
  return path;
}

Result<std::vector<std::uint32_t>> match_rule_or_file(const rules::RuleSet& rules,
                                                      std::string_view option,
                                                      std::string_view word,
                                                      const JobLookup& lookup) {
  if (auto rule = rules.find(word)) {
    std::vector<std::uint32_t> jobs = lookup.jobs_of_rule(*rule);
    if (!jobs.empty()) return jobs;
    return make_error(
        ErrorKind::usage,
        fmt::format("{} '{}': rule '{}' has no job in this run's DAG", option, word, word));
  }
  if (auto job = lookup.producer_of(normalize_path(word))) return std::vector<std::uint32_t>{*job};
  Error error = make_error(
      ErrorKind::usage,
      fmt::format("{} '{}': no rule or file of this run's DAG has that name", option, word));
  add_did_you_mean(error, word, rules.names());
  return error;
}

Result<std::vector<std::uint32_t>> match_rule_or_file(const Dag& dag, std::string_view option,
                                                      std::string_view word) {
  JobLookup lookup{[&](RuleId rule) {
                     std::vector<std::uint32_t> jobs;
                     for (const Job& job : dag.jobs()) {
                       if (job.rule == rule) jobs.push_back(job.id.value);
                     }
                     return jobs;
                   },
                   [&](const std::string& path) -> std::optional<std::uint32_t> {
                     auto file = dag.find_file(path);
                     if (!file || !dag.file(*file).producer.valid()) return std::nullopt;
                     return dag.file(*file).producer.value;
                   }};
  return match_rule_or_file(dag.rule_set(), option, word, lookup);
}

}  // namespace flow::dag
