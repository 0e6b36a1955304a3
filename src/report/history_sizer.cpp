#include "flow/report/history_sizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace flow::report {
namespace {

// ceil(value) × attempt as a request, at least 1; nullopt past what a request can hold.
std::optional<std::int64_t> whole_request(double value, int attempt) {
  double request = std::max(1.0, std::ceil(value)) * std::max(1, attempt);
  if (!std::isfinite(request) || request > 1e15) return std::nullopt;
  return static_cast<std::int64_t>(request);
}

}  // namespace

std::optional<AutoKind> auto_kind(const std::string& name) {
  if (name == "mem_mb") return AutoKind::memory_mb;
  if (name == "runtime" || name == "walltime") return AutoKind::runtime_minutes;
  return std::nullopt;
}

std::optional<std::int64_t> auto_request(const RuleModel& model, AutoKind kind, double input_bytes,
                                         int attempt) {
  if (model.samples == 0) return std::nullopt;
  if (kind == AutoKind::memory_mb) {
    // Cluster jobs record no peak memory: a model without one cannot size memory.
    if (model.memory_samples == 0) return std::nullopt;
    return whole_request(k_memory_headroom * model.memory.at(input_bytes), attempt);
  }
  return whole_request(k_time_headroom * model.wall.at(input_bytes) / 60.0, attempt);
}

bool has_auto_resources(const rules::RuleSet& rules) {
  for (const auto& rule : rules.rules()) {
    for (const auto& resource : rule.resources)
      if (resource.auto_sized()) return true;
  }
  return false;
}

std::vector<std::string> unsized_auto_notes(const rules::RuleSet& rules,
                                            const std::map<std::string, RuleModel>& models) {
  std::vector<std::string> notes;
  for (const auto& rule : rules.rules()) {
    auto model = models.find(rule.name);
    for (const auto& resource : rule.resources) {
      if (resource.sizing != rules::Resource::Sizing::auto_asked) continue;
      auto kind = auto_kind(resource.name);
      bool sized = model != models.end() && kind &&
                   auto_request(model->second, *kind, model->second.mean_input_bytes, 1);
      if (sized) continue;
      std::string why = model == models.end()
                            ? "the job history has no job of it yet"
                            : "its recorded jobs have no measured peak memory (cluster jobs)";
      notes.push_back(
          resource.has_value
              ? fmt::format("rule '{}': {}: auto, but {}: asking for {}", rule.name, resource.name,
                            why, resource.text)
              : fmt::format("rule '{}': {}: auto, but {}: asking for none (give a default "
                            "with --default-resources {}=N)",
                            rule.name, resource.name, why, resource.name));
    }
  }
  return notes;
}

HistorySizer::HistorySizer(const dag::Dag& dag, plan::FileStatCache& stats,
                           const std::map<std::string, RuleModel>& models)
    : m_dag(dag), m_stats(stats), m_models(dag.rule_set().rules().size()) {
  for (const auto& rule : dag.rule_set().rules()) {
    if (auto it = models.find(rule.name); it != models.end())
      m_models[rule.id.index()] = it->second;
  }
}

std::int64_t HistorySizer::input_bytes(JobId job) {
  // As the history counts them (JobHistory): files only, a checkpoint's glob root left out.
  std::int64_t bytes = 0;
  for (const auto& ref : m_dag.job(job).inputs) {
    if ((ref.flags & dag::k_flag_glob_root) != 0) continue;
    auto stat = m_stats.get(ref.file);
    if (stat && stat->exists && !stat->is_dir) bytes += stat->size;
  }
  return bytes;
}

std::optional<std::int64_t> HistorySizer::size(JobId job, const rules::Resource& resource,
                                               int attempt) {
  const auto& model = m_models[m_dag.job(job).rule.index()];
  auto kind = auto_kind(resource.name);
  if (!model || !kind) return std::nullopt;
  return auto_request(*model, *kind, static_cast<double>(input_bytes(job)), attempt);
}

}  // namespace flow::report
