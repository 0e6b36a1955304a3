#include "dag/pipes.h"

#include <fmt/format.h>

namespace flow::dag {
namespace {

bool is_pipe(const Dag& dag, FileId file) {
  return (dag.file(file).output_flags & k_flag_pipe) != 0;
}

// The output item of the producer that names the pipe, for the error's position.
SourceLocation item_location(const Dag& dag, FileId file) {
  JobId producer = dag.file(file).producer;
  for (const auto& ref : dag.job(producer).outputs) {
    if (ref.file == file) return dag.rule_of(producer).outputs[ref.item].location;
  }
  return dag.rule_of(producer).location;
}

Error pipe_error(const Dag& dag, FileId file, std::string message) {
  return make_error(ErrorKind::workflow, std::move(message), item_location(dag, file));
}

}  // namespace

Result<void> check_pipes(const Dag& dag, bool targets_are_inputs) {
  for (std::uint32_t i = 0; i < dag.files().size(); ++i) {
    FileId file(i);
    const FileNode& node = dag.file(file);
    if (!node.producer.valid() || !is_pipe(dag, file)) continue;
    const std::string& path = node.path;
    std::string producer = dag.label(node.producer);
    if (node.is_target && !targets_are_inputs) {
      Error error = pipe_error(
          dag, file,
          fmt::format("pipe '{}' (made by {}) cannot be a target: a pipe is read while it is "
                      "written and never kept",
                      path, producer));
      error.notes.push_back("ask for what its consumer makes instead");
      return error;
    }
    if (node.consumers.empty()) {
      if (targets_are_inputs) continue;
      return pipe_error(dag, file,
                        fmt::format("pipe '{}' (made by {}) is read by no job of this run; a "
                                    "pipe needs its one consumer",
                                    path, producer));
    }
    if (node.consumers.size() > 1) {
      Error error = pipe_error(
          dag, file,
          fmt::format("pipe '{}' (made by {}) is read by two jobs, {} and {}; a pipe "
                      "has one consumer",
                      path, producer, dag.label(node.consumers[0]), dag.label(node.consumers[1])));
      error.notes.push_back("make it a plain output to share it, or give each consumer its pipe");
      return error;
    }
    JobId consumer = node.consumers.front();
    for (JobId end : {node.producer, consumer}) {
      if (dag.rule_of(end).step != rules::StepKind::none) continue;
      return pipe_error(dag, file,
                        fmt::format("pipe '{}' is written or read by {}, which has no step; both "
                                    "ends of a pipe run a command",
                                    path, dag.label(end)));
    }
    for (JobId end : {node.producer, consumer}) {
      if (dag.rule_of(end).shadow == rules::ShadowMode::none) continue;
      Error error = pipe_error(
          dag, file,
          fmt::format("pipe '{}' is written or read by {}, a shadow rule; the two ends of a "
                      "pipe run in the working directory",
                      path, dag.label(end)));
      error.notes.push_back("leave `shadow:` out of the rules at both ends of the pipe");
      return error;
    }
    std::size_t written = 0;
    for (const auto& ref : dag.job(node.producer).outputs)
      written += is_pipe(dag, ref.file) ? 1 : 0;
    if (written > 1) {
      return pipe_error(dag, file,
                        fmt::format("{} writes {} pipes; a job writes at most one pipe (until job "
                                    "groups exist)",
                                    producer, written));
    }
    std::size_t read = 0;
    for (const auto& ref : dag.job(consumer).inputs)
      read += (ref.file != file && is_pipe(dag, ref.file)) ? 1 : 0;
    if (read > 0) {
      return pipe_error(dag, file,
                        fmt::format("{} reads two pipes; a job reads at most one pipe (until job "
                                    "groups exist)",
                                    dag.label(consumer)));
    }
    for (const auto& ref : dag.job(consumer).outputs) {
      if (!is_pipe(dag, ref.file)) continue;
      Error error = pipe_error(
          dag, file,
          fmt::format("pipe '{}' is read by {}, which writes pipe '{}' itself: chains of pipes "
                      "are not supported (they need job groups)",
                      path, dag.label(consumer), dag.path(ref.file)));
      error.notes.push_back("make one of the two a plain output");
      return error;
    }
  }
  return ok_result();
}

}  // namespace flow::dag
