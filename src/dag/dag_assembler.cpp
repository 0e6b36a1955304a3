#include "dag/dag_assembler.h"

#include <algorithm>

#include <fmt/format.h>

namespace flow::dag {
namespace {

void sort_unique(std::vector<JobId>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

std::vector<std::uint32_t> DagAssembler::needed_jobs(const BuildGraph& graph,
                                                     const std::vector<std::uint32_t>& jobs) {
  std::vector<std::uint32_t> order;
  std::vector<bool> visited(graph.job_count(), false);
  struct Frame {
    std::uint32_t job;
    std::size_t next;
  };
  std::vector<Frame> stack;
  for (std::uint32_t root : jobs) {
    if (visited[root]) continue;
    visited[root] = true;
    stack.push_back({root, 0});
    while (!stack.empty()) {
      Frame& top = stack.back();
      const BuildJob& job = graph.job(top.job);
      if (top.next < job.inputs.size()) {
        const BuildFile& input = graph.file(job.inputs[top.next++].file.value);
        if (!input.is_source && input.producer != k_none && !visited[input.producer]) {
          visited[input.producer] = true;
          stack.push_back({input.producer, 0});
        }
        continue;
      }
      order.push_back(top.job);
      stack.pop_back();
    }
  }
  return order;
}

Result<Dag> DagAssembler::assemble(BuildGraph& graph, const std::vector<std::uint32_t>& order,
                                   const Roots& roots) {
  Dag dag;
  dag.m_rules = &graph.rules();
  std::vector<std::uint32_t> job_ids(graph.job_count(), k_none);
  for (std::size_t i = 0; i < order.size(); ++i)
    job_ids[order[i]] = static_cast<std::uint32_t>(i);
  // Files are numbered first, in the order the jobs name them and then the target files no
  // job of `order` names, so that the file arena is allocated once at its final size: grown
  // by doubling it would, at its last move, hold twice the files while the working graph
  // is still alive (the peak memory of planning).
  std::vector<std::uint32_t> file_ids(graph.file_count(), k_none);
  std::uint32_t file_count = 0;
  auto number = [&](std::uint32_t build_file) {
    if (file_ids[build_file] == k_none) file_ids[build_file] = file_count++;
  };
  for (std::uint32_t id : order) {
    const BuildJob& source = graph.job(id);
    for (const auto* refs : {&source.inputs, &source.outputs, &source.logs, &source.benchmarks})
      for (const auto& ref : *refs)
        number(ref.file.value);
  }
  std::vector<std::uint32_t> target_files;
  for (std::uint32_t file : roots.target_files) {
    const BuildFile& source = graph.file(file);
    if (!source.is_source && (source.producer == k_none || job_ids[source.producer] == k_none))
      continue;
    number(file);
    target_files.push_back(file_ids[file]);
  }
  dag.m_files.grow_to(file_count);
  for (std::size_t file = 0; file < file_ids.size(); ++file) {
    if (file_ids[file] == k_none) continue;
    FileNode& node = dag.m_files[file_ids[file]];
    node.path = graph.take_path(static_cast<std::uint32_t>(file));
    node.stat = graph.file(static_cast<std::uint32_t>(file)).stat;
  }
  for (std::uint32_t file : target_files)
    dag.m_files[file].is_target = true;
  graph.release_files();
  auto map_refs = [&](std::vector<FileRef>& refs) {
    std::vector<FileRef> mapped = std::move(refs);
    for (auto& ref : mapped)
      ref.file = FileId(file_ids[ref.file.value]);
    return mapped;
  };
  dag.m_jobs.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    BuildJob& source = graph.job(order[i]);
    Job job;
    job.id = JobId(static_cast<std::uint32_t>(i));
    job.rule = source.rule;
    job.wildcards = std::move(source.wildcards);
    job.inputs = map_refs(source.inputs);
    job.outputs = map_refs(source.outputs);
    job.logs = map_refs(source.logs);
    job.benchmarks = map_refs(source.benchmarks);
    dag.m_jobs.push_back(std::move(job));
  }
  struct Pending {
    JobId job;
    FileId root;
  };
  std::vector<Pending> pending;
  for (const PendingRoot& root : graph.pending_roots()) {
    // Not needed by the targets (the root is one of the job's inputs, so it has a number).
    if (job_ids[root.job] == k_none) continue;
    pending.push_back({JobId(job_ids[root.job]), FileId(file_ids[root.root])});
  }
  // The jobs are out of the working graph too: free them before linking, which allocates
  // the edges.
  graph.release_jobs();
  for (auto& job : dag.m_jobs) {
    for (const auto* refs : {&job.outputs, &job.logs, &job.benchmarks}) {
      for (const auto& ref : *refs) {
        FileNode& node = dag.m_files[ref.file.index()];
        if (node.producer.valid() && node.producer != job.id) {
          return make_error(ErrorKind::workflow,
                            fmt::format("two jobs make '{}': {} and {}", node.path,
                                        dag.label(node.producer), dag.label(job.id)));
        }
        node.producer = job.id;
        node.output_flags = ref.flags;
      }
    }
  }
  for (auto& job : dag.m_jobs) {
    for (const auto& ref : job.inputs) {
      FileNode& node = dag.m_files[ref.file.index()];
      node.consumers.push_back(job.id);
      if (node.producer.valid()) job.dependencies.push_back(node.producer);
    }
    sort_unique(job.dependencies);
    for (JobId dependency : job.dependencies)
      dag.m_jobs[dependency.index()].dependents.push_back(job.id);
  }
  for (auto& node : dag.m_files)
    sort_unique(node.consumers);
  for (const Pending& waiting : pending) {
    JobId checkpoint = dag.m_files[waiting.root.index()].producer;
    if (!checkpoint.valid()) continue;  // a source: nothing to wait for
    if (auto marked = dag.mark_pending(waiting.job, checkpoint); !marked) return marked.error();
  }
  for (std::uint32_t root : roots.jobs) {
    if (job_ids[root] == k_none) continue;
    JobId id(job_ids[root]);
    dag.m_jobs[id.index()].is_target = true;
    if (std::find(dag.m_targets.begin(), dag.m_targets.end(), id) == dag.m_targets.end()) {
      dag.m_targets.push_back(id);
    }
  }
  constexpr std::size_t k_shown_matches = 3;
  for (const GlobResult& glob : graph.globs().results()) {
    std::size_t shown = std::min(glob.paths.size(), k_shown_matches);
    dag.m_globs.push_back({glob.rule,
                           glob.glob,
                           glob.paths.size(),
                           {glob.paths.begin(), glob.paths.begin() + static_cast<long>(shown)}});
  }
  return dag;
}

}  // namespace flow::dag
