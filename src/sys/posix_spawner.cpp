#include "sys/posix_spawner.h"

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string_view>

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
  // A pid is reused only once its old group is gone: that job is over.
  if (auto old = m_lingering.take(pid)) finish(*old);
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
    poll(&wake, 1, poll_ms(std::min<long long>(wait_ms + 1, 1000)));
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
      poll(&wake, 1, poll_ms(100));
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

void PosixSpawner::adopt_lingering(ProcessHandle process, SteadyTime started, CaptureFds fds) {
  m_children[process.pid] = Child{started, fds};
  LingeringGroups::Ended lost{process.pid, 127 << 8, {}};  // "exit 127", as wait_for's lost
  if (m_lingering.leader_ended(lost, std::chrono::steady_clock::now())) finish(lost);
}

int PosixSpawner::poll_ms(long long cap_ms) const {
  int lingering = m_lingering.poll_timeout_ms();
  if (lingering >= 0) cap_ms = std::min<long long>(cap_ms, lingering);
  return static_cast<int>(cap_ms);
}

// A job is over when its leader has ended and its whole process group is gone
// (sys/job_groups.h); other children (orphans of jobs: flow is a subreaper) are only reaped.
void PosixSpawner::reap_finished() {
  auto now = std::chrono::steady_clock::now();
  while (true) {
    LingeringGroups::Ended ended;
    pid_t pid = wait4(-1, &ended.status, WNOHANG, &ended.usage);
    if (pid <= 0) break;
    if (!m_children.contains(pid)) continue;  // not ours: nothing to report
    ended.pid = pid;
    if (m_lingering.leader_ended(ended, now)) finish(ended);
  }
  for (const auto& ended : m_lingering.take_finished(now))
    finish(ended);
}

void PosixSpawner::finish(const LingeringGroups::Ended& ended) {
  auto it = m_children.find(ended.pid);
  if (it == m_children.end()) return;
  ExitInfo info;
  info.process = ProcessHandle{ended.pid};
  set_exit_status(info, ended.status);
  info.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.started).count();
  set_usage(info, ended.usage);
  read_and_close_capture(it->second.fds, info);
  m_children.erase(it);
  m_finished.push_back(std::move(info));
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

std::optional<std::string> find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/bin:/bin";
  while (true) {
    std::size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(colon + 1);
  }
}

std::string self_executable() {
  char buffer[4096];
  ssize_t length = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (length <= 0) return "flow";
  return std::string(buffer, static_cast<std::size_t>(length));
}

}  // namespace flow::sys
