#include "flow/dag/checkpoint_growth.h"

#include <algorithm>

#include <fmt/format.h>

#include "dag/build_graph.h"
#include "dag/glob_lister.h"
#include "flow/dag/dag_builder.h"

namespace flow::dag {
namespace {

struct Waiting {
  JobId job;
  std::vector<std::pair<std::uint16_t, std::string>> files;  // (item, path), in item order
};

Error after_checkpoint(const Dag& dag, JobId checkpoint, const std::string& waiting, Error error) {
  error.message =
      fmt::format("after checkpoint {}: {}: {}", dag.label(checkpoint), waiting, error.message);
  error.notes.push_back(
      "the checkpoint keeps its outputs; fix the workflow or the files and run flow again");
  return error;
}

// The jobs of `added` (a DAG built for the new files alone, dropped after) as jobs of `dag`:
// the same job when `dag` has one of its outputs, else a new one, taking the paths, wildcards
// and file lists of `added` rather than copying them. Returns each file of `added` as a file
// of the growth, found once: the lookups by path are most of what a growth costs per job.
std::vector<FileId> translate(const Dag& dag, Dag& added, DagGrowth& growth) {
  std::vector<FileId> file_of(added.files().size());
  auto translated = [&](FileId file) {
    FileId& known = file_of[file.index()];
    if (!known.valid()) {
      FileNode& node = added.file_to_take(file);
      known = growth.take_file(std::move(node.path), node.stat);
    }
    return known;
  };
  std::vector<JobId> mapped(added.jobs().size());
  auto refs = [&](std::vector<FileRef>& from) {
    for (auto& ref : from)
      ref.file = translated(ref.file);
    return std::move(from);
  };
  for (std::size_t i = 0; i < added.jobs().size(); ++i) {
    Job& job = added.job_to_take(JobId(static_cast<std::uint32_t>(i)));
    std::optional<JobId> existing;
    for (const auto* files : {&job.outputs, &job.logs, &job.benchmarks}) {
      for (const auto& ref : *files) {
        FileId file = translated(ref.file);
        if (growth.in_dag(file) && dag.file(file).producer.valid())
          existing = dag.file(file).producer;
      }
    }
    if (existing) {
      mapped[job.id.index()] = *existing;
      continue;
    }
    std::vector<JobId> pending_on;
    pending_on.reserve(job.pending_on.size());
    for (JobId checkpoint : job.pending_on)
      pending_on.push_back(mapped[checkpoint.index()]);
    mapped[job.id.index()] =
        growth.add_job(job.rule, std::move(job.wildcards), refs(job.inputs), refs(job.outputs),
                       refs(job.logs), refs(job.benchmarks), std::move(pending_on));
  }
  return file_of;  // invalid for a file no job of `added` uses
}

}  // namespace

Result<std::optional<DagGrowth>> grow_after_checkpoint(const Dag& dag, JobId checkpoint,
                                                       const sys::Filesystem& fs) {
  std::vector<Waiting> waiting;
  for (JobId dependent : dag.job(checkpoint).dependents) {
    const auto& pending_on = dag.job(dependent).pending_on;
    if (std::binary_search(pending_on.begin(), pending_on.end(), checkpoint))
      waiting.push_back({dependent, {}});
  }
  if (waiting.empty()) return std::optional<DagGrowth>();

  GlobLister lister(fs);  // the checkpoint changed the tree: listings from before are stale
  std::vector<std::string> new_paths;
  std::vector<std::string> matched;
  for (auto& wait : waiting) {
    const Job& job = dag.job(wait.job);
    const rules::Rule& rule = dag.rule_of(wait.job);
    for (const auto& ref : job.inputs) {
      if ((ref.flags & k_flag_glob_root) == 0 || dag.file(ref.file).producer != checkpoint)
        continue;
      matched.clear();
      auto listed = append_glob_paths(lister, rule, rule.inputs[ref.item], job.wildcards, matched);
      if (!listed) return after_checkpoint(dag, checkpoint, dag.label(wait.job), listed.error());
      for (auto& path : matched) {
        if (!dag.find_file(path)) new_paths.push_back(path);
        wait.files.emplace_back(ref.item, std::move(path));
      }
    }
  }

  DagGrowth growth(dag);
  // The jobs that make the new files, found as for any target; none for existing files.
  std::optional<Dag> added;
  std::vector<FileId> file_of_added;  // files of `added` as files of the growth
  if (!new_paths.empty()) {
    // Already in order when they come from one listing (sorted), as they most often do.
    if (!std::is_sorted(new_paths.begin(), new_paths.end()))
      std::sort(new_paths.begin(), new_paths.end());
    new_paths.erase(std::unique(new_paths.begin(), new_paths.end()), new_paths.end());
    DagOptions options;
    options.size_hint = new_paths.size();
    options.targets_are_inputs = true;
    options.checkpoints_pending = true;
    // What the listings just showed exists: not statted again to be found a source.
    std::vector<std::string> listed;
    for (auto& result : lister.take_results())
      listed.insert(listed.end(), std::make_move_iterator(result.paths.begin()),
                    std::make_move_iterator(result.paths.end()));
    if (!std::is_sorted(listed.begin(), listed.end())) std::sort(listed.begin(), listed.end());
    auto built = build_dag_listed(dag.rule_set(), new_paths, fs, options, std::move(listed));
    if (!built) {
      return after_checkpoint(dag, checkpoint, dag.label(waiting.front().job), built.error());
    }
    added = std::move(*built);
  }
  // Each waiting file as a file of `added`, found before translate() takes its paths.
  std::vector<std::vector<std::optional<FileId>>> in_added(waiting.size());
  if (added) {
    for (std::size_t w = 0; w < waiting.size(); ++w) {
      in_added[w].reserve(waiting[w].files.size());
      for (const auto& file : waiting[w].files)
        in_added[w].push_back(added->find_file(file.second));
    }
    file_of_added = translate(dag, *added, growth);
  }
  for (std::size_t w = 0; w < waiting.size(); ++w) {
    auto& wait = waiting[w];
    std::vector<FileRef> inputs;
    inputs.reserve(wait.files.size());
    const rules::Rule& rule = dag.rule_of(wait.job);
    for (std::size_t f = 0; f < wait.files.size(); ++f) {
      auto& [item, path] = wait.files[f];
      FileId file;
      std::optional<sys::FileStat> stat;
      if (added) {
        if (auto known = in_added[w][f]) {
          file = file_of_added[known->index()];
          stat = added->file(*known).stat;
        }
      }
      if (!file.valid()) file = growth.take_file(std::move(path), stat);
      inputs.push_back({file, rule.inputs[item].flags, item});
    }
    growth.close(wait.job, checkpoint, std::move(inputs));
  }
  return std::optional<DagGrowth>(std::move(growth));
}

}  // namespace flow::dag
