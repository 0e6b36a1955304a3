#pragma once

#include <ostream>

#include "flow/dag/dag.h"
#include "flow/plan/staleness.h"
#include "flow/run/resource_sizer.h"

namespace flow::report {

struct DryRunOptions {
  bool print_commands = false;  ///< -p: show each job's command
  bool quiet = false;           ///< -q: only the job counts and the closing line
  int cores = 1;                ///< for {threads} in shown commands
  bool remote = false;          ///< jobs go to a cluster (they get their rule's threads)
  /// Sizes auto resources from the job history; a job of a rule with auto resources shows
  /// what it would ask for (from the inputs that exist now). Null: not shown.
  run::ResourceSizer* sizer = nullptr;
};

/// `--dry-run` (spec §5): each job that would run (rule, wildcards, inputs, outputs, log,
/// reason, job id, in the order they could run), then a count per rule, then the closing
/// line.
void write_dry_run(const dag::Dag& dag, const plan::Staleness& staleness,
                   const DryRunOptions& options, std::ostream& out);

}  // namespace flow::report
