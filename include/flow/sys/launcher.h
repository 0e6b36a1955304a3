#pragma once
// Jobs spawned by a small launcher process, so that each job's peak memory (ru_maxrss) is
// its own. The kernel starts a new process's maxrss at the high water mark of the process
// that spawned it; spawned from flow, every job would report at least flow's own memory
// (hundreds of MB with a large DAG). The launcher is forked while flow is still small.

#include <functional>
#include <memory>
#include <string>

#include "flow/sys/process.h"

namespace flow::sys {

/// Receives a one-line warning (no "flow: warning:" prefix, no newline).
using WarningSink = std::function<void(const std::string&)>;

/// Forks the job launcher now (call it before loading anything big) and returns a spawner
/// that starts jobs through it; flow becomes a child subreaper. When the launcher cannot be
/// started, warns and returns the direct spawner (make_posix_spawner). When the launcher dies
/// later, warns once, takes over its running jobs (they become flow's children) and starts
/// further jobs directly. Never hangs on the launcher: an unanswered request counts as its
/// death after a generous timeout.
std::unique_ptr<ProcessSpawner> make_launcher_spawner(WarningSink warn);

}  // namespace flow::sys
