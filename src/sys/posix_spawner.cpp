#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <unordered_map>

#include <fmt/format.h>

#include "flow/sys/interrupt.h"
#include "flow/sys/process.h"

extern char** environ;

namespace flow::sys {
namespace {

// Job output beyond this is cut from the middle when read back: the head says what started
// to go wrong, the tail how it ended.
constexpr std::size_t k_max_captured_output = 4 << 20;

struct Child {
  SteadyTime started;
  int capture_fd = -1;  ///< memfd holding the child's stdout (and stderr), or -1
  int error_fd = -1;    ///< memfd holding its stderr with OutputMode::split, or -1
};

int make_capture_fd() {
  return memfd_create("flow-job-output", MFD_CLOEXEC);
}

std::string read_capture(int fd) {
  struct stat info {};
  if (fstat(fd, &info) != 0 || info.st_size <= 0) return {};
  auto size = static_cast<std::size_t>(info.st_size);
  auto read_at = [fd](std::size_t offset, std::size_t length) {
    std::string text(length, '\0');
    ssize_t got = pread(fd, text.data(), length, static_cast<off_t>(offset));
    text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return text;
  };
  if (size <= k_max_captured_output) return read_at(0, size);
  std::size_t half = k_max_captured_output / 2;
  return read_at(0, half) +
         fmt::format("\n[... {} bytes of output omitted ...]\n", size - 2 * half) +
         read_at(size - half, half);
}

// The environment for a child: flow's own, with `overrides` ("NAME=VALUE") replacing or added.
std::vector<std::string> merged_environment(const std::vector<std::string>& overrides) {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    std::string_view name = text.substr(0, text.find('='));
    bool replaced = std::any_of(overrides.begin(), overrides.end(), [&](const std::string& o) {
      return o.size() > name.size() && o.compare(0, name.size(), name) == 0 &&
             o[name.size()] == '=';
    });
    if (!replaced) entries.emplace_back(text);
  }
  entries.insert(entries.end(), overrides.begin(), overrides.end());
  return entries;
}

class PosixSpawner final : public ProcessSpawner {
 public:
  PosixSpawner() : m_seen_interrupts(interrupt_count()) {
    posix_spawnattr_init(&m_attributes);
    // Own process group (so a whole job tree can be signalled), default signal dispositions
    // and an empty mask, whatever flow itself does with signals.
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : {SIGINT, SIGTERM, SIGCHLD, SIGPIPE, SIGQUIT, SIGHUP})
      sigaddset(&defaults, sig);
    sigset_t empty;
    sigemptyset(&empty);
    posix_spawnattr_setsigdefault(&m_attributes, &defaults);
    posix_spawnattr_setsigmask(&m_attributes, &empty);
    posix_spawnattr_setpgroup(&m_attributes, 0);
    posix_spawnattr_setflags(&m_attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                                POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_USEVFORK);
  }
  ~PosixSpawner() override {
    posix_spawnattr_destroy(&m_attributes);
    for (auto& [pid, child] : m_children) {
      if (child.capture_fd >= 0) close(child.capture_fd);
      if (child.error_fd >= 0) close(child.error_fd);
    }
  }
  PosixSpawner(const PosixSpawner&) = delete;
  PosixSpawner& operator=(const PosixSpawner&) = delete;

  Result<ProcessHandle> spawn(const SpawnRequest& request) override {
    if (request.argv.empty()) return make_error(ErrorKind::internal, "spawn: empty argv");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    int capture_fd = -1;
    int error_fd = -1;
    if (request.output != OutputMode::inherit) {
      capture_fd = make_capture_fd();
      if (request.output == OutputMode::split) error_fd = make_capture_fd();
      if (capture_fd < 0 || (request.output == OutputMode::split && error_fd < 0)) {
        int err = errno;
        posix_spawn_file_actions_destroy(&actions);
        if (capture_fd >= 0) close(capture_fd);
        if (error_fd >= 0) close(error_fd);
        return make_error(ErrorKind::io,
                          fmt::format("cannot capture job output: {}", std::strerror(err)));
      }
      posix_spawn_file_actions_adddup2(&actions, capture_fd, 1);
      posix_spawn_file_actions_adddup2(&actions, error_fd >= 0 ? error_fd : capture_fd, 2);
    }
    if (!request.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, request.cwd.c_str());

    std::vector<char*> argv;
    argv.reserve(request.argv.size() + 1);
    for (const auto& word : request.argv)
      argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> env_storage;
    std::vector<char*> envp;
    char** env = environ;
    if (!request.env.empty()) {
      env_storage = merged_environment(request.env);
      for (auto& entry : env_storage)
        envp.push_back(entry.data());
      envp.push_back(nullptr);
      env = envp.data();
    }

    pid_t pid = -1;
    int error = posix_spawnp(&pid, argv[0], &actions, &m_attributes, argv.data(), env);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
      if (capture_fd >= 0) close(capture_fd);
      if (error_fd >= 0) close(error_fd);
      if (error == ENOENT) {
        return make_error(ErrorKind::job, fmt::format("command not found: {}", request.argv[0]));
      }
      return make_error(ErrorKind::job, fmt::format("cannot start '{}': {}", request.argv[0],
                                                    std::strerror(error)));
    }
    m_children[pid] = Child{std::chrono::steady_clock::now(), capture_fd, error_fd};
    return ProcessHandle{pid};
  }

  std::vector<ExitInfo> wait_any(SteadyTime deadline) override {
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

  ExitInfo wait_for(ProcessHandle process) override {
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

  void signal_group(ProcessHandle process, int signal) override {
    if (process.pid > 0 && m_children.contains(process.pid)) kill(-process.pid, signal);
  }

  std::size_t running() const override { return m_children.size(); }

 private:
  void reap_finished() {
    while (true) {
      int status = 0;
      rusage usage{};
      pid_t pid = wait4(-1, &status, WNOHANG, &usage);
      if (pid <= 0) return;
      auto it = m_children.find(pid);
      if (it == m_children.end()) continue;  // not ours: nothing to report
      ExitInfo info;
      info.process = ProcessHandle{pid};
      if (WIFSIGNALED(status)) {
        info.signal = WTERMSIG(status);
      } else {
        info.exit_code = WEXITSTATUS(status);
      }
      info.wall_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.started)
              .count();
      info.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
      info.max_rss_kb = usage.ru_maxrss;
      info.io_in_blocks = usage.ru_inblock;
      info.io_out_blocks = usage.ru_oublock;
      if (it->second.capture_fd >= 0) {
        info.output = read_capture(it->second.capture_fd);
        close(it->second.capture_fd);
      }
      if (it->second.error_fd >= 0) {
        info.error_output = read_capture(it->second.error_fd);
        close(it->second.error_fd);
      }
      m_children.erase(it);
      m_finished.push_back(std::move(info));
    }
  }

  posix_spawnattr_t m_attributes{};
  std::unordered_map<pid_t, Child> m_children;
  std::deque<ExitInfo> m_finished;
  int m_seen_interrupts;  // interrupts already reported by wait_any
};

}  // namespace

std::unique_ptr<ProcessSpawner> make_posix_spawner() {
  return std::make_unique<PosixSpawner>();
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
