#pragma once
// Protected outputs a planned job would overwrite (issue 13 item 5): found once the plan is
// made, so that the dry run reports them and a run refuses before any job starts, as
// Snakemake does ("Write-protected output files"). run::OutputFiles checks the same again
// before each job, for jobs a checkpoint adds later.

#include <string>
#include <vector>

#include "flow/base/error.h"
#include "flow/dag/dag.h"
#include "flow/plan/file_stats.h"
#include "flow/plan/staleness.h"

namespace flow::plan {

struct ProtectedOverwrite {
  JobId job;
  FileId file;
};

/// The protected outputs, existing and read-only, of the jobs that run, in job order.
/// Stats come from `stats` (already taken by the plan for these files).
std::vector<ProtectedOverwrite> find_protected_overwrites(const dag::Dag& dag,
                                                          const Staleness& staleness,
                                                          FileStatCache& stats);

/// One error naming each such output and its job (up to 20, then "and N more"); `dry_run`
/// words it as a finding of the plan rather than a refusal to run.
Error protected_overwrite_error(const dag::Dag& dag,
                                const std::vector<ProtectedOverwrite>& overwrites, bool dry_run);

}  // namespace flow::plan
