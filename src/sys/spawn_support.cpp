#include "sys/spawn_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

extern char** environ;

namespace flow::sys::detail {
namespace {

// Job output beyond this is cut from the middle when read back: the head says what started
// to go wrong, the tail how it ended.
constexpr std::size_t k_max_captured_output = 4 << 20;

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

// The environment for a child: the caller's own, with `overrides` ("NAME=VALUE") replacing
// or added.
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

}  // namespace

SpawnAttributes::SpawnAttributes() {
  posix_spawnattr_init(&m_attributes);
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

SpawnAttributes::~SpawnAttributes() {
  posix_spawnattr_destroy(&m_attributes);
}

Result<CaptureFds> make_capture_fds(OutputMode mode) {
  CaptureFds fds;
  if (mode == OutputMode::inherit) return fds;
  fds.out = make_capture_fd();
  if (fds.out >= 0 && mode == OutputMode::split) fds.err = make_capture_fd();
  if (fds.out < 0 || (mode == OutputMode::split && fds.err < 0)) {
    int err = errno;
    close_capture_fds(fds);
    return make_error(ErrorKind::io,
                      fmt::format("cannot capture job output: {}", std::strerror(err)));
  }
  return fds;
}

void close_capture_fds(CaptureFds& fds) {
  if (fds.out >= 0) close(fds.out);
  if (fds.err >= 0) close(fds.err);
  fds = CaptureFds{};
}

void read_and_close_capture(CaptureFds& fds, ExitInfo& info) {
  if (fds.out >= 0) info.output = read_capture(fds.out);
  if (fds.err >= 0) info.error_output = read_capture(fds.err);
  close_capture_fds(fds);
}

int spawn_child(const SpawnAttributes& attributes, const std::vector<std::string>& argv,
                const std::string& cwd, const std::vector<std::string>& env, const CaptureFds& fds,
                pid_t& pid) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (fds.out >= 0) {
    posix_spawn_file_actions_adddup2(&actions, fds.out, 1);
    posix_spawn_file_actions_adddup2(&actions, fds.err >= 0 ? fds.err : fds.out, 2);
  }
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& word : argv)
    args.push_back(const_cast<char*>(word.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_storage;
  std::vector<char*> envp;
  char** child_env = environ;
  if (!env.empty()) {
    env_storage = merged_environment(env);
    for (auto& entry : env_storage)
      envp.push_back(entry.data());
    envp.push_back(nullptr);
    child_env = envp.data();
  }
  int error = posix_spawnp(&pid, args[0], &actions, attributes.get(), args.data(), child_env);
  posix_spawn_file_actions_destroy(&actions);
  return error;
}

Error spawn_error(int errno_value, const std::string& program) {
  if (errno_value == ENOENT) {
    return make_error(ErrorKind::job, fmt::format("command not found: {}", program));
  }
  return make_error(ErrorKind::job,
                    fmt::format("cannot start '{}': {}", program, std::strerror(errno_value)));
}

void set_exit_status(ExitInfo& info, int status) {
  if (WIFSIGNALED(status)) {
    info.signal = WTERMSIG(status);
  } else {
    info.exit_code = WEXITSTATUS(status);
  }
}

void set_usage(ExitInfo& info, const rusage& usage) {
  info.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  info.max_rss_kb = usage.ru_maxrss;
  info.io_in_blocks = usage.ru_inblock;
  info.io_out_blocks = usage.ru_oublock;
}

}  // namespace flow::sys::detail
