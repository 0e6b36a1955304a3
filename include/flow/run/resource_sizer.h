#pragma once
// Sizes a job's auto resources (`mem_mb: auto`, `runtime: auto`, --auto-resources; spec §9).
// An interface, so that the run loop and the job spec builder need not know where the sizes
// come from: report::HistorySizer fits them on the job history, tests use fakes.

#include <cstdint>
#include <optional>

#include "flow/base/ids.h"
#include "flow/rules/rule.h"

namespace flow::run {

class ResourceSizer {
 public:
  virtual ~ResourceSizer() = default;
  /// The amount of auto resource `resource` for try `attempt` (from 1) of `job`, or nullopt
  /// when it cannot be sized (no history of the rule): then the written value, if any, is
  /// asked for.
  virtual std::optional<std::int64_t> size(JobId job, const rules::Resource& resource,
                                           int attempt) = 0;
};

}  // namespace flow::run
