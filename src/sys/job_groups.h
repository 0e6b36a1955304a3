#pragma once
// A job is over only when its whole process group is gone, not when its first process ends:
// a pipeline's other end, a background `&` or a subshell may still be writing its outputs.
// Shared by the job launcher (launcher_main.cpp) and the direct spawner (posix_spawner.cpp),
// both of which start each job as the leader of its own process group and are child
// subreapers, so that a job's orphans come back to them and are reaped.

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <unordered_map>
#include <vector>

namespace flow::sys::detail {

/// True while some process (a zombie included) is in process group `pgid`.
bool group_exists(pid_t pgid);

/// How long the rest of a job's group gets after SIGTERM before SIGKILL (when the job's main
/// process failed, or when flow died).
constexpr std::chrono::seconds k_group_stop_grace{10};

/// Jobs whose main process (the group leader) has ended while other processes of their group
/// still run.
class LingeringGroups {
 public:
  using Clock = std::chrono::steady_clock;

  struct Ended {
    pid_t pid = 0;
    int status = 0;  ///< the leader's wait status
    rusage usage{};  ///< the leader's wait4 rusage
  };

  /// The leader `pid` of a job ended. Returns true when its group is gone too (the job is
  /// over); else keeps it until the group is gone. The rest of the group of a leader that
  /// failed is stopped: SIGTERM now, SIGKILL after k_group_stop_grace.
  bool leader_ended(const Ended& ended, Clock::time_point now);

  /// The kept jobs whose groups are gone now; sends SIGKILL to the groups whose grace ended.
  std::vector<Ended> take_finished(Clock::time_point now);

  /// Stops every kept group (SIGTERM now, SIGKILL after the grace).
  void stop_all(Clock::time_point now);

  /// How long to sleep at most before looking again: -1 when nothing is kept. (Most group
  /// ends come with a SIGCHLD, since orphans come back to the subreaper; this is for the
  /// others.)
  int poll_timeout_ms() const;

  /// Forgets the kept job `pid`, returning it (its group gone, the pid is being reused).
  std::optional<Ended> take(pid_t pid);

  bool contains(pid_t pid) const { return m_jobs.contains(pid); }
  bool empty() const { return m_jobs.empty(); }

 private:
  struct Kept {
    Ended ended;
    bool stopping = false;
    Clock::time_point kill_at{};
    bool killed = false;
  };
  void stop(pid_t pid, Kept& kept, Clock::time_point now);

  std::unordered_map<pid_t, Kept> m_jobs;
};

}  // namespace flow::sys::detail
