#include <string.h>

#include <algorithm>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/dag/job_render.h"
#include "run/runner_impl.h"

namespace flow::run {
namespace {

// The last `count` lines of `text`.
std::string tail_lines(const std::string& text, int count) {
  std::size_t position = text.size();
  if (position > 0 && text[position - 1] == '\n') --position;
  while (position > 0 && count > 0) {
    position = text.rfind('\n', position - 1);
    if (position == std::string::npos) return text;
    --count;
  }
  return text.substr(position == 0 ? 0 : position + 1);
}

}  // namespace

std::string describe_exit(const exec::JobCompletion& completion) {
  if (!completion.message.empty() && completion.status != exec::CompletionStatus::failed)
    return completion.message;
  if (completion.signal != 0) {
    const char* name = sigabbrev_np(completion.signal);
    return fmt::format("killed by signal {} (SIG{})", completion.signal, name ? name : "?");
  }
  std::string text = fmt::format("exit code {}", completion.exit_code);
  if (completion.exit_code == 127) text += " (command not found?)";
  if (!completion.message.empty()) text += ": " + completion.message;
  return text;
}

void Runner::job_ended(Active active, exec::JobCompletion completion) {
  if (completion.status != exec::CompletionStatus::succeeded) {
    fail(active, completion, describe_exit(completion));
    return;
  }
  const auto& job = m_ctx.dag.job(active.job);
  for (const auto& ref : job.outputs) {
    if (!(ref.flags & dag::k_flag_touch)) continue;
    const std::string& path = m_ctx.dag.path(ref.file);
    if (auto touched = m_ctx.fs.touch(path); !touched) {
      fail(active, completion, touched.error().message);
      return;
    }
  }
  std::string missing = check_outputs(active.job, false);
  if (missing.empty()) {
    succeed(active, completion);
  } else if (m_ctx.options.latency_wait > 0 && missing.find("missing") != std::string::npos) {
    // Network filesystems show files late: look again until --latency-wait passes.
    auto wait = std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(m_ctx.options.latency_wait));
    m_awaiting.push_back(
        {std::move(active), std::move(completion), m_ctx.clock.steady_now() + wait});
  } else {
    fail(active, completion, missing);
  }
}

std::string Runner::check_outputs(JobId job, bool refresh) {
  std::vector<std::string> problems;
  for (const auto& ref : m_ctx.dag.job(job).outputs) {
    const std::string& path = m_ctx.dag.path(ref.file);
    if (refresh) m_ctx.fs.refresh_dir(sys::parent_dir(path));
    m_ctx.stats.invalidate(ref.file);
    auto stat = m_ctx.stats.get(ref.file);
    if (!stat) {
      problems.push_back(stat.error().message);
    } else if (!stat->exists) {
      problems.push_back(fmt::format("missing output {}", path));
    } else if ((ref.flags & dag::k_flag_directory) && !stat->is_dir) {
      problems.push_back(
          fmt::format("output {} is a file, but the rule declares a directory", path));
    } else if (!(ref.flags & dag::k_flag_directory) && stat->is_dir) {
      problems.push_back(
          fmt::format("output {} is a directory, but the rule does not declare "
                      "`directory: true`",
                      path));
    }
  }
  return join(problems, "; ");
}

void Runner::succeed(const Active& active, const exec::JobCompletion& completion) {
  JobId job = active.job;
  const auto& j = m_ctx.dag.job(job);
  release(active);
  write_benchmark(job, completion);
  for (const auto& ref : j.outputs) {
    if (!(ref.flags & dag::k_flag_protected)) continue;
    if (auto protectd = m_ctx.fs.set_read_only(m_ctx.dag.path(ref.file)); !protectd) {
      m_ctx.observer.warning(protectd.error().message);
    }
  }
  record_outputs(job, active.started);
  release_temp_inputs(job);
  ++m_summary.succeeded;
  m_ctx.observer.job_succeeded(job, active.spec.argv.empty() ? nullptr : &completion);
  m_plan.job_finished(job, true);
}

