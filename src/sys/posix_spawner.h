#pragma once
// The direct spawner: flow itself starts each job with posix_spawn and reaps it with wait4.
// Private to sys: the launcher spawner falls back to it, and adopts its running jobs into it
// when the launcher dies.

#include <deque>
#include <unordered_map>

#include "flow/sys/process.h"
#include "sys/job_groups.h"
#include "sys/spawn_support.h"

namespace flow::sys::detail {

class PosixSpawner final : public ProcessSpawner {
 public:
  PosixSpawner();
  ~PosixSpawner() override;
  PosixSpawner(const PosixSpawner&) = delete;
  PosixSpawner& operator=(const PosixSpawner&) = delete;

  Result<ProcessHandle> spawn(const SpawnRequest& request) override;
  std::vector<ExitInfo> wait_any(SteadyTime deadline) override;
  ExitInfo wait_for(ProcessHandle process) override;
  void signal_group(ProcessHandle process, int signal) override;
  std::size_t running() const override;

  /// Takes over a child this process has become the parent of (the job launcher died and
  /// flow, its subreaper, inherited its jobs): it is then reaped and reported like the
  /// others. Takes ownership of `fds`.
  void adopt(ProcessHandle process, SteadyTime started, CaptureFds fds);
  /// Takes over a job whose leader the launcher reaped without telling (it died first) while
  /// the rest of its group runs: reported lost (exit 127) once the group is gone, and the
  /// group is stopped meanwhile, since its outputs are to be removed.
  void adopt_lingering(ProcessHandle process, SteadyTime started, CaptureFds fds);

  /// Whether `process` is one of this spawner's children (running or not yet returned).
  bool knows(ProcessHandle process) const;

 private:
  struct Child {
    SteadyTime started;
    CaptureFds fds;
  };

  void reap_finished();
  /// The job of `ended` is over: its ExitInfo joins m_finished.
  void finish(const LingeringGroups::Ended& ended);
  /// The poll timeout while waiting: `cap_ms`, shorter while a group lingers.
  int poll_ms(long long cap_ms) const;

  SpawnAttributes m_attributes;
  std::unordered_map<pid_t, Child> m_children;
  std::deque<ExitInfo> m_finished;
  LingeringGroups m_lingering;  // jobs whose leader ended while their group lives
  int m_seen_interrupts;        // interrupts already reported by wait_any
};

}  // namespace flow::sys::detail
