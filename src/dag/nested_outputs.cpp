#include "dag/nested_outputs.h"

#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace flow::dag {

Result<void> check_nested_outputs(const Dag& dag) {
  std::unordered_map<std::string_view, FileId> directories;
  for (std::size_t i = 0; i < dag.files().size(); ++i) {
    const FileNode& file = dag.files()[i];
    if (file.producer.valid() && (file.output_flags & k_flag_directory) != 0) {
      directories.emplace(file.path, FileId{static_cast<std::uint32_t>(i)});
    }
  }
  if (directories.empty()) return ok_result();
  for (const auto& job : dag.jobs()) {
    for (const auto* refs : {&job.outputs, &job.logs, &job.benchmarks}) {
      for (const auto& ref : *refs) {
        std::string_view path = dag.path(ref.file);
        for (std::size_t slash = path.rfind('/'); slash != std::string_view::npos && slash > 0;
             slash = path.rfind('/', slash - 1)) {
          auto it = directories.find(path.substr(0, slash));
          if (it == directories.end()) continue;
          JobId owner = dag.file(it->second).producer;
          if (owner == job.id) continue;  // one job making a tree and a file in it
          Error error = make_error(
              ErrorKind::workflow,
              fmt::format("'{}' of job {} lies inside '{}', the directory output of job {}", path,
                          dag.label(job.id), dag.path(it->second), dag.label(owner)));
          error.notes.push_back(
              "a directory output is removed and made whole each time its job runs, so "
              "another job's file inside it would be lost; let one rule make both, or move one");
          return error;
        }
      }
    }
  }
  return ok_result();
}

}  // namespace flow::dag
