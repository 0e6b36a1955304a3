#pragma once
// The runner's state and steps (runner.cpp: the loop; job_start.cpp: starting a job;
// job_finish.cpp: finishing or failing one). Everything it does to files goes through
// OutputFiles, cores and resources through ResourcePool, temp files through TempFiles, and
// the command through build_job_spec: the loop only decides what happens next.

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "flow/plan/plan.h"
#include "flow/run/dag_grower.h"
#include "flow/run/job_spec_builder.h"
#include "flow/run/output_files.h"
#include "flow/run/runner.h"
#include "flow/run/shadow.h"
#include "run/group_gate.h"
#include "run/resource_pool.h"
#include "run/temp_files.h"

namespace flow::run {

class Runner {
 public:
  explicit Runner(const RunContext& context);
  RunStatus run();

 private:
  struct Active {
    JobId job;
    int attempt = 1;
    Claim claim;  ///< what it holds in the pool until it ends
    TimeStamp started = 0;
    exec::JobSpec spec;                  ///< empty argv for a job without a step
    std::vector<std::string> job_files;  ///< a script job's $FLOW_JOB and preamble
    /// A shadow job's scratch layout while the scratch exists (spec.rundir names it).
    std::optional<ShadowLayout> shadow;
  };
  /// A job whose command ended well but whose outputs have not all appeared yet.
  struct Awaiting {
    Active active;
    exec::JobCompletion completion;
    SteadyTime deadline;
  };

  /// A job of a pipe pair that ended well while its partner still runs: it counts only once
  /// both have (spec §8).
  struct Held {
    Active active;
    exec::JobCompletion completion;
  };

  // runner.cpp: the loop
  void start_ready_jobs();
  /// Starts the pipe pair of `producer` (ready) and `consumer` together, when both fit, or
  /// alone on the machine when they cannot fit together (decisions.md); false if not now.
  bool start_pair(JobId producer, JobId consumer);
  /// What `job` would hold if started now, or nullopt when it does not fit.
  std::optional<Claim> fit(JobId job, int attempt);
  /// True (and the run stopping, said once) when the journal could not be written.
  bool journal_failed();
  void process_completions(std::vector<exec::JobCompletion> completions);
  void check_awaiting();
  SteadyTime next_wake() const;
  RunStatus stop_after_interrupt();
  void sync_state();
  RunStatus finish_run(RunStatus status);

  // job_start.cpp
  void start_job(JobId job, int attempt, Claim claim);
  /// The job's spec and script files; nullopt when that failed (the job failed with it).
  std::optional<Active> open_job(JobId job, int attempt, Claim claim);
  /// Everything before handing `active` to the executor: protected check, outputs removed
  /// and journalled incomplete, shadow made, observer told; false when the job failed.
  bool prepare_job(Active& active);
  /// True when the executor tracks `active`'s job from an earlier flow again (cluster): it is
  /// in flight now, its outputs left alone.
  bool reattach(Active& active);
  /// Starts job group `unit` as one submission (spec §9): its members that can still run.
  /// When an earlier flow's submission runs some of them, those are re-attached and the rest
  /// start on their own once what they need is done.
  void start_unit(std::size_t unit);
  /// A group member that was not run (a member it needs failed): the plan decides it again.
  void skip(Active active, const std::string& why);
  void finish_stepless_job(JobId job);

  // job_shadow.cpp (spec §8)
  /// Lays out a shadow job's scratch directory; `make`: creates it (false for a cluster job
  /// re-attached to, whose scratch is there already). On an error nothing is left.
  Result<void> open_shadow(Active& active, bool make);
  /// Moves the logs back, and the outputs when `succeeded`, then removes the scratch whatever
  /// happened; the first problem is returned. Nothing when the job has no scratch open.
  Result<void> close_shadow(Active& active, bool succeeded);
  /// Removes every scratch directory (leftovers of a killed flow; nothing runs in them).
  void remove_all_shadows();

  // job_finish.cpp
  void job_ended(Active active, exec::JobCompletion completion);
  /// A job of a pipe pair ended: held until its partner ends, then both succeed or both fail.
  void pair_job_ended(Active active, exec::JobCompletion completion, JobId partner);
  /// On an interrupt: a pipe pair never counts unless both ended before it.
  void drop_held(std::vector<std::string>& removed);
  void succeed(const Active& active, const exec::JobCompletion& completion);
  /// `touched`: the job may have changed its outputs (false when it failed before any of
  /// them was removed, so that they are left alone).
  void fail(const Active& active, const exec::JobCompletion& completion, std::string what,
            bool touched = true);
  void release_temp_files(JobId job);
  /// Asks the grower what `job`'s success adds, and plans it; on an error, the jobs waiting
  /// on `job` fail with it.
  void grow_after(JobId job);
  /// Fails the jobs still waiting on `checkpoint` (its growth failed) with `what`.
  void fail_waiting_on(JobId checkpoint, const std::string& what);
  /// Applies `growth`; appends to `settled` the jobs it added that do not run but that added
  /// jobs wait on (checkpoints that are up to date: their growth follows at once).
  Result<void> apply_growth(dag::DagGrowth growth, std::vector<JobId>& settled);
  /// Fails a job that has not started (it waited on a checkpoint that could not give it its
  /// inputs).
  void fail_unstarted(JobId job, std::string what);
  /// After the loop: jobs still waiting on a checkpoint that has run fail, never silently.
  void fail_stalled();
  std::vector<std::string> remove_outputs(JobId job);
  void warn(const std::vector<Error>& problems);
  void warn_if(const Result<void>& result);

  const RunContext& m_ctx;
  SpecOptions m_spec_options;
  OutputFiles m_files;
  ResourcePool m_pool;
  TempFiles m_temp;
  plan::Plan m_plan;
  std::unordered_map<std::uint32_t, Active> m_active;  // by job id
  std::vector<Awaiting> m_awaiting;
  std::unordered_map<std::uint32_t, Held> m_held;  // by job id: pipe jobs waiting for partner
  /// By job id: pipe jobs whose partner failed and that were asked to stop; the message.
  std::unordered_map<std::uint32_t, std::string> m_broken;
  std::vector<JobId> m_restart;  // failed attempts to start again
  std::vector<JobUnit> m_units;  // job groups (spec §9), started through m_gate
  GroupGate m_gate;
  std::vector<std::size_t> m_unit_queue;  // units free to start, waiting for room
  bool m_gate_stale = false;              // a failure may have freed units: recount
  std::vector<int> m_attempts;            // by job
  bool m_stopping = false;
  RunSummary m_summary;
  SteadyTime m_started;
};

/// "exit code 2", "killed by signal 9 (SIGKILL)".
std::string describe_exit(const exec::JobCompletion& completion);

}  // namespace flow::run
