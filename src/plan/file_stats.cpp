#include "flow/plan/file_stats.h"

namespace flow::plan {

FileStatCache::FileStatCache(const dag::Dag& dag, const sys::Filesystem& fs)
    : m_dag(dag), m_fs(fs) {
  m_stats.reserve(dag.files().size());
  for (const auto& file : dag.files())
    m_stats.push_back(file.stat);
}

void FileStatCache::add_new_files() {
  for (std::size_t i = m_stats.size(); i < m_dag.files().size(); ++i)
    m_stats.push_back(m_dag.files()[i].stat);
}

Result<sys::FileStat> FileStatCache::get(FileId file) {
  auto& cached = m_stats[file.index()];
  if (!cached) {
    auto stat = m_fs.stat(m_dag.path(file));
    if (!stat) return stat.error();
    cached = *stat;
  }
  return *cached;
}

}  // namespace flow::plan
