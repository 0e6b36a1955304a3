#include "flow/dag/dag.h"

#include "dag/build_graph.h"

namespace flow::dag {

std::optional<FileId> Dag::find_file(std::string_view path) const {
  if (auto it = m_file_ids.find(path); it != m_file_ids.end()) return it->second;
  return std::nullopt;
}

std::string Dag::wildcards_text(JobId id) const {
  return format_wildcards(rule_of(id), job(id).wildcards);
}

std::string Dag::label(JobId id) const {
  std::string wildcards = wildcards_text(id);
  const std::string& name = rule_of(id).name;
  return wildcards.empty() ? name : name + " " + wildcards;
}

}  // namespace flow::dag
