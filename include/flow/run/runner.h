#pragma once
// The scheduler loop (spec §3), shaped like Ninja's Builder::Build: start the ready jobs that
// fit, wait for completions, finish or fail them, until nothing is left or an interrupt.

#include <memory>

#include "flow/dag/dag.h"
#include "flow/exec/executor.h"
#include "flow/plan/file_stats.h"
#include "flow/plan/staleness.h"
#include "flow/run/job_groups.h"
#include "flow/run/run_observer.h"
#include "flow/run/run_options.h"
#include "flow/state/state_log.h"
#include "flow/sys/clock.h"
#include "flow/sys/filesystem.h"

namespace flow::run {

class DagGrower;

struct RunContext {
  dag::Dag& dag;               ///< grows while running when `grower` adds jobs
  plan::Staleness& staleness;  ///< extended with it
  plan::FileStatCache& stats;
  state::StateLog& state;
  exec::Executor& executor;
  sys::Filesystem& fs;
  const sys::Clock& clock;
  RunObserver& observer;
  const RunOptions& options;
  /// Asked after every job that succeeded whether the DAG grows (checkpoints); null: never.
  DagGrower* grower = nullptr;
  /// Job groups to submit as one job each (job_units; cluster executors only); null: none.
  const std::vector<JobUnit>* units = nullptr;
};

/// Runs every job that `context.staleness` says runs. Never throws; problems are reported
/// through the observer, and the status says how it ended.
RunStatus run_jobs(const RunContext& context);

/// -t/--touch: instead of running the jobs that would run, touches their existing outputs
/// (in dependency order, so they end up newer than their inputs) and records them as made.
RunStatus touch_jobs(const RunContext& context);

}  // namespace flow::run
