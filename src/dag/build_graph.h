#pragma once
// The working graph of build_dag: every file and candidate job seen while resolving
// producers, including candidates that were dropped. The final Dag keeps only what the
// targets need (dag_assembler.cpp).

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dag/glob_lister.h"
#include "flow/base/boxed.h"
#include "flow/base/flat_id_map.h"
#include "flow/dag/dag.h"
#include "flow/dag/dag_builder.h"
#include "flow/rules/rule_set.h"
#include "flow/sys/filesystem.h"

namespace flow::dag {

constexpr std::uint32_t k_none = UINT32_MAX;

enum class State : std::uint8_t { unknown, in_progress, ok, failed };

/// Why a file or job cannot be made.
enum class FailureKind : std::uint8_t {
  none,
  missing,       ///< a file no rule makes and that does not exist
  input_failed,  ///< a job whose input cannot be made (BuildJob::failed_input)
  no_candidate,  ///< a file whose candidate jobs all failed (BuildFile::candidates)
  cycle,         ///< a job or file in a dependency cycle (BuildFile/BuildJob::cycle)
  stat_error,    ///< the filesystem could not say whether the file exists
  lookup,        ///< a job whose lookups fail for its wildcards (BuildJob::error)
};

/// What explains a file's failure. Few files have one: kept apart (Boxed), so that each of
/// the 200,000 files of a 100k-job workflow does not carry an empty vector and string.
struct FileFailureDetail {
  std::vector<std::uint32_t> candidates;  ///< the jobs tried, when none could make it
  std::string detail;                     ///< cycle text or I/O error
};

struct BuildFile {
  State state = State::unknown;
  bool is_source = false;
  FailureKind failure = FailureKind::none;
  std::uint32_t producer = k_none;  ///< chosen job, when ok and not a source
  std::optional<sys::FileStat> stat;
  Boxed<FileFailureDetail> why;

  /// The jobs tried, for explaining a failure (empty when the file had no candidate).
  const std::vector<std::uint32_t>& candidates() const;
  const std::string& detail() const;  ///< "" when there is none
  void set_candidates(std::vector<std::uint32_t> candidates) {
    if (!candidates.empty() || why) why.make().candidates = std::move(candidates);
  }
  void set_detail(std::string detail) { why.make().detail = std::move(detail); }
};

/// What explains a job's failure, kept apart like FileFailureDetail.
struct JobFailureDetail {
  std::string detail;          ///< cycle text
  std::optional<Error> error;  ///< why its inputs or values cannot be known (FailureKind::lookup)
};

struct BuildJob {
  RuleId rule;
  State state = State::unknown;
  FailureKind failure = FailureKind::none;
  std::uint32_t failed_input = k_none;
  pattern::WildcardValues wildcards;
  std::vector<FileRef> inputs, outputs, logs, benchmarks;  ///< FileIds into BuildGraph
  Boxed<JobFailureDetail> why;

  const std::string& detail() const;  ///< "" when there is none
  /// Only for FailureKind::lookup.
  const Error& error() const { return *why->error; }
};

/// A job whose glob waits for a checkpoint (spec §7): `root` is the checkpoint output (also
/// an input of the job, flagged k_flag_glob_root); the job will wait on its producer. Kept
/// beside the jobs, not in each: few jobs have one.
struct PendingRoot {
  std::uint32_t job;
  std::uint32_t root;
};

class BuildGraph {
 public:
  /// `rerun_roots`: checkpoint outputs that exist but whose job runs again (sorted); a glob
  /// under them waits, as under one that does not exist yet. `all_pending`: every glob under
  /// a checkpoint output waits.
  BuildGraph(const rules::RuleSet& rules, const sys::Filesystem& fs,
             std::vector<std::string> rerun_roots = {}, bool all_pending = false)
      : m_rules(rules),
        m_fs(fs),
        m_globs(fs),
        m_rerun_roots(std::move(rerun_roots)),
        m_all_pending(all_pending) {}

