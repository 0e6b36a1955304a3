#pragma once
// Turns the resolved working graph into the final Dag: only the jobs the targets need, in
// topological order, files renumbered, producers and consumers linked.

#include <vector>

#include "dag/build_graph.h"
#include "flow/base/result.h"
#include "flow/dag/dag.h"

namespace flow::dag {

/// What the user asked for, in working-graph ids.
struct Roots {
  std::vector<std::uint32_t> jobs;          ///< target jobs, in command-line order
  std::vector<std::uint32_t> target_files;  ///< target files (made by a job or sources)
};

class DagAssembler {
 public:
  /// Jobs needed by `jobs`, dependencies first (iterative depth-first post-order).
  static std::vector<std::uint32_t> needed_jobs(const BuildGraph& graph,
                                                const std::vector<std::uint32_t>& jobs);
  /// Builds the Dag of `order` (topologically ordered working-graph jobs), taking the paths
  /// out of `graph`. Fails when two of these jobs declare the same file.
  static Result<Dag> assemble(BuildGraph& graph, const std::vector<std::uint32_t>& order,
                              const Roots& roots);
};

}  // namespace flow::dag
