#pragma once

#include <ostream>

#include "flow/dag/dag.h"
#include "flow/plan/staleness.h"

namespace flow::report {

enum class GraphKind {
  jobs,   ///< --dag: a node per job, an edge from producer to consumer
  rules,  ///< --rulegraph: a node per rule
  files,  ///< --filegraph: jobs and the files between them
};

/// Writes the graph as Graphviz dot (spec §5): ids are indices (deterministic), a colour
/// per rule, jobs (or rules) that will not run dashed.
void write_dot(const dag::Dag& dag, const plan::Staleness& staleness, GraphKind kind,
               std::ostream& out);

}  // namespace flow::report
