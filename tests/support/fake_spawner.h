#pragma once
// A scripted ProcessSpawner: commands such as qsub answer at once with canned replies, other
// processes run until the test (or a scripted duration on a FakeClock) ends them, and
// signals are recorded. With a FakeClock, wait_any advances simulated time.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flow/sys/process.h"
#include "support/fake_clock.h"

namespace flow::test {

class FakeSpawner : public sys::ProcessSpawner {
 public:
  /// What a scripted command prints and how it exits.
  struct Reply {
    int exit_code = 0;
    std::string output;        ///< stdout
    std::string error_output;  ///< stderr (merged into output unless OutputMode::split)
  };
  using Handler = std::function<Reply(const sys::SpawnRequest&)>;

  /// Without a clock, wait_any never waits: it returns what has ended, or nothing.
  explicit FakeSpawner(FakeClock* clock = nullptr) : m_clock(clock) {}

  /// A process whose argv[0] is `program` ends as soon as it starts, with the handler's
  /// reply (replaces an earlier script for it).
  void on_command(const std::string& program, Handler handler);
  void on_command(const std::string& program, Reply reply);
  /// Processes of `program` run for `duration` of the FakeClock, then exit with `exit_code`.
  void run_for(const std::string& program, Duration duration, int exit_code = 0);
  /// spawn() of `program` fails with "command not found: PROGRAM".
  void make_missing(const std::string& program);

  /// Ends a running process; the next wait_any or wait_for returns it.
  void finish(sys::ProcessHandle process, int exit_code, std::string output = "");
  /// The process ignores SIGTERM (only SIGKILL ends it).
  void ignore_term(sys::ProcessHandle process);

  /// Every request spawned, in order.
  const std::vector<sys::SpawnRequest>& spawned() const { return m_spawned; }
  /// The argv of every spawn of `program`, in order.
  std::vector<std::vector<std::string>> calls(const std::string& program) const;
  /// Every signal_group call: (pid, signal).
  const std::vector<std::pair<int, int>>& signals() const { return m_signals; }
  /// Handles of processes still running (not ended).
  std::vector<sys::ProcessHandle> running_handles() const;

  Result<sys::ProcessHandle> spawn(const sys::SpawnRequest& request) override;
  std::vector<sys::ExitInfo> wait_any(SteadyTime deadline) override;
  sys::ExitInfo wait_for(sys::ProcessHandle process) override;
  void signal_group(sys::ProcessHandle process, int signal) override;
  std::size_t running() const override { return m_running.size() + m_ended.size(); }

 private:
  struct Process {
    sys::SpawnRequest request;
    std::optional<SteadyTime> ends_at;
    int exit_code = 0;
    bool ignores_term = false;
  };
  void end(int pid, sys::ExitInfo info);
  void end_due_processes();

  FakeClock* m_clock;
  std::map<std::string, Handler> m_commands;
  std::map<std::string, std::pair<Duration, int>> m_durations;
  std::vector<std::string> m_missing;
  std::vector<sys::SpawnRequest> m_spawned;
  std::vector<std::pair<int, int>> m_signals;
  std::map<int, Process> m_running;
  std::vector<sys::ExitInfo> m_ended;  ///< ended, not yet returned
  int m_next_pid = 1000;
};

}  // namespace flow::test
