#include "run/resource_pool.h"

#include <algorithm>

#include <fmt/format.h>

namespace flow::run {

ResourcePool::ResourcePool(int cores, std::map<std::string, std::int64_t> limits,
                           std::size_t rule_count)
    : m_cores(cores),
      m_free_cores(cores),
      m_limits(std::move(limits)),
      m_free(m_limits),
      m_warned(rule_count, false) {}

std::optional<Claim> ResourcePool::fit(const rules::Rule& rule, int attempt, bool uses_cores,
                                       std::string* warning) {
  return fit(
      rule, [attempt](const rules::Resource& resource) { return resource.amount(attempt); },
      uses_cores, warning);
}

std::optional<Claim> ResourcePool::fit(const rules::Rule& rule, const AmountOf& amount_of,
                                       bool uses_cores, std::string* warning) {
  Claim claim;
  if (uses_cores) {
    claim.cores = std::min(rule.threads, m_cores);
    if (claim.cores > m_free_cores) return std::nullopt;
  }
  for (const auto& [name, limit] : m_limits) {
    const rules::Resource* wanted = rule.resource(name);
    // decisions.md: strings are not limited; an auto resource is a number once sized.
    if (wanted == nullptr || (!wanted->is_int && !wanted->auto_sized())) continue;
    // A formula that fails for this try takes nothing: the job is refused when it starts.
    std::int64_t amount = amount_of(*wanted).value_or(0);
    if (amount > limit) {
      if (warning != nullptr && !m_warned[rule.id.index()]) {
        m_warned[rule.id.index()] = true;
        *warning = fmt::format("rule '{}' asks for {}={}, more than --resources {}={}; using {}",
                               rule.name, name, amount, name, limit, limit);
      }
      amount = limit;
    }
    if (amount > m_free[name]) return std::nullopt;
    claim.resources[name] = amount;
  }
  return claim;
}

void ResourcePool::take(const Claim& claim) {
  m_free_cores -= claim.cores;
  for (const auto& [name, amount] : claim.resources)
    m_free[name] -= amount;
}

void ResourcePool::release(const Claim& claim) {
  m_free_cores += claim.cores;
  for (const auto& [name, amount] : claim.resources)
    m_free[name] += amount;
}

}  // namespace flow::run
