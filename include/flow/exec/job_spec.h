#pragma once
// What an executor runs. Executors see JobSpecs, never the DAG (docs/architecture.md).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace flow::exec {

/// A resource value: an integer (mem_mb: 200) or a string (walltime: "00:10:00").
struct ResourceValue {
  bool is_int = false;
  std::int64_t number = 0;
  std::string text;  ///< the value as written (also set for integers)
};

struct JobSpec {
  std::uint32_t id = 0;           ///< the job id of this run ({jobid}), unique per run
  std::string rule;               ///< rule name
  std::string wildcards;          ///< "book=84,size=50", empty when none
  std::string display_name;       ///< "stem book=84"
  std::vector<std::string> argv;  ///< exactly what to execute; argv[0] on PATH or absolute
  std::string command_text;       ///< the command as the user should see it (shell or builtin)
  std::string workdir;            ///< absolute working directory
  /// Absolute directory the job runs in when it is not `workdir`: a shadow rule's scratch
  /// directory under .flow/shadow/ (spec §8); empty otherwise.
  std::string rundir;
  std::vector<std::string> env;  ///< "NAME=VALUE" the job needs (cluster scripts write them)
  int threads = 1;
  std::map<std::string, ResourceValue> resources;
  std::vector<std::string> envmodules;
  /// Runs on this machine even under a cluster executor (localrules, `local: true`, or a
  /// rule without a step).
  bool local = false;
  std::vector<std::string> outputs;  ///< for cluster bookkeeping and messages only
  std::string log;                   ///< first log file, or empty
  /// A stable identity of the job across runs (rule + wildcards hash), used by cluster
  /// executors to re-attach to a job submitted by an earlier, killed flow.
  std::string identity;

  /// Where the job starts: its shadow directory, or the working directory.
  const std::string& cwd() const { return rundir.empty() ? workdir : rundir; }
};

enum class CompletionStatus {
  succeeded,    ///< exit code 0
  failed,       ///< non-zero exit code or killed by a signal
  lost,         ///< the executor lost track of it (cluster job vanished without a marker)
  not_started,  ///< could not be started at all (spawn or submission failed)
  /// A member of a group submission that was not run because a member it needs failed
  /// (docs/cluster.md, "Job groups"): not a failure of its own.
  skipped,
};

struct JobCompletion {
  std::uint32_t id = 0;
  CompletionStatus status = CompletionStatus::failed;
  int exit_code = 0;
  int signal = 0;
  double wall_seconds = 0;
  double cpu_seconds = 0;
  long max_rss_kb = 0;
  long io_in_blocks = 0;
  long io_out_blocks = 0;
  std::string output;   ///< the job's captured stdout and stderr (may be a tail)
  std::string message;  ///< the executor's own explanation when not plain success/failure
};

}  // namespace flow::exec
