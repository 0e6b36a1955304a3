#pragma once

#include <memory>
#include <ostream>

#include "cli/options.h"
#include "flow/exec/executor.h"
#include "flow/rules/rule_set.h"
#include "flow/sys/clock.h"
#include "flow/sys/filesystem.h"
#include "flow/sys/process.h"

namespace flow::cli {

/// True when `--executor` names an executor whose jobs leave this machine.
bool is_remote_executor(const Options& options);

/// Under a cluster executor, one warning per rule (to `out`) naming the resources that go
/// into no request of that scheduler (issue 12 item 6): a typo or a name flow does not map
/// would otherwise be dropped in silence. Names given to --resources and local rules are
/// left out.
void warn_unrequested_resources(const Options& options, const rules::RuleSet& rules,
                                std::ostream& out);

/// The executor `--executor` names, configured from the options.
Result<std::unique_ptr<exec::Executor>> make_executor(const Options& options,
                                                      sys::ProcessSpawner& spawner,
                                                      sys::Filesystem& fs, const sys::Clock& clock);

}  // namespace flow::cli
