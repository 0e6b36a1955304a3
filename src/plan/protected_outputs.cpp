#include "flow/plan/protected_outputs.h"

#include <fmt/format.h>

namespace flow::plan {

std::vector<ProtectedOverwrite> find_protected_overwrites(const dag::Dag& dag,
                                                          const Staleness& staleness,
                                                          FileStatCache& stats) {
  std::vector<ProtectedOverwrite> found;
  for (std::size_t i = 0; i < dag.jobs().size(); ++i) {
    JobId job(static_cast<std::uint32_t>(i));
    if (!staleness.runs(job)) continue;
    for (const auto& ref : dag.job(job).outputs) {
      if (!(ref.flags & dag::k_flag_protected)) continue;
      auto stat = stats.get(ref.file);
      if (stat && stat->exists && stat->read_only) found.push_back({job, ref.file});
    }
  }
  return found;
}

Error protected_overwrite_error(const dag::Dag& dag,
                                const std::vector<ProtectedOverwrite>& overwrites, bool dry_run) {
  constexpr std::size_t k_most_named = 20;
  Error error =
      make_error(ErrorKind::workflow,
                 fmt::format("{} protected output{} would be overwritten{}", overwrites.size(),
                             overwrites.size() == 1 ? "" : "s",
                             dry_run ? ": the run will refuse to start" : "; nothing was run"));
  for (std::size_t i = 0; i < overwrites.size() && i < k_most_named; ++i) {
    error.notes.push_back(fmt::format("'{}', output of {}", dag.path(overwrites[i].file),
                                      dag.label(overwrites[i].job)));
  }
  if (overwrites.size() > k_most_named) {
    error.notes.push_back(fmt::format("and {} more", overwrites.size() - k_most_named));
  }
  error.notes.push_back(
      "a protected output is made once; to make it again, remove it by hand (it is read-only)");
  return error;
}

}  // namespace flow::plan
