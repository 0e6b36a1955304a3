#pragma once
// The runner's state and steps; each step is a short function (runner.cpp: the loop,
// job_start.cpp: starting a job, job_finish.cpp: finishing or failing one).

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "flow/plan/plan.h"
#include "flow/run/runner.h"

namespace flow::run {

class Runner {
 public:
  explicit Runner(const RunContext& context);
  RunStatus run();

 private:
  struct Active {
    JobId job;
    int attempt = 1;
    int cores = 0;  ///< cores taken from the pool (0 for remote jobs)
    std::map<std::string, std::int64_t> resources;
    TimeStamp started = 0;
    exec::JobSpec spec;
  };
  /// A job whose command ended well but whose outputs have not all appeared yet.
  struct Awaiting {
    Active active;
    exec::JobCompletion completion;
    SteadyTime deadline;
  };

  // runner.cpp
  void start_ready_jobs();
  void process_completions(std::vector<exec::JobCompletion> completions);
  void check_awaiting();
  SteadyTime next_wake() const;
  RunStatus stop_after_interrupt();
  void sync_state();
  RunStatus finish_run(RunStatus status);

  // job_start.cpp
  bool fits(JobId job, int& cores, std::map<std::string, std::int64_t>& resources);
  void start_job(JobId job, int attempt, int cores, std::map<std::string, std::int64_t> resources);
  Result<void> check_protected(JobId job);
  Result<void> prepare_outputs(JobId job);
  Result<exec::JobSpec> make_spec(JobId job, int attempt, int cores);
  void finish_stepless_job(JobId job);
  std::vector<std::string> marked_outputs(JobId job) const;

  // job_finish.cpp
  void job_ended(Active active, exec::JobCompletion completion);
  /// Missing outputs of the job ("" when all are there and well-formed).
  std::string check_outputs(JobId job, bool refresh);
  void succeed(const Active& active, const exec::JobCompletion& completion);
  /// `touched`: the job may have changed its outputs (false when it failed before any of
  /// them was removed, so that they are left alone).
  void fail(const Active& active, const exec::JobCompletion& completion, std::string what,
            bool touched = true);
  std::vector<std::string> remove_outputs(JobId job);
  void release(const Active& active);
  void write_benchmark(JobId job, const exec::JobCompletion& completion);
  void release_temp_inputs(JobId job);
  void record_outputs(JobId job, TimeStamp started);

  const RunContext& m_ctx;
  plan::Plan m_plan;
  int m_free_cores;
  std::map<std::string, std::int64_t> m_free_resources;
  std::unordered_map<std::uint32_t, Active> m_active;  // by job id
  std::vector<Awaiting> m_awaiting;
  std::vector<JobId> m_restart;             // failed attempts to start again
  std::vector<int> m_attempts;              // by job
  std::vector<std::uint32_t> m_temp_users;  // by file: consumers that run and have not finished
  std::vector<bool> m_scaled_warned;        // by rule: "threads scaled down" said once
  bool m_stopping = false;
  RunSummary m_summary;
  SteadyTime m_started;
};

/// "exit code 2", "killed by signal 9 (SIGKILL)".
std::string describe_exit(const exec::JobCompletion& completion);

}  // namespace flow::run
