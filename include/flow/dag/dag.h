#pragma once
// The job DAG: arenas of jobs and files indexed by JobId and FileId, each path interned once
// (Ninja's State). Built by build_dag (dag_builder.h); read by plan, run and report.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/flat_id_map.h"
#include "flow/base/ids.h"
#include "flow/base/result.h"
#include "flow/base/stable_vector.h"
#include "flow/pattern/pattern.h"
#include "flow/rules/rule_set.h"
#include "flow/sys/filesystem.h"

namespace flow::dag {

// The item flags, re-exported for the jobs' file references.
using rules::k_flag_ancient;
using rules::k_flag_directory;
using rules::k_flag_glob_root;
using rules::k_flag_pipe;
using rules::k_flag_protected;
using rules::k_flag_report;
using rules::k_flag_temp;
using rules::k_flag_touch;

/// A file as one job uses it.
struct FileRef {
  FileId file;
  std::uint8_t flags = 0;  ///< rules::FileFlag bits of the rule's item
  std::uint16_t item = 0;  ///< index of the item in the rule's list (for its name)
};

struct Job {
  JobId id;
  RuleId rule;
  pattern::WildcardValues wildcards;  ///< by the rule's wildcard slots
  std::vector<FileRef> inputs;
  std::vector<FileRef> outputs;
  std::vector<FileRef> logs;
  std::vector<FileRef> benchmarks;
  /// Jobs making this job's inputs, and the checkpoints it waits on; distinct, ascending.
  std::vector<JobId> dependencies;
  std::vector<JobId> dependents;  ///< jobs using this job's outputs; distinct, ascending
  /// The checkpoint jobs whose outputs decide more of this job's inputs (docs/architecture.md,
  /// "A job that waits on a checkpoint"), each also a dependency; emptied as they close it.
  std::vector<JobId> pending_on;
  bool is_target = false;

  /// Its inputs are not all known yet.
  bool is_pending() const { return !pending_on.empty(); }
};

// Fields ordered largest first: 96 bytes, not 104 with padding (a million files).
struct FileNode {
  std::string path;
  std::vector<JobId> consumers;  ///< distinct, ascending
  /// What building the DAG learned from the filesystem, if it had to ask.
  std::optional<sys::FileStat> stat;
  JobId producer;                 ///< invalid for a source file
  std::uint8_t output_flags = 0;  ///< flags of the producer's item (temp, protected...)
  bool is_target = false;         ///< named on the command line (a temp target is kept)
};

/// What a glob item matched when the DAG was built (spec §6), for `--dry-run`.
struct GlobReport {
  std::string rule;                ///< the rule of the first job that used it
  std::string glob;                ///< with the job's wildcards filled in
  std::size_t count = 0;           ///< files and directories matched
  std::vector<std::string> first;  ///< the first few of them, in order
};

/// What Dag::extend added: the new jobs are [first_job, jobs().size()), the new files
/// [first_file, files().size()).
struct Extension {
  JobId first_job;
  FileId first_file;
  std::vector<JobId> closed;  ///< existing jobs the growth gave inputs to, ascending
};

class DagGrowth;

class Dag {
 public:
  Dag() = default;
  Dag(Dag&&) = default;
  Dag& operator=(Dag&&) = default;
  Dag(const Dag&) = delete;  // large: moved, never copied
  Dag& operator=(const Dag&) = delete;

  /// Before any growth, job ids are in topological order (a job's dependencies have smaller
  /// ids); after it, the only edges towards a smaller id end in a job a growth closed. A
  /// growth never moves a job or a file: references to them stay valid.
  const StableVector<Job>& jobs() const { return m_jobs; }
  const Job& job(JobId id) const { return m_jobs[id.index()]; }
  const StableVector<FileNode>& files() const { return m_files; }
  const FileNode& file(FileId id) const { return m_files[id.index()]; }
  const std::string& path(FileId id) const { return m_files[id.index()].path; }
  std::optional<FileId> find_file(std::string_view path) const;
  /// The jobs the user asked for, in command-line order.
  const std::vector<JobId>& targets() const { return m_targets; }
  const rules::RuleSet& rule_set() const { return *m_rules; }
  const rules::Rule& rule_of(JobId id) const { return m_rules->rule(job(id).rule); }
  /// Every distinct glob resolved while building, in order of first use.
  const std::vector<GlobReport>& glob_reports() const { return m_globs; }

  /// "book=84,size=50" ("" without wildcards), as {wildcards} renders.
  std::string wildcards_text(JobId id) const;
  /// "stem book=84", or just "all": how progress and messages name a job.
  std::string label(JobId id) const;

  /// Marks `job` as waiting on `checkpoint`, which must already be one of its dependencies
  /// (how a DAG builder says that more inputs will come). Only before planning: a plan built
  /// afterwards never makes `job` ready until a growth closes it. Errors: internal.
  Result<void> mark_pending(JobId job, JobId checkpoint);
  /// Appends `growth`, built against this DAG as it is now, after checking the invariants of
  /// docs/architecture.md: a new file has at most one producer and no existing file gets
  /// one; new jobs come dependencies first; only pending jobs gain inputs; no cycle. Nothing
  /// changes when it fails. Errors: ErrorKind::workflow (two producers, a cycle), internal
  /// (a growth built wrongly). Costs O(what it adds + the closed jobs' downstream).
  Result<Extension> extend(DagGrowth growth);

  /// For a DAG built only to be appended to another (a checkpoint's new jobs: checkpoint_growth
  /// .cpp): its jobs and files, to move their paths and lists out of rather than copy them.
  /// After that the DAG is only fit to be destroyed (find_file and label no longer work).
  Job& job_to_take(JobId id) { return m_jobs[id.index()]; }
  FileNode& file_to_take(FileId id) { return m_files[id.index()]; }

 private:
  friend class DagAssembler;
  const rules::RuleSet* m_rules = nullptr;
  // In chunks, not one array: growing by a checkpoint's jobs copies nothing (re-planning
  // 100,000 dynamic jobs spent a sixth of its time reallocating these).
  StableVector<Job> m_jobs;
  StableVector<FileNode> m_files;
  std::vector<JobId> m_targets;
  std::vector<GlobReport> m_globs;
  /// Path -> file id, built on the first find_file() (most commands never need it).
  mutable FlatIdMap m_file_index;
  mutable bool m_file_index_built = false;
};

}  // namespace flow::dag
