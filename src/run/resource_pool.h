#pragma once
// Cores and --resources shared by the jobs running on this machine (spec §3). Pure: it only
// counts.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flow/rules/rule.h"

namespace flow::run {

/// What one running job holds.
struct Claim {
  int cores = 0;
  std::map<std::string, std::int64_t> resources;  ///< only the limited ones
};

class ResourcePool {
 public:
  /// `cores`: -c; `limits`: --resources NAME=N; `rule_count`: for the once-per-rule warning.
  ResourcePool(int cores, std::map<std::string, std::int64_t> limits, std::size_t rule_count);

  /// What try `attempt` of a job of `rule` would take (a resource may grow with the try:
  /// "2000 * {attempt}"), or nullopt when that does not fit now. `uses_cores`:
  /// false for a job that runs elsewhere (a cluster) or has no step. Spec §3: a job takes
  /// min(threads, cores) cores, and a job asking for more of a limited resource than the
  /// limit is scaled down to it; the first time for a rule, `warning` says so.
  std::optional<Claim> fit(const rules::Rule& rule, int attempt, bool uses_cores,
                           std::string* warning);
  /// The amount of one of the rule's resources for the job at hand (its try, its auto size).
  using AmountOf = std::function<std::optional<std::int64_t>(const rules::Resource&)>;
  /// The same with each amount from `amount_of` (nullopt: takes nothing), so that a job's
  /// auto-sized resources (run/resource_sizer.h) count as sized, not as written.
  std::optional<Claim> fit(const rules::Rule& rule, const AmountOf& amount_of, bool uses_cores,
                           std::string* warning);
  void take(const Claim& claim);
  void release(const Claim& claim);
  int free_cores() const { return m_free_cores; }

 private:
  int m_cores;
  int m_free_cores;
  std::map<std::string, std::int64_t> m_limits;
  std::map<std::string, std::int64_t> m_free;
  std::vector<bool> m_warned;  // by rule: "scaled down" said once
};

}  // namespace flow::run
