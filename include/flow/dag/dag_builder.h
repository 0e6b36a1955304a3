#pragma once

#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/dag/dag.h"
#include "flow/rules/rule_set.h"
#include "flow/sys/filesystem.h"

namespace flow::dag {

struct DagOptions {
  /// `--until RULE|FILE...`: those jobs become the only targets (with what they need).
  std::vector<std::string> until;
  /// `--omit-from RULE|FILE...`: those jobs and everything downstream are dropped.
  std::vector<std::string> omit_from;
  /// Outputs of checkpoint jobs that exist but whose job runs again (spec §7): the globs
  /// under them wait for the job, as under an output that does not exist yet. Found by a
  /// first planning pass (plan/checkpoint_reruns.h).
  std::vector<std::string> rerun_checkpoints;
  /// About how many jobs to expect (0: guess from the rules' input lists). A growth builds
  /// for a few new files and should not reserve room for the whole workflow.
  std::size_t size_hint = 0;
  /// The targets are inputs that a growth adds, not files the user named: an existing one
  /// whose candidate producers all fail is a source, as for any input (the check of issue 9
  /// semantics 2 is for named targets only).
  bool targets_are_inputs = false;
  /// Every glob under a checkpoint output waits for its job, whether or not the output exists
  /// (a growth: whether the checkpoints it adds run is decided after it; those that do not
  /// are resolved at once by the runner).
  bool checkpoints_pending = false;
};

/// Builds the DAG for `targets` (file paths or rule names; empty: the default target) by
/// walking back from them on an explicit stack (spec §2): every rule with a matching output
/// is a candidate; candidates whose inputs cannot be made are dropped; among the rest
/// `ruleorder`, then "no wildcards beats wildcards" decides; a remaining tie is an ambiguity.
/// An existing file that no rule can make is a source file. It asks `fs` only whether files
/// exist (once per file), and keeps the answers in FileNode::stat.
///
/// Errors: ErrorKind::usage for a target naming a rule with wildcards or an unknown rule;
/// ErrorKind::workflow for a missing input (naming the file and the chain of rules that
/// needed it), an ambiguity (naming the rules and the file), a cycle (printed as
/// `a -> b -> a`), two jobs making the same file, or --until/--omit-from matching nothing.
Result<Dag> build_dag(const rules::RuleSet& rules, const std::vector<std::string>& targets,
                      const sys::Filesystem& fs, const DagOptions& options = {});

}  // namespace flow::dag
