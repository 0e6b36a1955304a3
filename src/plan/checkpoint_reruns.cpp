#include "flow/plan/checkpoint_reruns.h"

#include <algorithm>

namespace flow::plan {

std::vector<std::string> checkpoint_reruns(const dag::Dag& dag, const Staleness& staleness) {
  std::vector<std::string> reruns;
  if (dag.rule_set().checkpoint_rules().empty()) return reruns;
  for (const auto& job : dag.jobs()) {
    for (const auto& input : job.inputs) {
      if ((input.flags & dag::k_flag_glob_root) == 0) continue;
      const dag::FileNode& root = dag.file(input.file);
      // A job pending on the checkpoint did not read it; one that read it found it there.
      if (!root.producer.valid() || !staleness.runs(root.producer)) continue;
      if (std::binary_search(job.pending_on.begin(), job.pending_on.end(), root.producer)) continue;
      reruns.push_back(root.path);
    }
  }
  std::sort(reruns.begin(), reruns.end());
  reruns.erase(std::unique(reruns.begin(), reruns.end()), reruns.end());
  return reruns;
}

}  // namespace flow::plan
