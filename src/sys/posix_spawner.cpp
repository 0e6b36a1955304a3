#include "sys/posix_spawner.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "flow/sys/interrupt.h"

namespace flow::sys {
namespace detail {

PosixSpawner::PosixSpawner() : m_seen_interrupts(interrupt_count()) {}

PosixSpawner::~PosixSpawner() {
  for (auto& [pid, child] : m_children)
    close_capture_fds(child.fds);
}

Result<ProcessHandle> PosixSpawner::spawn(const SpawnRequest& request) {
  if (request.argv.empty()) return make_error(ErrorKind::internal, "spawn: empty argv");
  auto fds = make_capture_fds(request.output);
  if (!fds) return fds.error();
  pid_t pid = -1;
  int error = spawn_child(m_attributes, request.argv, request.cwd, request.env, *fds, pid);
  if (error != 0) {
    close_capture_fds(*fds);
    return spawn_error(error, request.argv[0]);
  }
  m_children[pid] = Child{std::chrono::steady_clock::now(), *fds};
  return ProcessHandle{pid};
}

std::vector<ExitInfo> PosixSpawner::wait_any(SteadyTime deadline) {
  while (true) {
    reap_finished();
    if (!m_finished.empty()) {
      std::vector<ExitInfo> done(std::make_move_iterator(m_finished.begin()),
                                 std::make_move_iterator(m_finished.end()));
      m_finished.clear();
      return done;
    }
    if (interrupt_count() != m_seen_interrupts) {
      m_seen_interrupts = interrupt_count();
      return {};
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return {};
    auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    pollfd wake{signal_wake_fd(), POLLIN, 0};
    // The self-pipe wakes us for SIGCHLD; the cap guards against a lost wake-up anyway.
    poll(&wake, 1, static_cast<int>(std::min<long long>(wait_ms + 1, 1000)));
    drain_signal_wake_fd();
  }
}

ExitInfo PosixSpawner::wait_for(ProcessHandle process) {
  while (true) {
    for (auto it = m_finished.begin(); it != m_finished.end(); ++it) {
      if (it->process == process) {
        ExitInfo info = std::move(*it);
        m_finished.erase(it);
        return info;
      }
    }
    if (!m_children.contains(process.pid)) {
      ExitInfo lost;
      lost.process = process;
      lost.exit_code = 127;
      return lost;
    }
    reap_finished();
    if (std::none_of(m_finished.begin(), m_finished.end(),
                     [&](const ExitInfo& info) { return info.process == process; })) {
      pollfd wake{signal_wake_fd(), POLLIN, 0};
      poll(&wake, 1, 100);
      drain_signal_wake_fd();
    }
  }
}

void PosixSpawner::signal_group(ProcessHandle process, int signal) {
  if (process.pid > 0 && m_children.contains(process.pid)) kill(-process.pid, signal);
}

std::size_t PosixSpawner::running() const {
  return m_children.size() + m_finished.size();
}

void PosixSpawner::adopt(ProcessHandle process, SteadyTime started, CaptureFds fds) {
  m_children[process.pid] = Child{started, fds};
}

bool PosixSpawner::knows(ProcessHandle process) const {
  return m_children.contains(process.pid) ||
         std::any_of(m_finished.begin(), m_finished.end(),
                     [&](const ExitInfo& info) { return info.process == process; });
}

void PosixSpawner::reap_finished() {
  while (true) {
    int status = 0;
    rusage usage{};
    pid_t pid = wait4(-1, &status, WNOHANG, &usage);
    if (pid <= 0) return;
    auto it = m_children.find(pid);
    if (it == m_children.end()) continue;  // not ours: nothing to report
    ExitInfo info;
    info.process = ProcessHandle{pid};
    set_exit_status(info, status);
    info.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.started)
            .count();
    set_usage(info, usage);
    read_and_close_capture(it->second.fds, info);
    m_children.erase(it);
    m_finished.push_back(std::move(info));
  }
}

}  // namespace detail

std::unique_ptr<ProcessSpawner> make_posix_spawner() {
  return std::make_unique<detail::PosixSpawner>();
}

Result<CommandResult> run_command(ProcessSpawner& spawner, const SpawnRequest& request) {
  auto started = spawner.spawn(request);
  if (!started) return started.error();
  ExitInfo info = spawner.wait_for(*started);
  CommandResult result;
  result.exit_code = info.signal != 0 ? 128 + info.signal : info.exit_code;
  result.output = std::move(info.output);
  result.error_output = std::move(info.error_output);
  return result;
}

std::string self_executable() {
  char buffer[4096];
  ssize_t length = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (length <= 0) return "flow";
  return std::string(buffer, static_cast<std::size_t>(length));
}

}  // namespace flow::sys
