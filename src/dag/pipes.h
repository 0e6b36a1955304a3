#pragma once
// Pipe outputs (spec §8): the checks that keep every pipe between one producer and one
// consumer, which the plan then starts together (docs/flowfile.md, "Pipes").

#include "flow/base/result.h"
#include "flow/dag/dag.h"

namespace flow::dag {

/// Errors (ErrorKind::workflow, at the pipe's output item): a pipe that is a target (unless
/// `targets_are_inputs`, a growth's build), that no job reads, that two jobs read, that is
/// read by a job writing a pipe itself (a chain), or a job reading or writing two pipes.
Result<void> check_pipes(const Dag& dag, bool targets_are_inputs);

}  // namespace flow::dag
