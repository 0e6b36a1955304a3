#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "flow/plan/staleness.h"
#include "flow/run/resource_sizer.h"
#include "flow/run/software_env.h"

namespace flow::run {

struct RunOptions {
  /// -c: cores shared by local jobs; a job gets min(threads, cores).
  int cores = 1;
  /// --resources NAME=N: limits on the sum of a resource over running local jobs.
  std::map<std::string, std::int64_t> resources;
  /// Jobs run elsewhere (a cluster): cores and resources do not limit them, the
  /// executor's capacity (-j) does. Local jobs (localrules) still use cores.
  bool remote = false;
  bool keep_going = false;    ///< -k
  int retries = 0;            ///< --retries, unless the rule says otherwise
  double latency_wait = 5.0;  ///< seconds to wait for outputs to appear
  bool keep_temp = false;     ///< --notemp
  std::string workdir;        ///< absolute path of the working directory
  std::string flow_binary;    ///< absolute path of flow, for built-in steps
  std::string state_dir = ".flow";
  /// Command strings longer than this go through a script file, not argv.
  std::size_t max_inline_command = 64 * 1024;
  /// --use-envmodules and --use-containers (SpecOptions).
  bool use_envmodules = false;
  ContainerRuntime container_runtime = ContainerRuntime::none;
  unsigned uid = 0;
  unsigned gid = 0;
  /// Sizes auto resources (`mem_mb: auto`, --auto-resources) from the job history; null:
  /// none is sized (the written value, if any, is asked for).
  ResourceSizer* sizer = nullptr;
  /// How often the state journal is forced to disk while jobs run, in seconds.
  double sync_interval = 1.0;
  /// How jobs that a growth of the DAG adds are decided (-F, -R, --rerun-triggers).
  plan::StalenessOptions staleness;
};

}  // namespace flow::run
