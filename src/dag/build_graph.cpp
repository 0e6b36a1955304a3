#include "dag/build_graph.h"

#include <fmt/format.h>

#include <algorithm>

#include "dag/checkpoint_roots.h"
#include "dag/input_paths.h"
#include "flow/sys/allocator_tuning.h"

namespace flow::dag {

std::string format_wildcards(const rules::Rule& rule, const pattern::WildcardValues& values) {
  std::string text;
  for (std::size_t i = 0; i < rule.wildcard_names.size() && i < values.size(); ++i) {
    if (i > 0) text += ',';
    text += rule.wildcard_names[i];
    text += '=';
    text += values[i];
  }
  return text;
}

namespace {

std::size_t hash_path(std::string_view path) {
  return std::hash<std::string_view>{}(path);
}

std::size_t hash_job(RuleId rule, const pattern::WildcardValues& wildcards) {
  std::size_t hash = std::hash<std::uint32_t>{}(rule.value);
  for (const auto& value : wildcards)
    hash = hash * 1099511628211ULL ^ std::hash<std::string_view>{}(value);
  return hash;
}

}  // namespace

void BuildGraph::reserve(std::size_t jobs, std::size_t files) {
  m_jobs.reserve(jobs);
  m_job_ids.reserve(jobs);
  m_paths.reserve(files);
  m_files.reserve(files);
  m_file_ids.reserve(files);
}

namespace {
const std::vector<std::uint32_t> k_no_candidates;
const std::string k_no_detail;
}  // namespace

const std::vector<std::uint32_t>& BuildFile::candidates() const {
  return why ? why->candidates : k_no_candidates;
}

const std::string& BuildFile::detail() const {
  return why ? why->detail : k_no_detail;
}

const std::string& BuildJob::detail() const {
  return why ? why->detail : k_no_detail;
}

namespace {

// Below this many files or jobs, what the working graph frees is a few MB at most: not worth
// malloc_trim's walk of the heap, nor the page faults (huge pages zeroed) of getting those
// pages back. A checkpoint's growth builds a graph of its new files every time: trimming
// there was a third of re-planning 1,000 x 100 dynamic jobs.
constexpr std::size_t k_trim_at = 1 << 16;

}  // namespace

void BuildGraph::release_files() {
  bool large = m_files.size() >= k_trim_at;
  std::vector<std::string>().swap(m_paths);
  std::vector<BuildFile>().swap(m_files);
  m_file_ids = FlatIdMap();
  if (large) sys::release_free_memory();
}

void BuildGraph::release_jobs() {
  bool large = m_jobs.size() >= k_trim_at;
  std::vector<BuildJob>().swap(m_jobs);
  m_job_ids = FlatIdMap();
  if (large) sys::release_free_memory();
}

template <class Path>
std::uint32_t BuildGraph::intern_path(Path&& path) {
  std::size_t hash = hash_path(path);
  if (auto id = m_file_ids.find(
          hash, [&](std::uint32_t candidate) { return m_paths[candidate] == path; })) {
    return *id;
  }
  auto id = static_cast<std::uint32_t>(m_files.size());
  m_paths.emplace_back(std::forward<Path>(path));
  m_files.emplace_back();
  m_file_ids.insert(hash, id);
  return id;
}

std::uint32_t BuildGraph::intern(std::string_view path) {
  return intern_path(path);
}

std::uint32_t BuildGraph::intern(std::string&& path) {
  return intern_path(std::move(path));
}

std::optional<std::uint32_t> BuildGraph::find(std::string_view path) const {
  return m_file_ids.find(hash_path(path),
                         [&](std::uint32_t candidate) { return m_paths[candidate] == path; });
}

void BuildGraph::add_files(std::vector<FileRef>& refs, const std::vector<rules::FileSpec>& specs,
                           const pattern::WildcardValues& wildcards) {
  refs.reserve(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    std::uint32_t id = intern(specs[i].pattern.apply(wildcards));
    refs.push_back({FileId(id), specs[i].flags, static_cast<std::uint16_t>(i)});
  }
}

std::uint32_t BuildGraph::job_for(RuleId rule, pattern::WildcardValues wildcards) {
  std::size_t hash = hash_job(rule, wildcards);
  auto found = m_job_ids.find(hash, [&](std::uint32_t candidate) {
    return m_jobs[candidate].rule == rule && m_jobs[candidate].wildcards == wildcards;
  });
  if (found) return *found;
  auto id = static_cast<std::uint32_t>(m_jobs.size());
  m_job_ids.insert(hash, id);
  const rules::Rule& r = m_rules.rule(rule);
  BuildJob job;
  job.rule = rule;
  job.wildcards = std::move(wildcards);
  if (r.lookups.empty() && !r.has_glob_inputs()) {
    add_files(job.inputs, r.inputs, job.wildcards);
  } else {
    add_inputs(id, job, r);
  }
  add_files(job.outputs, r.outputs, job.wildcards);
  add_files(job.logs, r.logs, job.wildcards);
  add_files(job.benchmarks, r.benchmarks, job.wildcards);
  m_jobs.push_back(std::move(job));
  return id;
}

bool BuildGraph::add_inputs(std::uint32_t id, BuildJob& job, const rules::Rule& rule) {
  auto fail = [&](Error error) {
    job.state = State::failed;
    job.failure = FailureKind::lookup;
    job.why.make().error = std::move(error);
    job.inputs.clear();
    while (!m_pending_roots.empty() && m_pending_roots.back().job == id)
      m_pending_roots.pop_back();
    return false;
  };
  job.inputs.reserve(rule.inputs.size());
  for (std::size_t i = 0; i < rule.inputs.size(); ++i) {
    m_scratch_paths.clear();
    const rules::FileSpec& spec = rule.inputs[i];
    if (spec.is_glob()) {
      if (auto added = add_glob_input(id, job, rule, static_cast<std::uint16_t>(i)); !added)
        return fail(std::move(added).error());
      continue;
    }
    auto made = append_input_paths(m_rules, rule, spec, job.wildcards, m_scratch_paths);
    if (!made) return fail(std::move(made).error());
    for (auto& path : m_scratch_paths) {
      job.inputs.push_back(
          {FileId(intern(std::move(path))), rule.inputs[i].flags, static_cast<std::uint16_t>(i)});
    }
  }
  if (auto checked = check_template_lookups(m_rules, rule, job.wildcards); !checked)
    return fail(std::move(checked).error());
  return true;
}

Result<void> BuildGraph::add_glob_input(std::uint32_t id, BuildJob& job, const rules::Rule& rule,
                                        std::uint16_t item) {
  const rules::FileSpec& spec = rule.inputs[item];
  if (!m_rules.checkpoint_rules().empty()) {
    pattern::Pattern filled = spec.glob().pattern.fill(job.wildcards, rule.wildcard_names.size());
    if (auto root = checkpoint_root(m_rules, filled)) {
      std::uint32_t file = intern(*root);
      job.inputs.push_back({FileId(file), rules::k_flag_glob_root, item});
      // A checkpoint output that is not there yet, or that its job remakes, decides the
      // glob only once the job ran. One that exists and stays is read now (spec §7); if
      // planning then finds that its job runs after all, the caller builds again with it
      // in m_rerun_roots (plan/checkpoint_reruns.h).
      bool rerun =
          m_all_pending || std::binary_search(m_rerun_roots.begin(), m_rerun_roots.end(), *root);
      if (rerun || (stat_once(file) && !m_files[file].stat->exists)) {
        m_pending_roots.push_back({id, file});
        return ok_result();
      }
    }
  }
  m_scratch_paths.clear();
  auto made = append_glob_paths(m_globs, rule, spec, job.wildcards, m_scratch_paths);
  if (!made) return made;
  for (auto& path : m_scratch_paths)
    job.inputs.push_back({FileId(intern(std::move(path))), spec.flags, item});
  return ok_result();
}

bool BuildGraph::stat_once(std::uint32_t id) {
  BuildFile& f = m_files[id];
  if (f.stat) return true;
  auto result = m_fs.stat(m_paths[id]);
  if (!result) {
    f.failure = FailureKind::stat_error;
    f.set_detail(result.error().message);
    return false;
  }
  f.stat = *result;
  return true;
}

std::string BuildGraph::label(std::uint32_t id) const {
  const BuildJob& j = m_jobs[id];
  const rules::Rule& rule = m_rules.rule(j.rule);
  std::string wildcards = format_wildcards(rule, j.wildcards);
  return wildcards.empty() ? rule.name : rule.name + " " + wildcards;
}

}  // namespace flow::dag
