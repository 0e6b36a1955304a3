#include "dag/build_graph.h"

#include <fmt/format.h>

namespace flow::dag {

std::string format_wildcards(const rules::Rule& rule, const pattern::WildcardValues& values) {
  std::string text;
  for (std::size_t i = 0; i < rule.wildcard_names.size() && i < values.size(); ++i) {
    if (i > 0) text += ',';
    text += rule.wildcard_names[i];
    text += '=';
    text += values[i];
  }
  return text;
}

std::uint32_t BuildGraph::intern(std::string_view path) {
  if (auto it = m_file_ids.find(path); it != m_file_ids.end()) return it->second;
  const std::string& stored = m_paths.emplace_back(path);
  auto id = static_cast<std::uint32_t>(m_files.size());
  m_files.push_back(BuildFile{});
  m_files.back().path = stored;
  m_file_ids.emplace(stored, id);
  return id;
}

std::optional<std::uint32_t> BuildGraph::find(std::string_view path) const {
  if (auto it = m_file_ids.find(path); it != m_file_ids.end()) return it->second;
  return std::nullopt;
}

void BuildGraph::add_files(std::vector<FileRef>& refs, const std::vector<rules::FileSpec>& specs,
                           const pattern::WildcardValues& wildcards) {
  refs.reserve(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    std::uint32_t id = intern(specs[i].pattern.apply(wildcards));
    refs.push_back({FileId(id), specs[i].flags, static_cast<std::uint16_t>(i)});
  }
}

std::uint32_t BuildGraph::job_for(RuleId rule, pattern::WildcardValues wildcards) {
  std::string key = std::to_string(rule.value);
  for (const auto& value : wildcards) {
    key += '\0';
    key += value;
  }
  if (auto it = m_job_ids.find(key); it != m_job_ids.end()) return it->second;
  auto id = static_cast<std::uint32_t>(m_jobs.size());
  m_job_ids.emplace(std::move(key), id);
  const rules::Rule& r = m_rules.rule(rule);
  BuildJob job;
  job.rule = rule;
  add_files(job.inputs, r.inputs, wildcards);
  add_files(job.outputs, r.outputs, wildcards);
  add_files(job.logs, r.logs, wildcards);
  add_files(job.benchmarks, r.benchmarks, wildcards);
  job.wildcards = std::move(wildcards);
  m_jobs.push_back(std::move(job));
  return id;
}

bool BuildGraph::stat_once(std::uint32_t id) {
  BuildFile& f = m_files[id];
  if (f.stat) return true;
  auto result = m_fs.stat(std::string(f.path));
  if (!result) {
    f.failure = FailureKind::stat_error;
    f.detail = result.error().message;
    return false;
  }
  f.stat = *result;
  return true;
}

std::string BuildGraph::label(std::uint32_t id) const {
  const BuildJob& j = m_jobs[id];
  const rules::Rule& rule = m_rules.rule(j.rule);
  std::string wildcards = format_wildcards(rule, j.wildcards);
  return wildcards.empty() ? rule.name : rule.name + " " + wildcards;
}

}  // namespace flow::dag
