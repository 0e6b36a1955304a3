#include "cli/executor_factory.h"

#include "flow/exec/cluster_executor.h"
#include "flow/exec/local_executor.h"

namespace flow::cli {

Result<std::unique_ptr<exec::Executor>> make_executor(const Options& o,
                                                      sys::ProcessSpawner& spawner,
                                                      sys::Filesystem& fs,
                                                      const sys::Clock& clock) {
  if (o.executor == "local") {
    return std::unique_ptr<exec::Executor>(std::make_unique<exec::LocalExecutor>(spawner, clock));
  }
  exec::ClusterOptions cluster = exec::default_cluster_options();
  cluster.scheduler = o.executor == "slurm" ? exec::SchedulerKind::slurm : exec::SchedulerKind::pbs;
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
  return exec::make_cluster_executor(cluster, spawner, fs, clock);
}

}  // namespace flow::cli
