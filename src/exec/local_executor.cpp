#include "flow/exec/local_executor.h"

#include <csignal>

#include <limits>

#include "flow/sys/interrupt.h"

namespace flow::exec {

JobCompletion completion_from_exit(std::uint32_t job_id, const sys::ExitInfo& exit) {
  JobCompletion done;
  done.id = job_id;
  done.status = exit.succeeded() ? CompletionStatus::succeeded : CompletionStatus::failed;
  done.exit_code = exit.exit_code;
  done.signal = exit.signal;
  done.wall_seconds = exit.wall_seconds;
  done.cpu_seconds = exit.cpu_seconds;
  done.max_rss_kb = exit.max_rss_kb;
  done.io_in_blocks = exit.io_in_blocks;
  done.io_out_blocks = exit.io_out_blocks;
  done.output = exit.output;
  return done;
}

LocalExecutor::LocalExecutor(sys::ProcessSpawner& spawner, const sys::Clock& clock)
    : m_spawner(spawner), m_clock(clock) {}

std::size_t LocalExecutor::capacity() const {
  return std::numeric_limits<std::size_t>::max();
}

Result<void> LocalExecutor::start(const JobSpec& spec) {
  sys::SpawnRequest request;
  request.argv = spec.argv;
  request.cwd = spec.cwd();
  request.env = spec.env;
  request.output = sys::OutputMode::capture;
  auto process = m_spawner.spawn(request);
  if (!process) return process.error();
  m_running[process->pid] = Running{spec.id};
  return ok_result();
}

std::vector<JobCompletion> LocalExecutor::collect(const std::vector<sys::ExitInfo>& exits,
                                                  bool cancelled) {
  std::vector<JobCompletion> done;
  for (const auto& exit : exits) {
    auto it = m_running.find(exit.process.pid);
    if (it == m_running.end()) continue;  // not one of our jobs (another user of the spawner)
    JobCompletion completion = completion_from_exit(it->second.job_id, exit);
    if (cancelled) {
      // spec §3: an interrupted job is never a success, whatever it exited with.
      completion.status = CompletionStatus::failed;
      completion.message = "cancelled";
    }
    done.push_back(std::move(completion));
    m_running.erase(it);
  }
  return done;
}

std::vector<JobCompletion> LocalExecutor::wait(SteadyTime deadline) {
  while (true) {
    std::vector<sys::ExitInfo> exits = m_spawner.wait_any(deadline);
    // Nothing ended: the deadline passed or an interrupt arrived; either way, return.
    if (exits.empty()) return {};
    std::vector<JobCompletion> done = collect(exits, false);
    if (!done.empty()) return done;
  }
}

std::vector<JobCompletion> LocalExecutor::wait_cancelled(SteadyTime deadline) {
  std::vector<sys::ExitInfo> exits = m_spawner.wait_any(deadline);
  return collect(exits, true);
}

void LocalExecutor::signal_all(int signal) {
  for (const auto& [pid, running] : m_running) {
    m_spawner.signal_group(sys::ProcessHandle{pid}, signal);
  }
}

std::vector<JobCompletion> LocalExecutor::kill_remaining() {
  signal_all(SIGKILL);
  std::vector<sys::ExitInfo> exits;
  for (const auto& [pid, running] : m_running) {
    exits.push_back(m_spawner.wait_for(sys::ProcessHandle{pid}));
  }
  return collect(exits, true);
}

std::vector<JobCompletion> LocalExecutor::cancel_all(Duration grace) {
  int interrupts = sys::interrupt_count();
  signal_all(SIGTERM);
  SteadyTime deadline = m_clock.steady_now() + grace;
  std::vector<JobCompletion> done;
  // Until the deadline, or a second interrupt, which asks for an immediate kill.
  while (!m_running.empty() && m_clock.steady_now() < deadline &&
         sys::interrupt_count() == interrupts) {
    auto ended = collect(m_spawner.wait_any(deadline), true);
    done.insert(done.end(), ended.begin(), ended.end());
  }
  auto killed = kill_remaining();
  done.insert(done.end(), killed.begin(), killed.end());
  return done;
}

void LocalExecutor::cancel(std::uint32_t job_id) {
  for (const auto& [pid, running] : m_running) {
    if (running.job_id == job_id) m_spawner.signal_group(sys::ProcessHandle{pid}, SIGTERM);
  }
}

std::size_t LocalExecutor::in_flight() const {
  return m_running.size();
}

}  // namespace flow::exec
