#pragma once
// Spec §7: "a checkpoint that is up to date resolves at plan time". Building the DAG reads a
// glob under a checkpoint output that exists at once; when planning then finds that the
// checkpoint runs after all (its input changed, it was forced, it was cut short), the DAG is
// built again with those outputs named, so that what lies under them waits for the job.

#include <string>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/plan/staleness.h"

namespace flow::plan {

/// The checkpoint outputs that a glob was read under when the DAG was built (they existed)
/// although their job runs, sorted, without repeats. Empty when the build was right, and at
/// once (no pass) when the workflow has no checkpoint rule. O(inputs) otherwise.
std::vector<std::string> checkpoint_reruns(const dag::Dag& dag, const Staleness& staleness);

}  // namespace flow::plan
