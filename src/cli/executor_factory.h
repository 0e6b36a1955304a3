#pragma once

#include <memory>

#include "cli/options.h"
#include "flow/exec/executor.h"
#include "flow/sys/clock.h"
#include "flow/sys/filesystem.h"
#include "flow/sys/process.h"

namespace flow::cli {

/// True when `--executor` names an executor whose jobs leave this machine.
bool is_remote_executor(const Options& options);

/// The executor `--executor` names, configured from the options.
Result<std::unique_ptr<exec::Executor>> make_executor(const Options& options,
                                                      sys::ProcessSpawner& spawner,
                                                      sys::Filesystem& fs, const sys::Clock& clock);

}  // namespace flow::cli
