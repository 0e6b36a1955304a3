#pragma once
// Jobs left running by a flow that died (kill -9, a crash, an OOM kill of flow and its
// launcher): the journal names them (StateLog::running_jobs), and a new flow deals with them
// before it touches any output, since they may still be writing one.

#include <functional>
#include <string>

#include "flow/base/result.h"
#include "flow/state/state_log.h"
#include "flow/sys/clock.h"
#include "flow/sys/process_table.h"

namespace flow::state {

enum class LeftoverPolicy {
  stop,  ///< SIGTERM to each one's process group, SIGKILL after the grace (the default)
  wait,  ///< wait until they end by themselves (--wait-leftovers)
};

/// How long leftovers get between SIGTERM and SIGKILL, and how long after SIGKILL flow
/// gives up on them (processes stuck in the kernel).
constexpr Duration k_leftover_grace = std::chrono::seconds(10);

/// Finds the journalled running jobs that still run, says what it does about them through
/// `say` (one line), stops or waits for them, and journals them all as ended. Their outputs
/// are journalled as incomplete already, so the run remakes them. An error when interrupted
/// (ErrorKind::interrupted) or when they cannot be stopped.
Result<void> settle_leftover_jobs(StateLog& log, sys::ProcessTable& table, const sys::Clock& clock,
                                  LeftoverPolicy policy,
                                  const std::function<void(const std::string&)>& say);

}  // namespace flow::state
