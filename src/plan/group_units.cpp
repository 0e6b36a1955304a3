#include "flow/plan/group_units.h"

#include <algorithm>
#include <numeric>
#include <queue>

#include <fmt/format.h>

namespace flow::plan {
namespace {

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];  // path halving keeps 100,000-job groups linear
    i = parent[i];
  }
  return i;
}

// Components of each group, each in ascending job order, the components in the order of
// their first job.
std::vector<std::vector<std::size_t>> components_of(const std::vector<GroupedJob>& jobs) {
  std::vector<std::size_t> parent(jobs.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (jobs[i].group.empty()) continue;
    for (std::size_t dep : jobs[i].depends) {
      if (jobs[dep].group != jobs[i].group) continue;
      parent[find_root(parent, dep)] = find_root(parent, i);
    }
  }
  std::vector<std::vector<std::size_t>> components;
  std::vector<std::size_t> component_of_root(jobs.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (jobs[i].group.empty()) continue;
    std::size_t root = find_root(parent, i);
    if (component_of_root[root] == jobs.size()) {
      component_of_root[root] = components.size();
      components.emplace_back();
    }
    components[component_of_root[root]].push_back(i);
  }
  return components;
}

// Kahn's algorithm over the graph whose nodes are `node_of` values; false on a cycle.
bool is_acyclic(const std::vector<GroupedJob>& jobs, const std::vector<std::size_t>& node_of,
                std::size_t node_count) {
  std::vector<std::vector<std::size_t>> next(node_count);
  std::vector<std::size_t> needs(node_count, 0);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    for (std::size_t dep : jobs[i].depends) {
      if (node_of[dep] == node_of[i]) continue;
      next[node_of[dep]].push_back(node_of[i]);
      ++needs[node_of[i]];
    }
  }
  std::vector<std::size_t> ready;
  for (std::size_t n = 0; n < node_count; ++n) {
    if (needs[n] == 0) ready.push_back(n);
  }
  std::size_t done = 0;
  while (!ready.empty()) {
    std::size_t n = ready.back();
    ready.pop_back();
    ++done;
    for (std::size_t m : next[n]) {
      if (--needs[m] == 0) ready.push_back(m);
    }
  }
  return done == node_count;
}

// The members of `unit` in dependency order (lowest job index first among the ready ones,
// so that the order is stable), with their in-unit dependencies as positions.
Result<void> order_members(const std::vector<GroupedJob>& jobs, GroupUnit& unit) {
  std::map<std::size_t, std::size_t> needs;
  for (std::size_t member : unit.members)
    needs[member] = 0;
  std::map<std::size_t, std::vector<std::size_t>> next;
  for (std::size_t member : unit.members) {
    for (std::size_t dep : jobs[member].depends) {
      if (!needs.contains(dep)) continue;
      ++needs[member];
      next[dep].push_back(member);
    }
  }
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (const auto& [member, count] : needs) {
    if (count == 0) ready.push(member);
  }
  std::vector<std::size_t> ordered;
  while (!ready.empty()) {
    std::size_t member = ready.top();
    ready.pop();
    ordered.push_back(member);
    for (std::size_t m : next[member]) {
      if (--needs[m] == 0) ready.push(m);
    }
  }
  if (ordered.size() != unit.members.size()) {
    return make_error(
        ErrorKind::internal,
        fmt::format("group '{}': its jobs depend on each other in a cycle", unit.group));
  }
  std::map<std::size_t, std::size_t> position;
  for (std::size_t p = 0; p < ordered.size(); ++p)
    position[ordered[p]] = p;
  unit.members = std::move(ordered);
  unit.member_depends.assign(unit.members.size(), {});
  for (std::size_t p = 0; p < unit.members.size(); ++p) {
    for (std::size_t dep : jobs[unit.members[p]].depends) {
      auto it = position.find(dep);
      if (it != position.end()) unit.member_depends[p].push_back(it->second);
    }
    std::sort(unit.member_depends[p].begin(), unit.member_depends[p].end());
  }
  return ok_result();
}

}  // namespace

Result<std::vector<GroupUnit>> group_units(const std::vector<GroupedJob>& jobs,
                                           const std::map<std::string, std::size_t>& components) {
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    for (std::size_t dep : jobs[i].depends) {
      if (dep >= jobs.size() || dep == i) {
        return make_error(ErrorKind::internal,
                          fmt::format("job {} depends on {}, which is not a job to run", i, dep));
      }
    }
  }
  // Bundle the components of each group, N at a time, in the order of their first job.
  std::vector<GroupUnit> units;
  std::map<std::string, std::size_t> open_unit;  // group -> unit still taking components
  std::map<std::string, std::size_t> taken;      // group -> components in its open unit
  for (auto& component : components_of(jobs)) {
    const std::string& group = jobs[component.front()].group;
    auto wanted = components.find(group);
    std::size_t per_unit =
        wanted == components.end() ? 1 : std::max<std::size_t>(1, wanted->second);
    auto open = open_unit.find(group);
    if (open == open_unit.end() || taken[group] == per_unit) {
      open_unit[group] = units.size();
      taken[group] = 0;
      units.push_back(GroupUnit{group, {}, {}});
    }
    ++taken[group];
    auto& members = units[open_unit[group]].members;
    members.insert(members.end(), component.begin(), component.end());
  }
  // A unit starts when every job it needs outside it is done: that must not need it back.
  std::vector<std::size_t> node_of(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i)
    node_of[i] = units.size() + i;
  for (std::size_t u = 0; u < units.size(); ++u) {
    for (std::size_t member : units[u].members)
      node_of[member] = u;
  }
  if (!is_acyclic(jobs, node_of, units.size() + jobs.size())) {
    return make_error(ErrorKind::usage,
                      "job groups: a group job would need a job outside it that needs one of its "
                      "own jobs, so it could never start; give the job in between the same group, "
                      "or lower --group-components");
  }
  for (auto& unit : units) {
    if (auto ordered = order_members(jobs, unit); !ordered) return ordered.error();
  }
  return units;
}

}  // namespace flow::plan
