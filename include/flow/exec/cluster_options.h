#pragma once
// How flow talks to a batch scheduler: the options the CLI fills in and every cluster part
// reads (backends, job scripts, resource templates), apart from the executor that uses them.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/base/time.h"

namespace flow::exec {

enum class SchedulerKind {
  pbs,    ///< qsub / qstat / qdel (`--executor pbs`)
  slurm,  ///< sbatch / squeue / scancel (`--executor slurm`)
  sge,    ///< Grid Engine: qsub -terse / qstat / qdel (`--executor sge`)
};

enum class PbsFlavor {
  pro,     ///< PBS Pro / OpenPBS: `-l select=1:ncpus=...`
  torque,  ///< Torque: `-l nodes=1:ppn=...`, job names of at most 15 characters
};

/// Everything the CLI maps command-line options onto (docs/cluster.md lists the options).
struct ClusterOptions {
  SchedulerKind scheduler = SchedulerKind::pbs;
  /// `--pbs-flavor pro|torque`; ignored for Slurm.
  PbsFlavor pbs_flavor = PbsFlavor::pro;
  /// `--pbs-resources`: the `-l` resource template, with `{threads}` and
  /// `{resources.NAME}` placeholders. A `:`- or `,`-separated part whose placeholder has no
  /// value is left out. Empty: the flavour's default. `walltime=` is appended when the job
  /// has resources.walltime. Ignored for Slurm.
  std::string resource_template;
  /// `--cluster-queue`: `-q QUEUE` (PBS, SGE) or `-p PARTITION` (Slurm); empty: none.
  std::string queue;
  /// `--cluster-account`: `-A ACCOUNT`; empty: none.
  std::string account;
  /// `--pbs-project`: `-P PROJECT` (PBS Pro, SGE); empty: none.
  std::string project;
  /// `--sge-pe`: the Grid Engine parallel environment of a multi-threaded job (`-pe smp N`).
  std::string sge_pe = "smp";
  /// `--sge-mpi-pe`: the parallel environment of a job of several tasks or nodes (`-pe mpi N`).
  std::string sge_mpi_pe = "mpi";
  /// `--cluster-args`: extra words inserted before the script path on every submission.
  std::vector<std::string> extra_submit_args;
  /// `-j/--jobs N`: most jobs in flight (capacity()); at least 1.
  std::size_t jobs = 50;
  /// `--cluster-poll`: at most one status call (qstat/squeue) per interval, for all jobs.
  Duration poll_interval = std::chrono::seconds(2);
  /// How often a job the scheduler reports finished is checked for its exit marker while
  /// the latency wait runs (a stat, not a scheduler call).
  Duration marker_interval = std::chrono::milliseconds(250);
  /// `--latency-wait`: how long after the scheduler says a job is finished (or no longer
  /// knows it) its exit marker may take to appear (network filesystems) before the job
  /// counts as lost.
  Duration latency_wait = std::chrono::seconds(5);
  /// `--max-submit-rate`: most submissions per second (a burst of this many is allowed);
  /// 0: unlimited.
  double submit_rate = 10;
  /// Absolute directory of job scripts, outputs, exit markers and re-attach records.
  /// Empty: `<job workdir>/.flow/cluster`.
  std::string state_dir;
  /// The absolute path of the flow binary, put in place of a bare `flow` as argv[0]
  /// (builtin steps); empty: argv[0] is left alone.
  std::string flow_binary;
  /// The PATH exported in every job script (real PBS passes no environment); empty: none.
  std::string path_env;
  /// `--cancel-leftovers`: a job still queued or running from an earlier, killed flow is
  /// cancelled (qdel/scancel) and submitted anew instead of re-attached.
  bool cancel_leftovers = false;
  /// Lines of a lost job's stderr quoted in its message.
  std::size_t stderr_tail_lines = 10;
};

/// The defaults with `flow_binary` (this executable) and `path_env` (this PATH) filled in.
ClusterOptions default_cluster_options();

/// Checks the options (resource template placeholders, intervals, jobs); the error names
/// the option concerned.
Result<void> validate_cluster_options(const ClusterOptions& options);

/// Of a rule's resource `names`, those that go into no request of `options.scheduler`
/// (docs/cluster.md, "Resources"): neither a standard name that scheduler maps nor, for
/// PBS, a `{resources.NAME}` of the template. In the order given.
std::vector<std::string> resources_without_request(const std::vector<std::string>& names,
                                                   const ClusterOptions& options);

}  // namespace flow::exec
