#pragma once
// An append-only extension of a Dag (docs/architecture.md, "A DAG that grows while running"):
// new jobs, new files, new edges; the ids already given never move.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flow/base/flat_id_map.h"
#include "flow/dag/dag.h"

namespace flow::dag {

/// Additions built against one Dag as it is now, applied by Dag::extend.
class DagGrowth {
 public:
  explicit DagGrowth(const Dag& dag);

  /// The id of `path`: the DAG's own when it has the path, else a new one (the same one for
  /// the same path). `stat`: what the caller already learned of a new file (seeds the stat
  /// cache, so that the file is not statted twice).
  FileId file(std::string_view path, const std::optional<sys::FileStat>& stat = std::nullopt);
  /// file(), taking the path instead of copying it when the file is new.
  FileId take_file(std::string path, const std::optional<sys::FileStat>& stat);
  /// Whether `file` (from file()) is one the DAG already has, rather than a new one.
  bool in_dag(FileId file) const { return file.value < m_first_file; }
  /// Appends a job of `rule` whose files come from file(). Jobs are added dependencies first:
  /// a job may use the outputs of jobs already in the DAG and of jobs added before it.
  /// `pending_on`: the checkpoint jobs it waits on (older jobs; each becomes a dependency).
  JobId add_job(RuleId rule, pattern::WildcardValues wildcards, std::vector<FileRef> inputs,
                std::vector<FileRef> outputs, std::vector<FileRef> logs = {},
                std::vector<FileRef> benchmarks = {}, std::vector<JobId> pending_on = {});
  /// A job of `rule` with `wildcards`, its files made from the rule's patterns (as build_dag
  /// makes them).
  JobId add_rule_job(RuleId rule, pattern::WildcardValues wildcards,
                     std::vector<JobId> pending_on = {});
  /// Ends `job`'s wait on `checkpoint`, giving it `inputs` (appended to its inputs). `job` is
  /// an existing job pending on `checkpoint`.
  void close(JobId job, JobId checkpoint, std::vector<FileRef> inputs);

  std::size_t job_count() const { return m_jobs.size(); }
  bool empty() const { return m_jobs.empty() && m_closes.empty(); }

 private:
  friend class Dag;
  struct Close {
    JobId job;
    JobId checkpoint;
    std::vector<FileRef> inputs;
  };
  std::vector<FileRef> refs_of(const std::vector<rules::FileSpec>& specs,
                               const pattern::WildcardValues& wildcards);

  const Dag* m_dag;
  std::uint32_t m_first_job;
  std::uint32_t m_first_file;
  std::vector<std::string> m_paths;                   // of the new files, by id - m_first_file
  std::vector<std::optional<sys::FileStat>> m_stats;  // likewise
  FlatIdMap m_new_files;
  std::vector<Job> m_jobs;
  std::vector<Close> m_closes;
};

}  // namespace flow::dag
