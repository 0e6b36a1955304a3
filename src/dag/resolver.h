#pragma once
// Chooses a producer for every file the targets need, on an explicit stack (so a chain of
// 100,000 jobs needs no deep recursion), dropping candidates that cannot be built.

#include <optional>
#include <vector>

#include "dag/build_graph.h"
#include "flow/base/result.h"

namespace flow::dag {

class Resolver {
 public:
  explicit Resolver(BuildGraph& graph) : m_graph(graph) {}

  /// Resolves `file` and everything it needs. An error only for a fatal problem (an
  /// ambiguity); a file that cannot be made ends in State::failed with its reason.
  Result<void> resolve_file(std::uint32_t file);
  /// The same for a job named as a target (a rule without wildcards).
  Result<void> resolve_job(std::uint32_t job);

 private:
  struct Frame {
    bool is_file = false;
    std::uint32_t id = 0;
    std::uint32_t next = 0;
    std::vector<std::uint32_t> candidates;  // file frames: candidate jobs
    std::vector<bool> in_cycle;             // file frames: candidate found on the stack
  };

  Result<void> run();
  /// One step of the frame on top of the stack; pushes, pops, or advances it.
  Result<void> step_file(Frame& frame);
  void step_job(Frame& frame);
  void start_file(Frame& frame);
  Result<void> finish_file(Frame& frame);
  Result<void> choose_producer(std::uint32_t file, const std::vector<std::uint32_t>& viable);
  /// "a -> b -> a": the jobs on the stack from position `from` upwards, back to the first.
  std::string cycle_text(std::size_t from) const;
  void push(bool is_file, std::uint32_t id);

  BuildGraph& m_graph;
  std::vector<Frame> m_stack;
  std::vector<std::uint32_t> m_file_depth;     // stack position of in-progress files
  std::vector<std::uint32_t> m_job_depth;      // stack position of in-progress jobs
  std::vector<rules::Candidate> m_candidates;  // scratch
};

/// The error for a target file or job that failed: the root cause, and the chain of jobs
/// that needed it.
Error explain_failure(const BuildGraph& graph, std::optional<std::uint32_t> file,
                      std::optional<std::uint32_t> job);

}  // namespace flow::dag
