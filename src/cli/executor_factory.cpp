#include "cli/executor_factory.h"

#include <fmt/format.h>

#include "flow/exec/cluster_options.h"
#include "flow/exec/executor_registry.h"

namespace flow::cli {
namespace {

exec::ClusterOptions cluster_options(const Options& o) {
  exec::ClusterOptions cluster = exec::default_cluster_options();
  cluster.pbs_flavor = o.pbs_flavor == "torque" ? exec::PbsFlavor::torque : exec::PbsFlavor::pro;
  cluster.resource_template = o.pbs_resources;
  cluster.queue = o.cluster_queue;
  cluster.account = o.cluster_account;
  cluster.project = o.pbs_project;
  if (o.jobs > 0) cluster.jobs = o.jobs;
  cluster.poll_interval =
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.cluster_poll));
  cluster.latency_wait =
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.latency_wait));
  cluster.submit_rate = o.max_submit_rate;
  cluster.cancel_leftovers = o.cancel_leftovers;
  return cluster;
}

}  // namespace

bool is_remote_executor(const Options& o) {
  const auto* entry = exec::find_executor(o.executor);
  return entry != nullptr && entry->is_remote;
}

Result<std::unique_ptr<exec::Executor>> make_executor(const Options& o,
                                                      sys::ProcessSpawner& spawner,
                                                      sys::Filesystem& fs,
                                                      const sys::Clock& clock) {
  const auto* entry = exec::find_executor(o.executor);
  if (entry == nullptr) {
    return make_error(ErrorKind::usage, fmt::format("--executor: unknown executor '{}' (use {})",
                                                    o.executor, exec::executor_names_text()));
  }
  exec::ExecutorContext context{entry->is_remote ? cluster_options(o) : exec::ClusterOptions{},
                                spawner, fs, clock};
  return entry->make(context);
}

}  // namespace flow::cli
