#include "flow/dag/dag_growth.h"

#include <algorithm>
#include <iterator>
#include <unordered_set>

#include <fmt/format.h>

#include "dag/build_graph.h"

namespace flow::dag {
namespace {

std::size_t hash_path(std::string_view path) {
  return std::hash<std::string_view>{}(path);
}

void insert_sorted(std::vector<JobId>& ids, JobId id) {
  auto at = std::lower_bound(ids.begin(), ids.end(), id);
  if (at == ids.end() || *at != id) ids.insert(at, id);
}

Error growth_error(std::string message) {
  return make_error(ErrorKind::internal, "DAG growth: " + std::move(message));
}

}  // namespace

DagGrowth::DagGrowth(const Dag& dag)
    : m_dag(&dag),
      m_first_job(static_cast<std::uint32_t>(dag.jobs().size())),
      m_first_file(static_cast<std::uint32_t>(dag.files().size())) {}

FileId DagGrowth::file(std::string_view path, const std::optional<sys::FileStat>& stat) {
  if (auto existing = m_dag->find_file(path)) return *existing;
  std::size_t hash = hash_path(path);
  auto found = m_new_files.find(hash, [&](std::uint32_t id) { return m_paths[id] == path; });
  if (found) return FileId(m_first_file + *found);
  auto id = static_cast<std::uint32_t>(m_paths.size());
  m_paths.emplace_back(path);
  m_stats.push_back(stat);
  m_new_files.insert(hash, id);
  return FileId(m_first_file + id);
}

FileId DagGrowth::take_file(std::string path, const std::optional<sys::FileStat>& stat) {
  if (auto existing = m_dag->find_file(path)) return *existing;
  std::size_t hash = hash_path(path);
  auto found = m_new_files.find(hash, [&](std::uint32_t id) { return m_paths[id] == path; });
  if (found) return FileId(m_first_file + *found);
  auto id = static_cast<std::uint32_t>(m_paths.size());
  m_paths.push_back(std::move(path));
  m_stats.push_back(stat);
  m_new_files.insert(hash, id);
  return FileId(m_first_file + id);
}

JobId DagGrowth::add_job(RuleId rule, pattern::WildcardValues wildcards,
                         std::vector<FileRef> inputs, std::vector<FileRef> outputs,
                         std::vector<FileRef> logs, std::vector<FileRef> benchmarks,
                         std::vector<JobId> pending_on) {
  Job job;
  job.id = JobId(m_first_job + static_cast<std::uint32_t>(m_jobs.size()));
  job.rule = rule;
  job.wildcards = std::move(wildcards);
  job.inputs = std::move(inputs);
  job.outputs = std::move(outputs);
  job.logs = std::move(logs);
  job.benchmarks = std::move(benchmarks);
  job.pending_on = std::move(pending_on);
  m_jobs.push_back(std::move(job));
  return m_jobs.back().id;
}

std::vector<FileRef> DagGrowth::refs_of(const std::vector<rules::FileSpec>& specs,
                                        const pattern::WildcardValues& wildcards) {
  std::vector<FileRef> refs;
  refs.reserve(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    refs.push_back(
        {file(specs[i].pattern.apply(wildcards)), specs[i].flags, static_cast<std::uint16_t>(i)});
  }
  return refs;
}

JobId DagGrowth::add_rule_job(RuleId rule, pattern::WildcardValues wildcards,
                              std::vector<JobId> pending_on) {
  const rules::Rule& r = m_dag->rule_set().rule(rule);
  auto inputs = refs_of(r.inputs, wildcards);
  auto outputs = refs_of(r.outputs, wildcards);
  auto logs = refs_of(r.logs, wildcards);
  auto benchmarks = refs_of(r.benchmarks, wildcards);
  return add_job(rule, std::move(wildcards), std::move(inputs), std::move(outputs), std::move(logs),
                 std::move(benchmarks), std::move(pending_on));
}

void DagGrowth::close(JobId job, JobId checkpoint, std::vector<FileRef> inputs) {
  m_closes.push_back({job, checkpoint, std::move(inputs)});
}

Result<void> Dag::mark_pending(JobId job, JobId checkpoint) {
  if (job.index() >= m_jobs.size() || checkpoint.index() >= m_jobs.size()) {
    return growth_error("mark_pending of a job that does not exist");
  }
  Job& j = m_jobs[job.index()];
  if (!std::binary_search(j.dependencies.begin(), j.dependencies.end(), checkpoint)) {
    return growth_error(fmt::format("{} cannot wait on {}, which is not one of its dependencies",
                                    label(job), label(checkpoint)));
  }
  insert_sorted(j.pending_on, checkpoint);
  return ok_result();
}

// Checks everything first, then changes the DAG, so that a growth that fails leaves it as it
// was (the run goes on with what it has).
Result<Extension> Dag::extend(DagGrowth growth) {
  const auto first_job = static_cast<std::uint32_t>(m_jobs.size());
  const auto first_file = static_cast<std::uint32_t>(m_files.size());
  if (growth.m_dag != this || growth.m_first_job != first_job ||
      growth.m_first_file != first_file) {
    return growth_error("built against another DAG, or against this one before another growth");
  }
  auto total_files = first_file + growth.m_paths.size();
  auto label_of = [&](JobId id) {
    if (id.value < first_job) return label(id);
    const Job& j = growth.m_jobs[id.value - first_job];
    std::string wildcards = format_wildcards(m_rules->rule(j.rule), j.wildcards);
    const std::string& name = m_rules->rule(j.rule).name;
    return wildcards.empty() ? name : name + " " + wildcards;
  };
  auto path_of = [&](FileId file) -> const std::string& {
    return file.value < first_file ? m_files[file.index()].path
                                   : growth.m_paths[file.value - first_file];
  };
  // Producers of the new files; no existing file gets one (invariant 2).
  std::vector<JobId> new_producer(growth.m_paths.size());
  for (const Job& job : growth.m_jobs) {
    for (const auto* refs : {&job.outputs, &job.logs, &job.benchmarks}) {
      for (const auto& ref : *refs) {
        if (ref.file.value >= total_files) return growth_error("a file id from another growth");
        if (ref.file.value < first_file) {
          const FileNode& node = m_files[ref.file.index()];
          if (node.producer.valid()) {
            return make_error(ErrorKind::workflow,
                              fmt::format("two jobs make '{}': {} and {}", node.path,
                                          label(node.producer), label_of(job.id)));
          }
          return make_error(ErrorKind::workflow,
                            fmt::format("{} would make '{}', which this run already uses as a "
                                        "source file",
                                        label_of(job.id), node.path));
        }
        JobId& producer = new_producer[ref.file.value - first_file];
        if (producer.valid() && producer != job.id) {
          return make_error(ErrorKind::workflow,
                            fmt::format("two jobs make '{}': {} and {}", path_of(ref.file),
                                        label_of(producer), label_of(job.id)));
        }
        producer = job.id;
      }
    }
  }
  auto producer_of = [&](FileId file) {
    return file.value < first_file ? m_files[file.index()].producer
                                   : new_producer[file.value - first_file];
  };
  // Dependencies first (invariant 3).
  std::vector<std::vector<JobId>> dependencies(growth.m_jobs.size());
  for (std::size_t i = 0; i < growth.m_jobs.size(); ++i) {
    const Job& job = growth.m_jobs[i];
    auto& deps = dependencies[i];
    for (const auto& ref : job.inputs) {
      if (ref.file.value >= total_files) return growth_error("a file id from another growth");
      JobId producer = producer_of(ref.file);
      if (producer.valid()) deps.push_back(producer);
    }
    deps.insert(deps.end(), job.pending_on.begin(), job.pending_on.end());
    std::sort(deps.begin(), deps.end());
    deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
    if (!deps.empty() && deps.back() >= job.id) {
      return growth_error(fmt::format("{} is added before {}, which it needs", label_of(job.id),
                                      label_of(deps.back())));
    }
  }
  // Closes: only pending jobs gain inputs, and never from their own downstream (invariant 4).
  std::vector<std::vector<JobId>> close_deps(growth.m_closes.size());
  std::vector<JobId> closed;
  for (std::size_t c = 0; c < growth.m_closes.size(); ++c) {
    const auto& close = growth.m_closes[c];
    if (close.job.value >= first_job ||
        !std::binary_search(m_jobs[close.job.index()].pending_on.begin(),
                            m_jobs[close.job.index()].pending_on.end(), close.checkpoint)) {
      return growth_error(
          fmt::format("closes {}, which does not wait on that checkpoint",
                      close.job.value < first_job ? label(close.job) : "a new job"));
    }
    std::unordered_set<std::uint32_t> downstream = {close.job.value};
    std::vector<JobId> work = {close.job};
    while (!work.empty()) {
      JobId next = work.back();
      work.pop_back();
      for (JobId dependent : m_jobs[next.index()].dependents) {
        if (downstream.insert(dependent.value).second) work.push_back(dependent);
      }
    }
    for (std::size_t i = 0; i < growth.m_jobs.size(); ++i) {
      for (JobId dep : dependencies[i]) {
        if (downstream.contains(dep.value)) {
          downstream.insert(growth.m_jobs[i].id.value);
          break;
        }
      }
    }
    for (const auto& ref : close.inputs) {
      if (ref.file.value >= total_files) return growth_error("a file id from another growth");
      JobId producer = producer_of(ref.file);
      if (!producer.valid()) continue;
      if (downstream.contains(producer.value)) {
        return make_error(
            ErrorKind::workflow,
            fmt::format("dependency cycle: {} needs '{}', made by {}, which needs {}",
                        label(close.job), path_of(ref.file), label_of(producer), label(close.job)));
      }
      close_deps[c].push_back(producer);
    }
    closed.push_back(close.job);
  }

  // Everything holds: change the DAG.
  Extension extension{JobId(first_job), FileId(first_file), {}};
  for (std::size_t i = 0; i < growth.m_paths.size(); ++i) {
    FileNode node;
    node.path = std::move(growth.m_paths[i]);
    node.stat = growth.m_stats[i];
    if (m_file_index_built) {
      m_file_index.insert(hash_path(node.path), static_cast<std::uint32_t>(m_files.size()));
    }
    m_files.push_back(std::move(node));
  }
  for (std::size_t i = 0; i < growth.m_jobs.size(); ++i) {
    Job job = std::move(growth.m_jobs[i]);
    job.dependencies = std::move(dependencies[i]);
    for (const auto* refs : {&job.outputs, &job.logs, &job.benchmarks}) {
      for (const auto& ref : *refs) {
        m_files[ref.file.index()].producer = job.id;
        m_files[ref.file.index()].output_flags = ref.flags;
      }
    }
    for (const auto& ref : job.inputs) {
      auto& consumers = m_files[ref.file.index()].consumers;
      if (consumers.empty() || consumers.back() != job.id) consumers.push_back(job.id);
    }
    for (JobId dependency : job.dependencies)
      m_jobs[dependency.index()].dependents.push_back(job.id);  // ascending: job is the newest
    m_jobs.push_back(std::move(job));
  }
  for (std::size_t c = 0; c < growth.m_closes.size(); ++c) {
    auto& close = growth.m_closes[c];
    Job& job = m_jobs[close.job.index()];
    for (const auto& ref : close.inputs)
      insert_sorted(m_files[ref.file.index()].consumers, job.id);
    // One merge, not an insert each: a checkpoint's close gives a job 100s of producers.
    auto& deps = job.dependencies;
    auto old_size = static_cast<std::ptrdiff_t>(deps.size());
    deps.insert(deps.end(), close_deps[c].begin(), close_deps[c].end());
    std::sort(deps.begin() + old_size, deps.end());
    std::inplace_merge(deps.begin(), deps.begin() + old_size, deps.end());
    deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
    for (JobId producer : close_deps[c])
      insert_sorted(m_jobs[producer.index()].dependents, job.id);
    // In item order, as building the DAG lists them ({input} is in the order written); a
    // stable merge keeps what was there first within an item (the checkpoint output).
    std::vector<FileRef> merged;
    merged.reserve(job.inputs.size() + close.inputs.size());
    std::merge(job.inputs.begin(), job.inputs.end(), close.inputs.begin(), close.inputs.end(),
               std::back_inserter(merged),
               [](const FileRef& a, const FileRef& b) { return a.item < b.item; });
    job.inputs = std::move(merged);
    std::erase(job.pending_on, close.checkpoint);
  }
  std::sort(closed.begin(), closed.end());
  closed.erase(std::unique(closed.begin(), closed.end()), closed.end());
  extension.closed = std::move(closed);
  return extension;
}

}  // namespace flow::dag
