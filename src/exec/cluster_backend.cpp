#include "exec/cluster_backend.h"

namespace flow::exec {

sys::SpawnRequest scheduler_request(std::vector<std::string> argv, const std::string& cwd) {
  sys::SpawnRequest request;
  request.argv = std::move(argv);
  request.cwd = cwd;
  request.output = sys::OutputMode::split;
  return request;
}

std::string_view base_job_id(std::string_view id) {
  std::size_t end = id.find_first_of(".;");
  return end == std::string_view::npos ? id : id.substr(0, end);
}

StatusTable::StatusTable(const std::vector<StatusRow>& rows) {
  for (const auto& row : rows) {
    if (row.id.ends_with('*')) {
      m_truncated.push_back(row);
    } else {
      m_by_base[std::string(base_job_id(row.id))] = row.state;
    }
  }
}

std::optional<SchedulerState> StatusTable::find(std::string_view id) const {
  if (auto it = m_by_base.find(std::string(base_job_id(id))); it != m_by_base.end()) {
    return it->second;
  }
  // qstat cuts long ids to its column and marks the cut with '*'.
  std::string_view base = base_job_id(id);
  for (const auto& row : m_truncated) {
    std::string_view shown = std::string_view(row.id).substr(0, row.id.size() - 1);
    std::string_view shown_base = base_job_id(shown);
    // Cut after the base ("123.serv*"): the base is whole; cut inside it: a prefix of it.
    bool whole = shown_base.size() < shown.size();
    if (whole ? shown_base == base : (!shown.empty() && base.starts_with(shown))) return row.state;
  }
  return std::nullopt;
}

}  // namespace flow::exec
