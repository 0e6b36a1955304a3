#include "flow/dag/dag.h"

#include "dag/build_graph.h"

namespace flow::dag {

std::optional<FileId> Dag::find_file(std::string_view path) const {
  auto hash = [](std::string_view text) { return std::hash<std::string_view>{}(text); };
  if (!m_file_index_built) {
    m_file_index.reserve(m_files.size());
    for (std::size_t i = 0; i < m_files.size(); ++i) {
      m_file_index.insert(hash(m_files[i].path), static_cast<std::uint32_t>(i));
    }
    m_file_index_built = true;
  }
  auto found =
      m_file_index.find(hash(path), [&](std::uint32_t id) { return m_files[id].path == path; });
  if (!found) return std::nullopt;
  return FileId(*found);
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