void Runner::fail(const Active& active, const exec::JobCompletion& completion, std::string what,
                  bool touched) {
  JobId job = active.job;
  const rules::Rule& rule = m_ctx.dag.rule_of(job);
  release(active);
  JobFailed event;
  event.job = job;
  event.label = m_ctx.dag.label(job);
  event.what = std::move(what);
  event.command = active.spec.command_text;
  event.output = completion.output;
  event.attempt = active.attempt;
  for (const auto& ref : m_ctx.dag.job(job).logs)
    event.logs.push_back(m_ctx.dag.path(ref.file));
  if (!event.logs.empty()) {
    if (auto text = m_ctx.fs.read_file(event.logs.front())) event.log_tail = tail_lines(*text, 15);
  }
  if (touched) event.removed = remove_outputs(job);
  int allowed = rule.retries.value_or(m_ctx.options.retries);
  bool can_retry =
      active.attempt <= allowed && completion.status != exec::CompletionStatus::not_started;
  event.will_retry = can_retry && !m_stopping;
  m_ctx.observer.job_failed(event);
  if (event.will_retry) {
    m_attempts[job.index()] = active.attempt + 1;
    m_restart.push_back(job);
    return;
  }
  ++m_summary.failed;
  m_summary.failed_labels.push_back(event.label);
  m_summary.removed.insert(m_summary.removed.end(), event.removed.begin(), event.removed.end());
  m_plan.job_finished(job, false);
  if (!m_ctx.options.keep_going) m_stopping = true;
}

// Spec §3: a failed job's outputs are removed (its logs kept).
std::vector<std::string> Runner::remove_outputs(JobId job) {
  std::vector<std::string> removed;
  const auto& j = m_ctx.dag.job(job);
  for (const auto* refs : {&j.outputs, &j.benchmarks}) {
    for (const auto& ref : *refs) {
      const std::string& path = m_ctx.dag.path(ref.file);
      auto result = m_ctx.fs.remove(path);
      m_ctx.stats.invalidate(ref.file);
      if (!result) {
        m_ctx.observer.warning(result.error().message);
        continue;  // still journalled as incomplete, so the next run remakes it
      }
      if (*result) removed.push_back(path);
      std::vector<std::string> one = {path};
      (void)m_ctx.state.forget(one);
    }
  }
  return removed;
}

void Runner::release(const Active& active) {
  m_free_cores += active.cores;
  for (const auto& [name, amount] : active.resources)
    m_free_resources[name] += amount;
}

void Runner::write_benchmark(JobId job, const exec::JobCompletion& c) {
  for (const auto& ref : m_ctx.dag.job(job).benchmarks) {
    std::string text = fmt::format(
        "s\th:m:s\tmax_rss_mb\tcpu_s\tio_in\tio_out\n{:.4f}\t{}\t{:.2f}\t{:.4f}\t{}\t{}\n",
        c.wall_seconds, format_hms(c.wall_seconds), static_cast<double>(c.max_rss_kb) / 1024.0,
        c.cpu_seconds, c.io_in_blocks, c.io_out_blocks);
    if (auto written = m_ctx.fs.write_file_atomic(m_ctx.dag.path(ref.file), text); !written) {
      m_ctx.observer.warning(written.error().message);
    }
    m_ctx.stats.invalidate(ref.file);
  }
}

void Runner::record_outputs(JobId job, TimeStamp started) {
  auto paths = marked_outputs(job);
  if (paths.empty()) return;
  dag::Fingerprint print = dag::fingerprint(m_ctx.dag, job);
  state::OutputRecord record{
      m_ctx.dag.rule_of(job).name, print.code, print.params, print.inputs, started,
      m_ctx.clock.wall_now()};
  if (auto recorded = m_ctx.state.record_complete(paths, record); !recorded) {
    m_ctx.observer.warning(recorded.error().message);
  }
}

void Runner::release_temp_inputs(JobId job) {
  if (m_ctx.options.keep_temp) return;
  for (const auto& input : m_ctx.dag.job(job).inputs) {
    std::uint32_t& users = m_temp_users[input.file.index()];
    if (users == 0 || --users > 0) continue;
    const std::string& path = m_ctx.dag.path(input.file);
    if (auto removed = m_ctx.fs.remove(path); !removed) {
      m_ctx.observer.warning(removed.error().message);
      continue;
    }
    m_ctx.stats.set(input.file, sys::FileStat{});
    std::vector<std::string> one = {path};
    (void)m_ctx.state.forget(one);
  }
}

}  // namespace flow::run
