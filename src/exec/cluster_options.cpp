#include <cstdlib>

#include <fmt/format.h>

#include "exec/cluster_backend.h"
#include "exec/job_script.h"
#include "exec/resource_template.h"
#include "flow/exec/cluster_executor.h"
#include "flow/exec/cluster_options.h"

namespace flow::exec {
namespace {

// No default: a SchedulerKind without its backend is a compile error (-Werror=switch).
std::unique_ptr<ClusterBackend> make_backend(const ClusterOptions& options) {
  switch (options.scheduler) {
    case SchedulerKind::pbs:
      return make_pbs_backend(options);
    case SchedulerKind::slurm:
      return make_slurm_backend(options);
    case SchedulerKind::sge:
      return make_sge_backend(options);
  }
  return nullptr;  // not reached: every kind is handled above
}

}  // namespace

ClusterOptions default_cluster_options() {
  ClusterOptions options;
  options.flow_binary = sys::self_executable();
  if (const char* path = std::getenv("PATH")) options.path_env = path;
  return options;
}

Result<void> validate_cluster_options(const ClusterOptions& options) {
  auto usage = [](std::string message) { return make_error(ErrorKind::usage, std::move(message)); };
  if (options.jobs < 1) return usage("--jobs must be at least 1 for a cluster executor");
  if (options.poll_interval <= Duration::zero()) return usage("--cluster-poll must be positive");
  if (options.marker_interval <= Duration::zero()) {
    return usage("the marker check interval must be positive");
  }
  if (options.latency_wait < Duration::zero()) return usage("--latency-wait must not be negative");
  if (options.submit_rate < 0) return usage("--max-submit-rate must not be negative");
  if (!options.state_dir.empty() && options.state_dir.front() != '/') {
    return usage(
        fmt::format("the cluster state directory '{}' must be absolute", options.state_dir));
  }
  if (options.scheduler == SchedulerKind::sge) {
    for (const auto* pe : {&options.sge_pe, &options.sge_mpi_pe}) {
      if (!is_safe_directive_value(*pe)) {
        return usage(
            fmt::format("--sge-pe/--sge-mpi-pe '{}' is not a parallel environment name", *pe));
      }
    }
  }
  if (options.scheduler == SchedulerKind::pbs && !options.resource_template.empty()) {
    return validate_resource_template(options.resource_template);
  }
  return ok_result();
}

Result<std::unique_ptr<Executor>> make_cluster_executor(const ClusterOptions& options,
                                                        sys::ProcessSpawner& spawner,
                                                        sys::Filesystem& fs,
                                                        const sys::Clock& clock) {
  if (auto valid = validate_cluster_options(options); !valid) return valid.error();
  return std::unique_ptr<Executor>(
      std::make_unique<ClusterExecutor>(options, make_backend(options), spawner, fs, clock));
}

}  // namespace flow::exec
