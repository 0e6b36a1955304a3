#pragma once

#include <ostream>

#include "flow/dag/dag.h"
#include "flow/plan/staleness.h"

namespace flow::report {

struct DryRunOptions {
  bool print_commands = false;  ///< -p: show each job's command
  bool quiet = false;           ///< -q: only the job counts and the closing line
  int cores = 1;                ///< for {threads} in shown commands
  bool remote = false;          ///< jobs go to a cluster (they get their rule's threads)
};

/// `--dry-run` (spec §5): each job that would run (rule, wildcards, inputs, outputs, log,
/// reason, job id, in the order they could run), then a count per rule, then the closing
/// line.
void write_dry_run(const dag::Dag& dag, const plan::Staleness& staleness,
                   const DryRunOptions& options, std::ostream& out);

}  // namespace flow::report
