#pragma once
// Every effect on a job's files, and the one place that pairs the filesystem, the stat cache
// and the state journal: whatever changes a file here also updates what the cache and the
// journal say about it. It decides nothing about *when*: the runner (or a command) tells it.

#include <span>
#include <string>
#include <vector>

#include "flow/base/error.h"
#include "flow/base/result.h"
#include "flow/dag/dag.h"
#include "flow/exec/job_spec.h"
#include "flow/plan/file_stats.h"
#include "flow/state/state_log.h"
#include "flow/sys/filesystem.h"

namespace flow::run {

enum class OutputProblemKind {
  missing,     ///< the output does not exist
  wrong_kind,  ///< a file where the rule declares a directory, or the other way round
  io,          ///< the filesystem could not say
};

struct OutputProblem {
  OutputProblemKind kind;
  FileId file;
  std::string message;  ///< "missing output x.txt", "output d is a file, but ..."
};

/// The problems' messages joined by "; " (what a failed job's `what` says).
std::string describe(std::span<const OutputProblem> problems);

/// What removing files did: the paths removed, and what went wrong (each one a warning; a file
/// that could not be removed stays journalled as incomplete, so the next run remakes it).
struct Removal {
  std::vector<std::string> removed;
  std::vector<Error> problems;
};

class OutputFiles {
 public:
  OutputFiles(const dag::Dag& dag, sys::Filesystem& fs, plan::FileStatCache& stats,
              state::StateLog& state)
      : m_dag(dag), m_fs(fs), m_stats(stats), m_state(state) {}

  /// Spec §1: a rerun that would overwrite an existing read-only output flagged `protected` is
  /// an error naming it (flow checks it, so that it holds even for root). Issue 14 item 4: so
  /// is an output, log or benchmark declared a file that is a directory now (flow never
  /// removes a tree it was not told is an output). Nothing is touched before it passes.
  Result<void> check_overwritable(JobId job);
  /// Spec §3, before a job starts: removes its existing outputs, logs and benchmarks, makes
  /// their parent directories, and journals its outputs and benchmarks as incomplete
  /// (written at once: it survives a `kill -9` of flow).
  Result<void> prepare(JobId job);
  /// Writes a script file a job runs from (a command too long for argv).
  Result<void> write_script(const std::string& path, const std::string& text);
  /// Removes such a file once the job no longer needs it; a failure only leaves it behind.
  void remove_job_file(const std::string& path);
  /// Creates, or sets the time of, the outputs flagged `touch` (spec §1: after the step).
  Result<void> touch_flagged(JobId job);
  /// What is wrong with the job's outputs now; empty when each exists and is of its declared
  /// kind. Stats again (the job may have changed them); `refresh` first asks the filesystem
  /// to refresh its view of their directories (network filesystems, --latency-wait).
  std::vector<OutputProblem> check(JobId job, bool refresh);
  /// Removes the job's outputs and benchmarks (its logs are kept: spec §3) and forgets their
  /// records. A symbolic link is removed, never followed.
  Removal remove(JobId job);
  /// Removes the FIFOs of `job`'s pipe outputs (after its pair ended, whatever happened).
  void remove_pipes(JobId job);
  /// Makes the outputs flagged `protected` read-only; problems are warnings.
  std::vector<Error> protect(JobId job);
  /// Journals the job's outputs and benchmarks as complete, with its fingerprint.
  Result<void> record(JobId job, TimeStamp started, TimeStamp ended);
  /// Journals `paths` (some of the job's outputs) as complete (--touch).
  Result<void> record_paths(JobId job, std::span<const std::string> paths, TimeStamp started,
                            TimeStamp ended);
  /// Writes each benchmark file of the job (Snakemake's columns: benchmark_text()).
  std::vector<Error> write_benchmark(JobId job, const exec::JobCompletion& completion);
  /// Deletes a temp file that no job needs any more, and forgets its record.
  Result<void> release_temp(FileId file);

 private:
  /// `made_by_this_run`: the path was cleared before the job started, so a directory there
  /// now is the job's own product and is removed as a tree.
  Result<bool> remove_and_forget(FileId file, bool made_by_this_run);

  const dag::Dag& m_dag;
  sys::Filesystem& m_fs;
  plan::FileStatCache& m_stats;
  state::StateLog& m_state;
};

/// Removes a declared output, log or benchmark: a whole tree only when it is declared a
/// directory (`is_directory`); a directory where a file is declared is refused (issue 14).
Result<bool> remove_path(sys::Filesystem& fs, const std::string& path, bool is_directory);

/// A benchmark file (spec §3): a header row `s h:m:s max_rss_mb cpu_s io_in io_out` and one row.
std::string benchmark_text(const exec::JobCompletion& completion);

}  // namespace flow::run
