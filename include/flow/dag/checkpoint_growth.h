#pragma once
// What a finished checkpoint adds to the DAG (spec §7; docs/architecture.md, "A DAG that
// grows while running").

#include <optional>

#include "flow/base/result.h"
#include "flow/dag/dag.h"
#include "flow/dag/dag_growth.h"
#include "flow/sys/filesystem.h"

namespace flow::dag {

/// The growth that `checkpoint`'s outputs imply now that it has run: every job waiting on it
/// gets the matches of its glob items under those outputs (listed now, each directory once),
/// and the jobs that make the new files are found as build_dag finds them, the files and jobs
/// already in the DAG taken as they are. nullopt when no job waits on `checkpoint`.
/// Errors (ErrorKind::workflow, naming the checkpoint and the waiting job): a directory that
/// cannot be read, a matched file that no rule makes and that does not exist, an ambiguity.
/// Costs O(what it adds + the listings), never a pass over the DAG.
Result<std::optional<DagGrowth>> grow_after_checkpoint(const Dag& dag, JobId checkpoint,
                                                       const sys::Filesystem& fs);

}  // namespace flow::dag
