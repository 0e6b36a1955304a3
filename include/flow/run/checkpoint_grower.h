#pragma once
// The DagGrower of checkpoints (spec §7): after a job that others wait on, the globs under
// its outputs are read and what they imply is added (dag::grow_after_checkpoint).

#include "flow/run/dag_grower.h"
#include "flow/sys/filesystem.h"

namespace flow::run {

class CheckpointGrower final : public DagGrower {
 public:
  explicit CheckpointGrower(const sys::Filesystem& fs) : m_fs(fs) {}
  Result<std::optional<dag::DagGrowth>> after_success(const dag::Dag& dag, JobId job) override;

 private:
  const sys::Filesystem& m_fs;
};

}  // namespace flow::run
