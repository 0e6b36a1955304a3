#pragma once
// `flow --estimate [targets]` (issue 12 item 5, spec §9): the jobs the dry run would run, and
// per rule their predicted wall time, peak memory and core-hours, from the job history
// (report/job_history.h). The prediction, per rule, from its recorded jobs:
//
//   - wall seconds = a + b × input_bytes, fitted by least squares when the recorded input
//     sizes vary enough (at least 2 jobs, max − min ≥ 20% of the mean size); the mean (b = 0)
//     when that slope is negative (noise). When the sizes do not vary enough (one job, or
//     jobs of one size), the line through (0, the cheapest job recorded of any rule) and
//     (the mean size, the mean wall time): what lies above the cost of starting a job is
//     taken to grow in proportion to the input, rather than not at all.
//   - peak memory (MB) = c + d × input_bytes, with d the least-squares slope when the sizes
//     vary (else the proportional slope through the largest peak, the floor being the least
//     memory of any recorded job) and c raised so that no recorded job lies above the line;
//     memory is asked for, and a request below a job's peak kills the job.
//   - output bytes = e + f × input_bytes like the wall time (proportional, from 0, with one
//     size): a job's input made by a job that
//     is still to run gets its share of that job's predicted output (its outputs split evenly),
//     so a chain of rules scales with the size at its start.
//     Jobs whose memory was not measured (0: cluster jobs, whose marker has no peak memory)
//     are left out of the memory fit; a rule with none shows its memory as not measured.
//   - threads = the mean recorded threads; core-hours = wall × threads / 3600.
//   Every prediction is clamped at ≥ 0. A rule with no recorded job is "no history": its
//   jobs are counted, never given invented numbers.

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/plan/file_stats.h"
#include "flow/plan/staleness.h"
#include "flow/report/job_history.h"
#include "flow/rules/rule_set.h"

namespace flow::report {

/// y = intercept + slope × input_bytes.
struct Fit {
  double intercept = 0;
  double slope = 0;
  double at(double bytes) const;  ///< clamped at ≥ 0
};

struct RuleModel {
  std::size_t samples = 0;         ///< recorded jobs it was fitted on
  std::size_t memory_samples = 0;  ///< of them, those whose peak memory was measured
  bool scaled = false;             ///< the input sizes varied enough to fit slopes
  Fit wall;
  Fit memory;
  Fit output;
  double threads = 1;
  double mean_input_bytes = 0;
};

/// The cheapest of some recorded jobs: what starting a job costs, and the least memory a job
/// process has (0 when none was measured).
struct HistoryFloors {
  double wall_seconds = 0;
  double memory_mb = 0;
};
HistoryFloors history_floors(const std::vector<HistoryEntry>& entries);

/// What kind of process each rule's jobs start, by rule name: "shell", "builtin", or
/// "script:" and the interpreter. A job's floors are its kind's cheapest recorded job: a
/// built-in's start-up is flow's, a Python script's the interpreter's.
using ProcessKinds = std::map<std::string, std::string>;
ProcessKinds process_kinds(const rules::RuleSet& rules);

/// The model of one rule from its entries (all of the same rule; at least one).
RuleModel fit_rule(const std::vector<HistoryEntry>& entries, const HistoryFloors& floors = {});
/// A model per rule that has entries; each rule's floors are those of its kind in `kinds`
/// (the cheapest job of any rule when the kind has none recorded or the rule is not there).
std::map<std::string, RuleModel> fit_history(const std::vector<HistoryEntry>& entries,
                                             const ProcessKinds& kinds = {});

/// A job to run, for the estimate; jobs come producers first.
struct PlannedJob {
  std::string rule;
  std::int64_t known_bytes = 0;  ///< the sizes of its inputs that exist now
  /// Its inputs that jobs to run make: (index of the producer in the list, its output count).
  /// The count is 0 for another job's log or benchmark: flow predicts no size for those.
  std::vector<std::pair<std::size_t, std::size_t>> made_inputs;
  /// Some input is another job's log or benchmark still to be written: the job is predicted
  /// at no less than its rule's mean recorded input size.
  bool unsized_inputs = false;
};

struct RuleEstimate {
  std::string rule;
  std::size_t jobs = 0;
  bool known = false;  ///< the rule has history
  std::size_t samples = 0;
  double wall_seconds = 0;  ///< summed over its jobs
  double peak_mb = 0;       ///< max over its jobs
  bool memory_known = false;
  double core_hours = 0;
};

struct Estimate {
  std::vector<RuleEstimate> rules;  ///< in the order their first job comes
  std::size_t jobs = 0;
  std::size_t unknown_jobs = 0;  ///< jobs of rules without history
  double wall_seconds = 0;
  double peak_mb = 0;
  double core_hours = 0;
  /// The longest chain of predicted jobs (producers before consumers).
  double critical_path_seconds = 0;
  /// About the time the run takes on `cores`: max(core-seconds / cores, the critical path).
  double elapsed_seconds = 0;
  int cores = 1;
};

/// The estimate of `jobs` from `models`, for a run with `cores` cores.
Estimate estimate_jobs(const std::vector<PlannedJob>& jobs,
                       const std::map<std::string, RuleModel>& models, int cores);

/// The jobs `staleness` runs that have a step, producers first, with the sizes of their
/// existing inputs.
std::vector<PlannedJob> planned_jobs(const dag::Dag& dag, const plan::Staleness& staleness,
                                     plan::FileStatCache& stats);

/// The table (`--estimate`); `samples` is the number of history entries read.
void write_estimate(const Estimate& estimate, std::size_t samples, std::ostream& out);
/// The same as one JSON object (`--estimate --json`).
void write_estimate_json(const Estimate& estimate, std::size_t samples, std::ostream& out);

}  // namespace flow::report
