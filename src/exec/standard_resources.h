#pragma once
// Snakemake's standard resource names (issue 12 item 6), read once per job into what a
// scheduler request needs. The backends turn it into sbatch options or a PBS `-l` request;
// docs/cluster.md has the table of which name goes where.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/result.h"
#include "flow/exec/job_spec.h"

namespace flow::exec {

struct StandardRequest {
  std::optional<long> walltime_seconds;  ///< `runtime` (minutes, or "2h", "1h30m"), or `walltime`
  std::optional<std::string> mem_mb;     ///< `mem_mb` as written (a number, or "4G" passed on)
  std::optional<long> mem_mb_per_cpu;    ///< `mem_mb_per_cpu`
  std::optional<long> disk_mb;           ///< `disk_mb`
  std::optional<long> tasks;             ///< `tasks`: processes of an MPI job
  std::optional<long> nodes;             ///< `nodes`
  int cpus_per_task = 1;                 ///< `cpus_per_task`, else the job's threads (at least 1)
  std::string partition;                 ///< `slurm_partition`
  std::string account;                   ///< `slurm_account`
  std::string constraint;                ///< `constraint` (sbatch -C)
  std::vector<std::string> slurm_extra;  ///< `slurm_extra`, split at spaces

  /// Tasks on each node: tasks / nodes rounded up (1 when neither is given).
  long tasks_per_node() const;
};

/// Reads the standard names of `spec.resources`. An error names the rule, the resource and
/// its value when a count is not a positive whole number, a time is not a time, a value
/// cannot go into a scheduler request (spaces, commas...), or both `runtime` and `walltime`
/// are given.
Result<StandardRequest> standard_request(const JobSpec& spec);

/// True for the names standard_request reads (and `_cores`-like names it does not).
bool is_standard_resource(std::string_view name);

/// Seconds of a duration with units, as Snakemake's `runtime: "1h30m"`: one or more
/// NUMBER UNIT pairs, units d, h, m(in), s; nullopt when `text` is not of that form.
std::optional<long> parse_duration_with_units(std::string_view text);

}  // namespace flow::exec
