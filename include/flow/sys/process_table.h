#pragma once
// Processes flow did not start in this run: jobs left running by a flow that died, which the
// journal names (state/leftover_jobs.h). The real table reads /proc and signals; tests use a
// fake.

#include <cstdint>
#include <memory>
#include <optional>

#include "flow/base/time.h"

namespace flow::sys {

/// A job process as the journal records it. The start time (clock ticks since boot, field 22
/// of /proc/PID/stat) tells it from a later process that was given the same pid.
struct ProcessIdentity {
  int pid = 0;
  int pgid = 0;
  std::uint64_t start_ticks = 0;
};

class ProcessTable {
 public:
  virtual ~ProcessTable() = default;
  /// The start time of process `pid`; nullopt when there is no such process.
  virtual std::optional<std::uint64_t> start_ticks(int pid) const = 0;
  /// Whether some process (a zombie included) is in process group `pgid`.
  virtual bool group_exists(int pgid) const = 0;
  virtual void signal_group(int pgid, int signal) = 0;
  /// Waits about `how_long`, less when an interrupt (interrupt.h) arrives.
  virtual void pause(Duration how_long) = 0;
};

std::unique_ptr<ProcessTable> make_real_process_table();

/// True while the job `process` still runs: its leader (the same process: same start time),
/// or, the leader gone, the rest of its group. A pid is not given again while its group
/// exists, so a group found under a pid whose process is gone is still the job's own; a live
/// process under the pid with another start time means the job's group is long gone.
bool still_running(const ProcessTable& table, const ProcessIdentity& process);

/// The start time of `pid` from /proc/PID/stat; nullopt when there is no such process.
std::optional<std::uint64_t> read_process_start_ticks(int pid);

}  // namespace flow::sys
