#pragma once
// One stat per file: the cache is seeded with what DAG building learned and filled on demand.

#include <optional>
#include <vector>

#include "flow/base/result.h"
#include "flow/dag/dag.h"
#include "flow/sys/filesystem.h"

namespace flow::plan {

class FileStatCache {
 public:
  FileStatCache(const dag::Dag& dag, const sys::Filesystem& fs);
  /// The file's stat, asking the filesystem only the first time.
  Result<sys::FileStat> get(FileId file);
  /// Forgets what is known (the file was made or removed), so the next get() stats again.
  void invalidate(FileId file) { m_stats[file.index()].reset(); }
  void set(FileId file, const sys::FileStat& stat) { m_stats[file.index()] = stat; }
  /// Makes room for the files a growth added to the DAG (seeded like the others).
  void add_new_files();

 private:
  const dag::Dag& m_dag;
  const sys::Filesystem& m_fs;
  std::vector<std::optional<sys::FileStat>> m_stats;
};

}  // namespace flow::plan
