#pragma once
// What the direct spawner (posix_spawner.cpp) and the job launcher (launcher_main.cpp) share:
// how a child is started (the same attributes and file actions for both), how its output is
// captured and read back, and how a wait status and rusage become an ExitInfo.

#include <spawn.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "flow/base/error.h"
#include "flow/base/result.h"
#include "flow/sys/process.h"

namespace flow::sys::detail {

/// posix_spawn attributes for a job: its own process group (so a whole job tree can be
/// signalled), default signal dispositions and an empty signal mask, whatever the spawning
/// process does with signals.
class SpawnAttributes {
 public:
  SpawnAttributes();
  ~SpawnAttributes();
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;

  const posix_spawnattr_t* get() const { return &m_attributes; }

 private:
  posix_spawnattr_t m_attributes{};
};

/// Where a child's stdout and stderr go: memfds (captured output), or -1 for both to inherit
/// the spawning process's own.
struct CaptureFds {
  int out = -1;  ///< stdout, and stderr too unless `err` is set
  int err = -1;  ///< stderr with OutputMode::split
};

/// The memfds for `mode` (none for OutputMode::inherit); an io error when they cannot be made.
Result<CaptureFds> make_capture_fds(OutputMode mode);

/// Closes the descriptors of `fds` that are open.
void close_capture_fds(CaptureFds& fds);

/// Reads the captured output into `info` (output, error_output) and closes the memfds.
void read_and_close_capture(CaptureFds& fds, ExitInfo& info);

/// Starts `argv` (argv[0] looked up on PATH) with stdin from /dev/null, in `cwd` (empty: the
/// caller's), with the caller's environment plus `env` ("NAME=VALUE", replacing), and stdout
/// and stderr to `fds`. Returns 0 and sets `pid`, or the errno of the failure.
int spawn_child(const SpawnAttributes& attributes, const std::vector<std::string>& argv,
                const std::string& cwd, const std::vector<std::string>& env, const CaptureFds& fds,
                pid_t& pid);

/// The error for a spawn that failed with `errno_value`: "command not found: X" for ENOENT.
Error spawn_error(int errno_value, const std::string& program);

/// Fills exit_code or signal from a wait status.
void set_exit_status(ExitInfo& info, int status);

/// Fills the resource figures (cpu, max_rss, io) from wait4's rusage.
void set_usage(ExitInfo& info, const rusage& usage);

}  // namespace flow::sys::detail
