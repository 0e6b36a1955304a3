#pragma once
// Every executor flow has, in one table: `--executor NAME` is looked up here, the CLI asks it
// whether jobs leave this machine, and it makes the executor. Adding an ExecutorKind without
// a table entry does not compile (executor_registry.cpp).

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "flow/base/result.h"
#include "flow/exec/cluster_options.h"
#include "flow/exec/executor.h"
#include "flow/sys/clock.h"
#include "flow/sys/filesystem.h"
#include "flow/sys/process.h"

namespace flow::exec {

enum class ExecutorKind : std::uint8_t {
  local,  ///< this machine (spec §2)
  pbs,    ///< PBS Pro, OpenPBS, Torque: qsub / qstat / qdel
  slurm,  ///< sbatch / squeue / scancel
  sge,    ///< Grid Engine: qsub -terse / qstat / qdel
  count,  ///< not an executor: the number of kinds (keep it last)
};

/// What an executor is made from. Local executors use only the spawner and the clock;
/// cluster executors get `cluster` with `scheduler` set by their entry.
struct ExecutorContext {
  ClusterOptions cluster;
  sys::ProcessSpawner& spawner;
  sys::Filesystem& fs;
  const sys::Clock& clock;
};

using MakeExecutor = Result<std::unique_ptr<Executor>> (*)(const ExecutorContext& context);

struct ExecutorEntry {
  ExecutorKind kind = ExecutorKind::count;
  std::string_view name;   ///< as `--executor` and profiles spell it
  bool is_remote = false;  ///< jobs run elsewhere (a batch scheduler), not in this process
  MakeExecutor make = nullptr;
};

/// All executors, in ExecutorKind order.
std::span<const ExecutorEntry> executor_entries();

/// The entry called `name`, or null.
const ExecutorEntry* find_executor(std::string_view name);

/// The entry of `kind`.
const ExecutorEntry& executor_entry(ExecutorKind kind);

/// "local, pbs, slurm or sge", for help texts and messages.
std::string executor_names_text();

}  // namespace flow::exec
