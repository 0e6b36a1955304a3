#include "flow/run/checkpoint_grower.h"

#include "flow/dag/checkpoint_growth.h"

namespace flow::run {

Result<std::optional<dag::DagGrowth>> CheckpointGrower::after_success(const dag::Dag& dag,
                                                                      JobId job) {
  return dag::grow_after_checkpoint(dag, job, m_fs);
}

}  // namespace flow::run
