#pragma once
// Loading the workflow for a command: its rules, its config, the DAG for the targets, and
// which jobs would run.

#include <memory>

#include "cli/options.h"
#include "flow/base/source_texts.h"
#include "flow/base/state_layout.h"
#include "flow/dag/dag.h"
#include "flow/flowfile/node.h"
#include "flow/plan/file_stats.h"
#include "flow/plan/staleness.h"
#include "flow/rules/rule_set.h"
#include "flow/run/job_groups.h"
#include "flow/state/state_log.h"
#include "flow/sys/filesystem.h"

namespace flow::cli {

/// Where flow keeps its state, relative to the working directory.
inline constexpr const char* k_state_dir = ".flow";  // layout::k_state_dir, as a C string
static_assert(std::string_view(k_state_dir) == layout::k_state_dir);

struct Workflow {
  SourceTexts texts;
  std::string path;       ///< the main workflow file, as found or given
  flowfile::Node config;  ///< the effective config (Stage::rules only; see config_text)
  /// The effective config as YAML, for the run history (--report). At Stage::plan the tree
  /// is dropped before the DAG is built (issue 10: a 100,000-item config list is megabytes
  /// of nodes at the peak); rules keep their own copies of the mappings they look up.
  std::string config_text;
  std::unique_ptr<rules::RuleSet> rules;
  std::unique_ptr<dag::Dag> dag;
  std::unique_ptr<plan::FileStatCache> stats;
  std::unique_ptr<state::StateLog> state;
  plan::Staleness staleness;
  /// --group-components (the rules carry their groups, --groups applied).
  run::GroupOptions groups;
  /// The job groups to submit as one job each (cluster executors; Stage::plan).
  std::vector<run::JobUnit> units;
};

enum class Stage {
  rules,  ///< load and validate the rules only (--list, --lint)
  plan,   ///< also build the DAG and decide what runs
};

/// Loads the workflow up to `stage`; `writable_state` opens the journal for writing.
Result<void> prepare_workflow(const Options& options, sys::Filesystem& fs, Stage stage,
                              bool writable_state, Workflow& workflow);

}  // namespace flow::cli
