#pragma once
// What differs between schedulers: the submission command and directives, the job id it
// prints, the status query and its table, and the cancel command. The ClusterExecutor does
// everything else (job scripts, markers, polling, re-attach) the same way for all of them.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "flow/base/result.h"
#include "flow/exec/cluster_options.h"
#include "flow/exec/job_spec.h"
#include "flow/sys/process.h"

namespace flow::exec {

/// Where one cluster job's files live: absolute paths in its own directory under the
/// state directory (docs/cluster.md: "reading .flow/ for a job").
struct JobFiles {
  std::string dir;          ///< <state dir>/<rule>.<identity>
  std::string script;       ///< dir/job.sh
  std::string stdout_path;  ///< dir/stdout
  std::string stderr_path;  ///< dir/stderr
  std::string marker;       ///< dir/exit, written by the job script as its last act
  std::string record;       ///< dir/id: the scheduler's id, for re-attach
};

/// What the scheduler says about a job it still lists.
enum class SchedulerState {
  active,    ///< queued, held, running, exiting...: not done yet
  finished,  ///< completed, failed or cancelled as far as the scheduler is concerned
};

/// One row of a status table: the id as printed, its state, and the job's name when the
/// answer shows it (possibly cut short by the scheduler's column).
struct StatusRow {
  std::string id;
  SchedulerState state = SchedulerState::active;
  std::string name;
};

/// The part of a job id that identifies it: before the first '.' (PBS "13.server") or ';'
/// (Slurm "123;cluster").
std::string_view base_job_id(std::string_view id);

/// A parsed status answer, searchable by our job ids.
class StatusTable {
 public:
  explicit StatusTable(const std::vector<StatusRow>& rows);
  /// The state of `id`, or nullopt when the scheduler did not list it. A row whose id was
  /// truncated by qstat ("123456789012345*") matches the id it is a prefix of.
  std::optional<SchedulerState> find(std::string_view id) const;

 private:
  std::unordered_map<std::string, SchedulerState> m_by_base;
  std::vector<StatusRow> m_truncated;
};

/// The submission of one job: directives for the script header and the command line.
struct Submission {
  std::vector<std::string> directives;  ///< "#PBS -N name" lines, mirroring `argv`
  std::vector<std::string> argv;        ///< qsub/sbatch ... script
  std::string job_name;                 ///< the name given to the scheduler
};

class ClusterBackend {
 public:
  virtual ~ClusterBackend() = default;
  /// "pbs", "slurm" or "sge": recorded with each job id, so a re-attach never crosses schedulers.
  virtual std::string_view name() const = 0;
  /// The name of the submit command, for messages ("qsub").
  virtual std::string_view submit_command() const = 0;
  /// Directives and command line for `spec`; an error names the job and the resource. The
  /// job's name ends with `tag` (submission_job_name), so that a later flow can find this
  /// submission by name when it never learnt the id (flow died while qsub answered).
  virtual Result<Submission> prepare(const JobSpec& spec, const JobFiles& files,
                                     std::string_view tag) const = 0;
  /// The job id from the submit command's stdout; an error when there is none.
  virtual Result<std::string> parse_submit_output(std::string_view output) const = 0;
  /// One status query for all of `ids`; empty `ids`: every job the scheduler lists.
  virtual std::vector<std::string> status_argv(const std::vector<std::string>& ids) const = 0;
  /// The rows of a status answer, or nullopt when the answer is unusable (a failed or
  /// garbled query: "unknown, ask again later", never a job failure).
  virtual std::optional<std::vector<StatusRow>> parse_status(
      const sys::CommandResult& result) const = 0;
  /// A listing of every job the scheduler knows with its whole name (`qstat -f`, squeue's
  /// %j): the default qstat table cuts names to 16 characters.
  virtual std::vector<std::string> named_listing_argv() const = 0;
  /// The rows of that listing, names filled in; nullopt when it is unusable.
  virtual std::optional<std::vector<StatusRow>> parse_named_listing(
      const sys::CommandResult& result) const = 0;
  /// One cancel command for all of `ids` (not empty).
  virtual std::vector<std::string> cancel_argv(const std::vector<std::string>& ids) const = 0;
};

/// A scheduler command run in `cwd`, stdout and stderr captured apart.
sys::SpawnRequest scheduler_request(std::vector<std::string> argv, const std::string& cwd);

std::unique_ptr<ClusterBackend> make_pbs_backend(const ClusterOptions& options);
std::unique_ptr<ClusterBackend> make_slurm_backend(const ClusterOptions& options);
std::unique_ptr<ClusterBackend> make_sge_backend(const ClusterOptions& options);

}  // namespace flow::exec
