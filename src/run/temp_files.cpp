#include "run/temp_files.h"

namespace flow::run {

TempFiles::TempFiles(const dag::Dag& dag, bool keep)
    : m_dag(dag), m_keep(keep), m_users(dag.files().size(), 0) {}

bool TempFiles::is_temp(FileId file) const {
  const dag::FileNode& node = m_dag.file(file);
  return (node.output_flags & dag::k_flag_temp) && !node.is_target;
}

void TempFiles::grow() {
  m_users.resize(m_dag.files().size(), 0);
}

void TempFiles::add_consumer(JobId job) {
  for (const auto& input : m_dag.job(job).inputs) {
    if (is_temp(input.file)) ++m_users[input.file.index()];
  }
}

std::vector<FileId> TempFiles::released_by(JobId job) {
  std::vector<FileId> released;
  if (m_keep) return released;
  for (const auto& input : m_dag.job(job).inputs) {
    std::uint32_t& users = m_users[input.file.index()];
    if (users == 0 || --users > 0) continue;
    released.push_back(input.file);
  }
  // Its own temp outputs that no job still to run reads (Snakemake deletes those too).
  for (const auto& output : m_dag.job(job).outputs) {
    if (is_temp(output.file) && m_users[output.file.index()] == 0) {
      released.push_back(output.file);
    }
  }
  return released;
}

}  // namespace flow::run
