#pragma once
// Issue 14 item 6: one job's output inside another job's `directory` output. The directory's
// job removes and remakes the whole tree, so the other output would be lost or, worse, count
// as made because the directory happens to hold a file of that name (Snakemake refuses this
// too: "ChildIOException").

#include "flow/base/result.h"
#include "flow/dag/dag.h"

namespace flow::dag {

/// Errors (ErrorKind::workflow) when an output, log or benchmark of one job lies inside a
/// `directory` output of another, naming both jobs and paths. O(outputs × path depth), and
/// O(files) when no job has a directory output.
Result<void> check_nested_outputs(const Dag& dag);

}  // namespace flow::dag
