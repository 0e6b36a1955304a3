#include "cli/executor_factory.h"

#include <ostream>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "flow/base/strings.h"
#include "flow/exec/cluster_options.h"
#include "flow/exec/executor_registry.h"
#include "flow/sys/process.h"

namespace flow::cli {
namespace {

exec::ClusterOptions cluster_options(const Options& o) {
  exec::ClusterOptions cluster = exec::default_cluster_options();
  cluster.pbs_flavor = o.pbs_flavor == "torque" ? exec::PbsFlavor::torque : exec::PbsFlavor::pro;
  cluster.resource_template = o.pbs_resources;
  cluster.queue = o.cluster_queue;
  cluster.account = o.cluster_account;
  cluster.project = o.pbs_project;
  cluster.sge_pe = o.sge_pe;
  cluster.sge_mpi_pe = o.sge_mpi_pe;
  // Words split at spaces, no shell quoting: the Slurm qsub wrapper splits them anyway.
  for (auto& word : split(o.cluster_args, ' ')) {
    if (!word.empty()) cluster.extra_submit_args.push_back(std::move(word));
  }
  if (o.jobs > 0) cluster.jobs = o.jobs;
  cluster.poll_interval =
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.cluster_poll));
  cluster.latency_wait =
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.latency_wait));
  cluster.submit_rate = o.max_submit_rate;
  cluster.cancel_leftovers = o.cancel_leftovers;
  return cluster;
}

// Issue 13 item 5: a scheduler command missing from PATH is said once, before any job,
// rather than as the failure of every job.
Result<void> check_scheduler_commands(std::string_view executor) {
  std::vector<std::string> commands = executor == "slurm"
                                          ? std::vector<std::string>{"sbatch", "squeue", "scancel"}
                                          : std::vector<std::string>{"qsub", "qstat", "qdel"};
  std::vector<std::string> missing;
  for (const auto& command : commands) {
    if (!sys::find_on_path(command)) missing.push_back(command);
  }
  if (missing.empty()) return ok_result();
  std::string what = missing.size() == commands.size() ? std::string("none of them is there")
                     : missing.size() == 1
                         ? missing.front() + " is not there"
                         : fmt::format("{} are not there", fmt::join(missing, " and "));
  Error error = make_error(ErrorKind::usage,
                           fmt::format("--executor {} needs {}, {} and {} on PATH, and {}; no job "
                                       "was started",
                                       executor, commands[0], commands[1], commands[2], what));
  error.notes.push_back(
      "run flow where the scheduler's commands are (a login node), or use --executor local");
  return error;
}

}  // namespace

void warn_unrequested_resources(const Options& o, const rules::RuleSet& rules, std::ostream& out) {
  if (!is_remote_executor(o)) return;
  exec::ClusterOptions cluster = cluster_options(o);
  cluster.scheduler = o.executor == "slurm" ? exec::SchedulerKind::slurm
                      : o.executor == "sge" ? exec::SchedulerKind::sge
                                            : exec::SchedulerKind::pbs;
  for (const auto& rule : rules.rules()) {
    if (rule.local) continue;  // runs on this machine: no request
    std::vector<std::string> names;
    for (const auto& resource : rule.resources) {
      // A --resources limit is what the user meant it for.
      if (o.resources.count(resource.name) == 0) names.push_back(resource.name);
    }
    auto unused = exec::resources_without_request(names, cluster);
    if (unused.empty()) continue;
    out << fmt::format(
               "flow: warning: rule '{}': resource{} {} go{} into no {} request (docs/cluster.md, "
               "\"Resources\", lists the names each scheduler takes); {} still fill "
               "{{resources.NAME}} and count against --resources",
               rule.name, unused.size() == 1 ? "" : "s", fmt::join(unused, ", "),
               unused.size() == 1 ? "es" : "", o.executor, unused.size() == 1 ? "it does" : "they")
        << std::endl;
  }
}

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
  if (entry->is_remote) {
    if (auto missing = check_scheduler_commands(entry->name); !missing) return missing.error();
  }
  exec::ExecutorContext context{entry->is_remote ? cluster_options(o) : exec::ClusterOptions{},
                                spawner, fs, clock};
  return entry->make(context);
}

}  // namespace flow::cli
