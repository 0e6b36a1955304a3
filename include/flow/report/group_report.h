#pragma once
// The dry run's list of job group submissions (spec §9): which jobs go into which cluster job.

#include <ostream>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/run/job_groups.h"

namespace flow::report {

/// "group g: 3 jobs in one submission: a n=1, b n=1, c n=1" per unit, then how many
/// submissions the run makes for the `jobs_to_submit` jobs the cluster gets. Nothing without
/// units.
void write_group_units(const dag::Dag& dag, const std::vector<run::JobUnit>& units,
                       std::size_t jobs_to_submit, std::ostream& out);

}  // namespace flow::report
