#pragma once
// Commands that remove outputs or records: --delete-all-output, --delete-temp-output
// (both list instead with -n) and --cleanup-metadata.

#include <ostream>

#include "cli/workflow.h"

namespace flow::cli {

enum class Deletion {
  all,   ///< every output, log and benchmark of the DAG (protected outputs kept)
  temp,  ///< only the outputs flagged `temp: true`
};

/// Removes (or with `dry_run` lists) the outputs of `workflow`'s DAG and forgets their
/// records; returns the exit status.
int delete_outputs(Workflow& workflow, sys::Filesystem& fs, Deletion which, bool dry_run,
                   std::ostream& out);

/// --cleanup-metadata FILE...: forgets what the journal says of `files` (the rule that made
/// them, an incomplete mark), so that flow treats them as files made by hand. Returns the
/// exit status.
int cleanup_metadata(state::StateLog& state, const std::vector<std::string>& files,
                     std::ostream& out);

}  // namespace flow::cli
