#pragma once
// Auto resources sized from the job history (issue 12 item 5, spec §9): `mem_mb: auto`,
// `runtime: auto` (or `walltime: auto`), and --auto-resources, which makes every rule's
// mem_mb and runtime auto. From the rule's model (report/estimate.h) and the job's input
// size, try `attempt` (from 1) asks for:
//
//   mem_mb  = ceil(1.2 × predicted peak MB) × attempt, at least 1
//   runtime = ceil(1.5 × predicted wall seconds / 60) × attempt minutes, at least 1
//
// The predicted peak already lies on or above every recorded job of the same size (the
// model's memory line is raised through the highest point); the 20% and 50% are headroom
// for noise, and × attempt makes a retry after an out-of-memory or time-limit kill ask for
// more. A rule without history (or, for memory, without a measured peak: cluster jobs) is
// not sized: its written value, or --default-resources, is asked for, or nothing.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/plan/file_stats.h"
#include "flow/report/estimate.h"
#include "flow/run/resource_sizer.h"

namespace flow::report {

inline constexpr double k_memory_headroom = 1.2;
inline constexpr double k_time_headroom = 1.5;

/// What an auto resource measures.
enum class AutoKind { memory_mb, runtime_minutes };
/// The kind of auto resource `name` (mem_mb; runtime or walltime), or nullopt for another.
std::optional<AutoKind> auto_kind(const std::string& name);

/// The request of try `attempt` for a job of `input_bytes` by `model` (formula above), or
/// nullopt when the model has nothing to size it from.
std::optional<std::int64_t> auto_request(const RuleModel& model, AutoKind kind, double input_bytes,
                                         int attempt);

/// One line per rule that asks for `auto` but has no history to size it from, saying what is
/// asked for instead (its fallback, or nothing); for rules made auto by --auto-resources
/// nothing is said (their written values are the plan).
std::vector<std::string> unsized_auto_notes(const rules::RuleSet& rules,
                                            const std::map<std::string, RuleModel>& models);

/// Whether any rule has an auto resource (only then is the history read).
bool has_auto_resources(const rules::RuleSet& rules);

class HistorySizer final : public run::ResourceSizer {
 public:
  /// `stats` gives the sizes of the job's inputs that exist when its spec is built (at run
  /// time all of them; in a dry run those made by jobs still to run count 0).
  HistorySizer(const dag::Dag& dag, plan::FileStatCache& stats,
               const std::map<std::string, RuleModel>& models);

  std::optional<std::int64_t> size(JobId job, const rules::Resource& resource,
                                   int attempt) override;

 private:
  std::int64_t input_bytes(JobId job);

  const dag::Dag& m_dag;
  plan::FileStatCache& m_stats;
  std::vector<std::optional<RuleModel>> m_models;  // by rule index
};

}  // namespace flow::report
