#pragma once
// Child processes: spawned each in its own process group, reaped with their resource usage.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/base/time.h"

namespace flow::sys {

enum class OutputMode {
  capture,  ///< stdout and stderr go to one buffer, returned whole in ExitInfo::output
  split,    ///< stdout to ExitInfo::output, stderr to ExitInfo::error_output
  inherit,  ///< the child writes to flow's own stdout and stderr
};

struct SpawnRequest {
  /// argv[0] is looked up on PATH when it contains no '/'.
  std::vector<std::string> argv;
  /// Working directory of the child; empty: flow's own.
  std::string cwd;
  /// "NAME=VALUE" entries added to (or replacing in) flow's environment.
  std::vector<std::string> env;
  OutputMode output = OutputMode::capture;
};

struct ProcessHandle {
  int pid = -1;
  friend bool operator==(ProcessHandle, ProcessHandle) = default;
};

/// How a child ended, and what it used (wait4's rusage covers the child and every
/// descendant it waited for, which is the job's process tree).
struct ExitInfo {
  ProcessHandle process;
  int exit_code = 0;  ///< valid when signal == 0
  int signal = 0;     ///< the signal that killed it, or 0
  double wall_seconds = 0;
  double cpu_seconds = 0;  ///< user + system
  long max_rss_kb = 0;
  long io_in_blocks = 0;
  long io_out_blocks = 0;
  std::string output;        ///< captured stdout and stderr, interleaved as written
  std::string error_output;  ///< captured stderr, with OutputMode::split only

  bool succeeded() const { return signal == 0 && exit_code == 0; }
};

class ProcessSpawner {
 public:
  virtual ~ProcessSpawner() = default;
  /// Starts a child in a new process group. An error when it cannot start at all (for
  /// example, argv[0] not found: the message then says "command not found").
  virtual Result<ProcessHandle> spawn(const SpawnRequest& request) = 0;
  /// Waits until at least one child ends, `deadline` passes, or an interrupt arrives
  /// (see interrupt.h); returns the children that ended, possibly none.
  virtual std::vector<ExitInfo> wait_any(SteadyTime deadline) = 0;
  /// Waits for one particular child (others that end meanwhile are kept for wait_any).
  virtual ExitInfo wait_for(ProcessHandle process) = 0;
  /// Sends `signal` to the child's whole process group.
  virtual void signal_group(ProcessHandle process, int signal) = 0;
  /// Number of children started and not yet returned by wait_any.
  virtual std::size_t running() const = 0;
};

std::unique_ptr<ProcessSpawner> make_posix_spawner();

/// Runs a command to completion, capturing its output (for qsub, qstat and friends).
struct CommandResult {
  int exit_code = 0;         ///< 128 + signal when killed
  std::string output;        ///< stdout (and stderr unless the request asked for split)
  std::string error_output;  ///< stderr with OutputMode::split
};
Result<CommandResult> run_command(ProcessSpawner& spawner, const SpawnRequest& request);

/// Where `program` is found on $PATH (an executable regular file), as execvp would find it.
std::optional<std::string> find_on_path(const std::string& program);

/// The absolute path of the running flow binary (/proc/self/exe).
std::string self_executable();

}  // namespace flow::sys

namespace flow::sys {

/// True when a process with `pid` exists on this machine (kill(pid, 0)).
bool process_exists(int pid);
/// This machine's host name.
std::string host_name();
/// flow's own process id.
int own_pid();
/// flow's real user and group ids (containers run jobs as them).
unsigned own_uid();
unsigned own_gid();

}  // namespace flow::sys
