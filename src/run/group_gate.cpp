#include "run/group_gate.h"

#include <algorithm>

namespace flow::run {

GroupGate::GroupGate(std::vector<std::vector<JobId>> members,
                     std::vector<std::vector<JobId>> outside)
    : m_members(std::move(members)),
      m_outside(std::move(outside)),
      m_left(m_members.size(), 0),
      m_taken(m_members.size(), false),
      m_started(m_members.size(), false) {
  m_outside.resize(m_members.size());
  for (std::size_t u = 0; u < m_members.size(); ++u) {
    for (JobId member : m_members[u])
      m_unit_of[member.value] = u;
    m_waiting_members += m_members[u].size();
    std::sort(m_outside[u].begin(), m_outside[u].end());
    m_outside[u].erase(std::unique(m_outside[u].begin(), m_outside[u].end()), m_outside[u].end());
    for (JobId job : m_outside[u])
      m_needed_by[job.value].push_back(u);
    m_left[u] = m_outside[u].size();
    if (m_left[u] == 0) m_ready.push_back(u);
  }
}

std::optional<std::size_t> GroupGate::unit_of(JobId job) const {
  auto it = m_unit_of.find(job.value);
  if (it == m_unit_of.end()) return std::nullopt;
  return it->second;
}

void GroupGate::start(std::size_t unit) {
  if (m_started[unit]) return;
  m_started[unit] = true;
  m_waiting_members -= m_members[unit].size();
}

std::vector<std::size_t> GroupGate::take_ready() {
  std::vector<std::size_t> ready;
  for (std::size_t u : m_ready) {
    if (m_taken[u]) continue;
    m_taken[u] = true;
    ready.push_back(u);
  }
  m_ready.clear();
  return ready;
}

void GroupGate::succeeded(JobId job) {
  auto it = m_needed_by.find(job.value);
  if (it == m_needed_by.end()) return;
  for (std::size_t u : it->second) {
    if (m_taken[u] || m_left[u] == 0) continue;
    if (--m_left[u] == 0) m_ready.push_back(u);
  }
  m_needed_by.erase(it);  // a job succeeds once
}

void GroupGate::recount(const std::function<bool(JobId)>& ended) {
  for (std::size_t u = 0; u < m_members.size(); ++u) {
    if (m_taken[u] || m_left[u] == 0) continue;
    m_left[u] = static_cast<std::size_t>(std::count_if(m_outside[u].begin(), m_outside[u].end(),
                                                       [&](JobId job) { return !ended(job); }));
    if (m_left[u] == 0) m_ready.push_back(u);
  }
}

}  // namespace flow::run
