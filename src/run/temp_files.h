#pragma once
// When a temp file may go (spec §1, issue 9): as soon as no job that is still to run needs it,
// including a temp output that no job needs at all, unless it is a target. Pure: it counts.

#include <cstdint>
#include <vector>

#include "flow/dag/dag.h"

namespace flow::run {

class TempFiles {
 public:
  /// `keep`: --notemp, nothing is ever released.
  TempFiles(const dag::Dag& dag, bool keep);

  /// `job` will run: its temp inputs are needed until it is done.
  void add_consumer(JobId job);
  /// Makes room for files added to the DAG since (a DAG that grows).
  void grow();
  /// `job` succeeded: the temp files it read or made that no job still to run needs.
  std::vector<FileId> released_by(JobId job);

 private:
  bool is_temp(FileId file) const;

  const dag::Dag& m_dag;
  bool m_keep;
  std::vector<std::uint32_t> m_users;  // by file: consumers still to run
};

}  // namespace flow::run
