#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flow/base/result.h"
#include "flow/dag/dag.h"
#include "flow/plan/file_stats.h"
#include "flow/plan/reason.h"
#include "flow/state/state_log.h"

namespace flow::plan {

/// `--rerun-triggers` (spec §2 item 6): which recorded differences make a job run.
enum TriggerBit : std::uint8_t {
  k_trigger_mtime = 1,
  k_trigger_params = 2,
  k_trigger_input = 4,
  k_trigger_code = 8,
  k_all_triggers = 15,
};

/// The trigger names of `--rerun-triggers`, with their bits, in the order the help lists them.
struct TriggerName {
  std::string_view name;
  TriggerBit bit;
};
inline constexpr TriggerName k_trigger_names[] = {
    {"mtime", k_trigger_mtime},
    {"params", k_trigger_params},
    {"input", k_trigger_input},
    {"code", k_trigger_code},
};

struct StalenessOptions {
  bool force_all = false;             ///< -F
  bool force_targets = false;         ///< -f
  std::vector<std::string> forcerun;  ///< -R RULE|FILE...: those and everything downstream
  std::uint8_t triggers = k_all_triggers;
};

struct Staleness {
  std::vector<Reason> reasons;  ///< by JobId; empty Reason: up to date
  /// By JobId: the newest mtime of the job's inputs (not ancient), which a missing temp
  /// output of a job that does not run counts as (decisions.md).
  std::vector<TimeStamp> newest_input;
  std::size_t run_count = 0;

  bool runs(JobId job) const { return reasons[job.index()].any(); }
};

class Plan;

/// Decides which jobs run and why (spec §2 items 1-6), statting each file at most once
/// through `stats`. `log` may be null (no records: item 3 and 6 never apply). A job that
/// waits on a checkpoint runs (k_after_checkpoint). Errors: an I/O error from stat, or a -R
/// item that names no rule or file of the DAG (usage).
Result<Staleness> compute_staleness(const dag::Dag& dag, FileStatCache& stats,
                                    const state::StateLog* log, const StalenessOptions& options);

/// Decides what `extension` added to the DAG (docs/architecture.md, "A DAG that grows"): the
/// new jobs, in id order, with the same checks, then the same spreading, which may make
/// existing jobs that did not run run: returned, ascending ("flipped"). `plan` says what has
/// started in this run. Errors: an I/O error from stat; a flipped job whose dependents have
/// already started, or a new job that needs a temp file deleted earlier in this run
/// (ErrorKind::workflow). Costs O(what the extension adds and flips).
Result<std::vector<JobId>> extend_staleness(const dag::Dag& dag, const dag::Extension& extension,
                                            FileStatCache& stats, const state::StateLog* log,
                                            const StalenessOptions& options, const Plan& plan,
                                            Staleness& staleness);

}  // namespace flow::plan
