#pragma once
// What makes the DAG grow while it runs (checkpoints: docs/architecture.md, "A DAG that grows
// while running"). The runner asks after every job that succeeded.

#include <optional>

#include "flow/base/result.h"
#include "flow/dag/dag.h"
#include "flow/dag/dag_growth.h"

namespace flow::run {

class DagGrower {
 public:
  virtual ~DagGrower() = default;
  /// `job` succeeded (its outputs checked and journalled): the growth its outputs imply, or
  /// nullopt for none. An error fails the jobs that wait on `job`, with its message; `job`
  /// keeps its outputs.
  virtual Result<std::optional<dag::DagGrowth>> after_success(const dag::Dag& dag, JobId job) = 0;
};

}  // namespace flow::run
