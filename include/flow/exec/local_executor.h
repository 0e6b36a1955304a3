#pragma once
// Runs jobs as child processes of flow, through a ProcessSpawner (one event loop, no threads).

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "flow/exec/executor.h"
#include "flow/sys/clock.h"
#include "flow/sys/process.h"

namespace flow::exec {

class LocalExecutor final : public Executor {
 public:
  /// `spawner` and `clock` must outlive the executor.
  LocalExecutor(sys::ProcessSpawner& spawner, const sys::Clock& clock);

  /// Unbounded: the runner applies cores and resources to local jobs.
  std::size_t capacity() const override;
  /// Spawns spec.argv in spec.workdir with spec.env added and its output captured. An
  /// error (such as "command not found: foo") when the process cannot start.
  Result<void> start(const JobSpec& spec) override;
  /// Returns the jobs that ended, or nothing once `deadline` passes or an interrupt arrives.
  std::vector<JobCompletion> wait(SteadyTime deadline) override;
  /// SIGTERM to every job's process group, up to `grace` for them to end (less if a second
  /// interrupt arrives), then SIGKILL and reap the rest. Every completion is `failed` with
  /// the message "cancelled" (exit code or signal as observed).
  std::vector<JobCompletion> cancel_all(Duration grace) override;
  /// SIGTERM to the job's process group (its completion comes from wait(), marked cancelled).
  void cancel(std::uint32_t job_id) override;
  std::size_t in_flight() const override;

  // The phases of cancel_all, for the cluster executor that cancels its local jobs alongside.
  /// Sends `signal` to every running job's process group.
  void signal_all(int signal);
  /// Like wait(), but every completion is marked cancelled (see cancel_all).
  std::vector<JobCompletion> wait_cancelled(SteadyTime deadline);
  /// SIGKILLs every job still running, reaps each and returns their (cancelled) completions.
  std::vector<JobCompletion> kill_remaining();

 private:
  struct Running {
    std::uint32_t job_id = 0;
  };
  std::vector<JobCompletion> collect(const std::vector<sys::ExitInfo>& exits, bool cancelled);

  sys::ProcessSpawner& m_spawner;
  const sys::Clock& m_clock;
  std::unordered_map<int, Running> m_running;  ///< by pid
};

/// The completion of a process that ended (status from its exit code or signal).
JobCompletion completion_from_exit(std::uint32_t job_id, const sys::ExitInfo& exit);

}  // namespace flow::exec
