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
#include "flow/pattern/pattern.h"
#include "flow/rules/rule_set.h"
#include "flow/sys/filesystem.h"

namespace flow::dag {

// The item flags, re-exported for the jobs' file references.
using rules::k_flag_ancient;
using rules::k_flag_directory;
using rules::k_flag_protected;
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
  std::vector<JobId> dependencies;  ///< jobs making this job's inputs, distinct, ascending
  std::vector<JobId> dependents;    ///< jobs using this job's outputs, distinct, ascending
  bool is_target = false;
};

struct FileNode {
  std::string path;
  JobId producer;                 ///< invalid for a source file
  std::vector<JobId> consumers;   ///< ascending
  std::uint8_t output_flags = 0;  ///< flags of the producer's item (temp, protected...)
  bool is_target = false;         ///< named on the command line (a temp target is kept)
  /// What building the DAG learned from the filesystem, if it had to ask.
  std::optional<sys::FileStat> stat;
};

class Dag {
 public:
  Dag() = default;
  Dag(Dag&&) = default;
  Dag& operator=(Dag&&) = default;
  Dag(const Dag&) = delete;  // large: moved, never copied
  Dag& operator=(const Dag&) = delete;

  /// Job ids are in topological order: a job's dependencies have smaller ids.
  const std::vector<Job>& jobs() const { return m_jobs; }
  const Job& job(JobId id) const { return m_jobs[id.index()]; }
  const std::vector<FileNode>& files() const { return m_files; }
  const FileNode& file(FileId id) const { return m_files[id.index()]; }
  const std::string& path(FileId id) const { return m_files[id.index()].path; }
  std::optional<FileId> find_file(std::string_view path) const;
  /// The jobs the user asked for, in command-line order.
  const std::vector<JobId>& targets() const { return m_targets; }
  const rules::RuleSet& rule_set() const { return *m_rules; }
  const rules::Rule& rule_of(JobId id) const { return m_rules->rule(job(id).rule); }

  /// "book=84,size=50" ("" without wildcards), as {wildcards} renders.
  std::string wildcards_text(JobId id) const;
  /// "stem book=84", or just "all": how progress and messages name a job.
  std::string label(JobId id) const;

 private:
  friend class DagAssembler;
  const rules::RuleSet* m_rules = nullptr;
  std::vector<Job> m_jobs;
  std::vector<FileNode> m_files;
  std::vector<JobId> m_targets;
  /// Path -> file id, built on the first find_file() (most commands never need it).
  mutable FlatIdMap m_file_index;
  mutable bool m_file_index_built = false;
};

}  // namespace flow::dag