  /// Makes room for about `jobs` jobs and `files` files (a hint; growing past it is fine).
  void reserve(std::size_t jobs, std::size_t files);
  std::uint32_t intern(std::string_view path);
  /// intern(), taking `path` instead of copying it when it is new.
  std::uint32_t intern(std::string&& path);
  /// The id of `path` if it was ever interned.
  std::optional<std::uint32_t> find(std::string_view path) const;
  /// The job of `rule` with `wildcards`, created (with its files) on first request.
  std::uint32_t job_for(RuleId rule, pattern::WildcardValues wildcards);
  /// Stats `file` once; false (and a stat_error failure) when the filesystem fails.
  bool stat_once(std::uint32_t file);
  /// Paths that a directory listing has just shown to exist (sorted). One that no rule makes
  /// is a source without a stat: its mtime is statted later only if staleness needs it.
  void set_listed(std::vector<std::string> sorted_paths) { m_listed = std::move(sorted_paths); }
  bool listed(std::uint32_t file) const {
    return std::binary_search(m_listed.begin(), m_listed.end(), m_paths[file]);
  }

  const std::string& path(std::uint32_t id) const { return m_paths[id]; }
  /// Hands the path over to the final Dag (the working graph does not need it after).
  std::string take_path(std::uint32_t id) { return std::move(m_paths[id]); }
  /// Free the files, paths and file index, then the jobs and job index, as the Dag takes
  /// what it keeps, so that the working graph and the Dag are never both whole (the peak
  /// memory of planning). After both only pending_roots(), globs() and rules() may be used.
  void release_files();
  void release_jobs();
  BuildFile& file(std::uint32_t id) { return m_files[id]; }
  BuildJob& job(std::uint32_t id) { return m_jobs[id]; }
  const BuildFile& file(std::uint32_t id) const { return m_files[id]; }
  const BuildJob& job(std::uint32_t id) const { return m_jobs[id]; }
  std::size_t job_count() const { return m_jobs.size(); }
  std::size_t file_count() const { return m_files.size(); }
  const rules::RuleSet& rules() const { return m_rules; }
  /// The jobs whose globs wait for a checkpoint, by job in creation order.
  const std::vector<PendingRoot>& pending_roots() const { return m_pending_roots; }
  /// The glob items resolved so far (spec §6).
  const GlobLister& globs() const { return m_globs; }
  /// "stem book=84" for a build job.
  std::string label(std::uint32_t job) const;

 private:
  template <class Path>
  std::uint32_t intern_path(Path&& path);
  void add_files(std::vector<FileRef>& refs, const std::vector<rules::FileSpec>& specs,
                 const pattern::WildcardValues& wildcards);
  /// The inputs, whose items may have lookups; false (and the job failed) when they fail.
  bool add_inputs(std::uint32_t id, BuildJob& job, const rules::Rule& rule);
  /// Glob item `item` of `job`: its checkpoint output first (k_flag_glob_root) when it lies
  /// under one, then its matches, unless that checkpoint will run (then the job waits).
  Result<void> add_glob_input(std::uint32_t id, BuildJob& job, const rules::Rule& rule,
                              std::uint16_t item);

  std::vector<std::string> m_scratch_paths;

  const rules::RuleSet& m_rules;
  const sys::Filesystem& m_fs;
  GlobLister m_globs;
  std::vector<std::string> m_rerun_roots;
  bool m_all_pending;  // DagOptions::checkpoints_pending
  std::vector<PendingRoot> m_pending_roots;
  std::vector<std::string> m_listed;  // sorted; see set_listed
  std::vector<std::string> m_paths;   // by file id
  std::vector<BuildFile> m_files;
  std::vector<BuildJob> m_jobs;
  FlatIdMap m_file_ids;  // path -> file id
  FlatIdMap m_job_ids;   // rule and wildcards -> job id
};

/// build_dag, knowing that `listed` (sorted) exist: a growth's glob matches (spec §7), so that
/// the 100,000 files a checkpoint lists are not statted a second time only to be found.
Result<Dag> build_dag_listed(const rules::RuleSet& rules, const std::vector<std::string>& targets,
                             const sys::Filesystem& fs, const DagOptions& options,
                             std::vector<std::string> listed);

/// "book=84,size=50".
std::string format_wildcards(const rules::Rule& rule, const pattern::WildcardValues& values);

}  // namespace flow::dag
