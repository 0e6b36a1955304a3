#include <algorithm>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/dag/job_render.h"
#include "run/command_line.h"
#include "run/runner_impl.h"

namespace flow::run {
namespace {

exec::JobCompletion completion_of(JobId job, exec::CompletionStatus status) {
  exec::JobCompletion completion;
  completion.id = job.value;
  completion.status = status;
  return completion;
}

bool runs_locally(const rules::Rule& rule, const RunOptions& options) {
  return !options.remote || rule.local || rule.step == rules::StepKind::none;
}

}  // namespace

bool Runner::fits(JobId job, int& cores, std::map<std::string, std::int64_t>& resources) {
  const rules::Rule& rule = m_ctx.dag.rule_of(job);
  cores = 0;
  if (runs_locally(rule, m_ctx.options) && rule.step != rules::StepKind::none) {
    // Spec §3: a job gets min(threads, cores).
    cores = std::min(rule.threads, m_ctx.options.cores);
    if (cores > m_free_cores) return false;
  }
  resources.clear();
  for (const auto& [name, limit] : m_ctx.options.resources) {
    const rules::Resource* wanted = rule.resource(name);
    if (wanted == nullptr || !wanted->is_int) continue;
    std::int64_t amount = wanted->number;
    if (amount > limit) {
      // Spec §3: a job asking for more than a limit is scaled down to it, with a warning.
      if (!m_scaled_warned[rule.id.index()]) {
        m_scaled_warned[rule.id.index()] = true;
        m_ctx.observer.warning(
            fmt::format("rule '{}' asks for {}={}, more than --resources {}={}; using {}",
                        rule.name, name, amount, name, limit, limit));
      }
      amount = limit;
    }
    if (amount > m_free_resources[name]) return false;
    resources[name] = amount;
  }
  return true;
}

void Runner::start_job(JobId job, int attempt, int cores,
                       std::map<std::string, std::int64_t> resources) {
  const rules::Rule& rule = m_ctx.dag.rule_of(job);
  m_attempts[job.index()] = attempt;
  if (rule.step == rules::StepKind::none) {
    finish_stepless_job(job);
    return;
  }
  Active active{job, attempt, cores, std::move(resources), m_ctx.clock.wall_now(), {}};
  m_free_cores -= active.cores;  // every path below ends in release() or a completion
  for (const auto& [name, amount] : active.resources)
    m_free_resources[name] -= amount;
  auto spec = make_spec(job, attempt, std::max(cores, 1));
  if (!spec) {
    fail(active, completion_of(job, exec::CompletionStatus::not_started), spec.error().message,
         false);
    return;
  }
  active.spec = std::move(*spec);
  if (attempt == 1 && m_ctx.executor.reattach(active.spec)) {
    // A cluster job from an earlier flow is still running: its outputs are its own.
    m_ctx.observer.job_started(JobStarted{job, &active.spec, attempt, ""});
    m_active.emplace(job.value, std::move(active));
    return;
  }
  if (auto allowed = check_protected(job); !allowed) {
    fail(active, completion_of(job, exec::CompletionStatus::not_started), allowed.error().message,
         false);
    return;
  }
  if (auto prepared = prepare_outputs(job); !prepared) {
    fail(active, completion_of(job, exec::CompletionStatus::not_started), prepared.error().message);
    return;
  }
  std::string message;
  if (rule.message) {
    message = dag::render(m_ctx.dag, job, *rule.message, {active.spec.threads, job.value, attempt},
                          dag::Quoting::none);
  }
  m_ctx.observer.job_started(JobStarted{job, &active.spec, attempt, message});
  if (auto started = m_ctx.executor.start(active.spec); !started) {
    fail(active, completion_of(job, exec::CompletionStatus::not_started), started.error().message);
    return;
  }
  m_active.emplace(job.value, std::move(active));
}

std::vector<std::string> Runner::marked_outputs(JobId job) const {
  std::vector<std::string> paths;
  const auto& j = m_ctx.dag.job(job);
  for (const auto* refs : {&j.outputs, &j.benchmarks}) {
    for (const auto& ref : *refs)
      paths.push_back(m_ctx.dag.path(ref.file));
  }
  return paths;
}

// Spec §1: a rerun that would overwrite a protected output is an error (checked by flow,
// so that it holds even for root, whom permissions do not stop).
Result<void> Runner::check_protected(JobId job) {
  for (const auto& ref : m_ctx.dag.job(job).outputs) {
    auto stat = m_ctx.stats.get(ref.file);
    if (stat && stat->exists && stat->read_only && (ref.flags & dag::k_flag_protected)) {
      return make_error(ErrorKind::job,
                        fmt::format("output '{}' is protected; remove it by hand to make it again",
                                    m_ctx.dag.path(ref.file)));
    }
  }
  return ok_result();
}

// Spec §3: before a job starts, its existing outputs are removed, the parent directories of
// its outputs, logs and benchmarks made, and its outputs journalled as incomplete.
Result<void> Runner::prepare_outputs(JobId job) {
  const auto& j = m_ctx.dag.job(job);
  for (const auto* refs : {&j.outputs, &j.logs, &j.benchmarks}) {
    for (const auto& ref : *refs) {
      const std::string& path = m_ctx.dag.path(ref.file);
      if (auto removed = m_ctx.fs.remove(path); !removed) return removed.error();
      m_ctx.stats.set(ref.file, sys::FileStat{});
      if (auto made = m_ctx.fs.make_dirs(sys::parent_dir(path)); !made) return made.error();
    }
  }
  auto marked = marked_outputs(job);
  if (auto journalled = m_ctx.state.mark_incomplete(marked); !journalled) return journalled.error();
  return ok_result();
}

Result<exec::JobSpec> Runner::make_spec(JobId job, int attempt, int cores) {
  const rules::Rule& rule = m_ctx.dag.rule_of(job);
  const auto& j = m_ctx.dag.job(job);
  exec::JobSpec spec;
  spec.id = job.value;
  spec.rule = rule.name;
  spec.wildcards = m_ctx.dag.wildcards_text(job);
  spec.display_name = m_ctx.dag.label(job);
  spec.workdir = m_ctx.options.workdir;
  spec.local = runs_locally(rule, m_ctx.options);
  spec.threads = spec.local ? cores : rule.threads;
  for (const auto& resource : rule.resources) {
    spec.resources[resource.name] =
        exec::ResourceValue{resource.is_int, resource.number, resource.text};
  }
  spec.envmodules = rule.envmodules;
  for (const auto& ref : j.outputs)
    spec.outputs.push_back(m_ctx.dag.path(ref.file));
  if (!j.logs.empty()) spec.log = m_ctx.dag.path(j.logs.front().file);
  spec.identity = hex64(hash_string(rule.name + '\0' + spec.wildcards));
  dag::RenderValues values{spec.threads, job.value, attempt};
  if (rule.step == rules::StepKind::builtin) {
    spec.argv = {m_ctx.options.flow_binary};
    auto words = encode_builtin_args(dag::builtin_invocation(m_ctx.dag, job, values));
    spec.argv.insert(spec.argv.end(), words.begin(), words.end());
    std::vector<std::string> shown = {"flow"};
    for (const auto& word : words)
      shown.push_back(shell_quote(word));
    spec.command_text = join(shown, " ");
    return spec;
  }
  spec.command_text = dag::render(m_ctx.dag, job, *rule.shell, values, dag::Quoting::shell);
  if (spec.command_text.size() > m_ctx.options.max_inline_command) {
    std::string dir = m_ctx.options.state_dir + "/scripts";
    std::string script = fmt::format("{}/{}-{}.sh", dir, rule.name, job.value);
    if (auto made = m_ctx.fs.make_dirs(dir); !made) return made.error();
    if (auto written = m_ctx.fs.write_file_atomic(script, bash_script(spec.command_text));
        !written) {
      return written.error();
    }
    spec.argv = {"bash", script};
  } else if (auto words = split_simple_command(spec.command_text)) {
    spec.argv = std::move(*words);
  } else {
    spec.argv = bash_argv(spec.command_text);
  }
  return spec;
}

void Runner::finish_stepless_job(JobId job) {
  Active active{job, 1, 0, {}, m_ctx.clock.wall_now(), {}};
  m_ctx.observer.job_started(JobStarted{job, nullptr, 1, ""});
  std::string missing = check_outputs(job, false);
  if (!missing.empty()) {
    fail(active, completion_of(job, exec::CompletionStatus::failed), missing);
    return;
  }
  succeed(active, completion_of(job, exec::CompletionStatus::succeeded));
}

}  // namespace flow::run
