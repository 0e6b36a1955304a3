#include <string.h>

#include <algorithm>

#include <fmt/format.h>

#include "run/failure_text.h"
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

bool only_missing(const std::vector<OutputProblem>& problems) {
  return std::all_of(problems.begin(), problems.end(), [](const OutputProblem& problem) {
    return problem.kind == OutputProblemKind::missing;
  });
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

void Runner::skip(Active active, const std::string& why) {
  m_pool.release(active.claim);
  warn_if(close_shadow(active, false));
  m_ctx.observer.job_skipped(active.job, why);
  m_plan.requeue(active.job);  // waits for a retry of what it needs, or is cancelled
  m_gate_stale = true;
}

void Runner::job_ended(Active active, exec::JobCompletion completion) {
  if (completion.status == exec::CompletionStatus::skipped) {
    skip(std::move(active), completion.message);
    return;
  }
  // Pipe pairs are never shadow jobs (dag/pipes.cpp refuses it).
  if (auto partner = m_plan.pipe_partner(active.job)) {
    pair_job_ended(std::move(active), std::move(completion), *partner);
    return;
  }
  bool succeeded = completion.status == exec::CompletionStatus::succeeded;
  if (auto closed = close_shadow(active, succeeded); !closed) {
    // Outputs that could not be moved back are not there: the job failed.
    if (succeeded) {
      fail(active, completion, closed.error().message);
      return;
    }
    m_ctx.observer.warning(closed.error().message);
  }
  if (!succeeded) {
    // A job that never started made nothing; what is there may be another submission's.
    bool touched = completion.status != exec::CompletionStatus::not_started;
    fail(active, completion, describe_failure(completion, active.spec), touched);
    return;
  }
  if (auto touched = m_files.touch_flagged(active.job); !touched) {
    fail(active, completion, touched.error().message);
    return;
  }
  auto problems = m_files.check(active.job, false);
  if (problems.empty()) {
    succeed(active, completion);
  } else if (m_ctx.options.latency_wait > 0 && only_missing(problems)) {
    // Network filesystems show files late: look again until --latency-wait passes.
    auto wait = std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(m_ctx.options.latency_wait));
    m_awaiting.push_back(
        {std::move(active), std::move(completion), m_ctx.clock.steady_now() + wait});
  } else {
    fail(active, completion, describe(problems));
  }
}

void Runner::pair_job_ended(Active active, exec::JobCompletion completion, JobId partner) {
  JobId job = active.job;
  if (auto broken = m_broken.find(job.value); broken != m_broken.end()) {
    // Its partner failed first and this one was asked to stop: it fails, whatever it did.
    std::string what = std::move(broken->second);
    m_broken.erase(broken);
    fail(active, completion, what);
    m_files.remove_pipes(job);
    m_files.remove_pipes(partner);
    return;
  }
  std::string problem;
  if (completion.status != exec::CompletionStatus::succeeded) {
    problem = describe_exit(completion);
  } else if (auto touched = m_files.touch_flagged(job); !touched) {
    problem = touched.error().message;
  } else if (auto problems = m_files.check(job, false); !problems.empty()) {
    problem = describe(problems);  // no --latency-wait for a pair: it ends as a whole
  }
  auto held = m_held.find(partner.value);
  if (problem.empty()) {
    if (m_active.count(partner.value) != 0) {
      m_held.emplace(job.value, Held{std::move(active), std::move(completion)});
      return;
    }
    if (held != m_held.end()) {
      Held first = std::move(held->second);
      m_held.erase(held);
      // The producer first: the consumer's success is the pair's.
      if (first.active.job < job) {
        succeed(first.active, first.completion);
        succeed(active, completion);
      } else {
        succeed(active, completion);
        succeed(first.active, first.completion);
      }
      m_files.remove_pipes(job);
      m_files.remove_pipes(partner);
      return;
    }
    problem = "internal error: its pipe partner ended unseen";
  }
  fail(active, completion, problem);  // asks a running partner to stop (m_broken)
  if (held != m_held.end()) {
    Held first = std::move(held->second);
    m_held.erase(held);
    fail(first.active, first.completion,
         fmt::format("its pipe partner {} failed", m_ctx.dag.label(job)));
  }
  if (m_active.count(partner.value) == 0) {
    m_files.remove_pipes(job);
    m_files.remove_pipes(partner);
  }
}

void Runner::drop_held(std::vector<std::string>& removed) {
  for (auto& [id, held] : m_held) {
    m_pool.release(held.active.claim);
    auto gone = remove_outputs(held.active.job);
    m_files.remove_pipes(held.active.job);
    removed.insert(removed.end(), gone.begin(), gone.end());
  }
  m_held.clear();
}

void Runner::warn(const std::vector<Error>& problems) {
  for (const auto& problem : problems)
    m_ctx.observer.warning(problem.message);
}

void Runner::warn_if(const Result<void>& result) {
  if (!result) m_ctx.observer.warning(result.error().message);
}

void Runner::succeed(const Active& active, const exec::JobCompletion& completion) {
  JobId job = active.job;
  m_pool.release(active.claim);
  warn(m_files.write_benchmark(job, completion));
  warn(m_files.protect(job));
  if (auto recorded = m_files.record(job, active.started, m_ctx.clock.wall_now()); !recorded) {
    m_ctx.observer.warning(recorded.error().message);
  }
  // A script job's files are removed once it has succeeded (kept after a failure, to look at).
  for (const auto& path : active.job_files)
    m_files.remove_job_file(path);
  ++m_summary.succeeded;
  m_ctx.observer.job_succeeded(job, active.spec.argv.empty() ? nullptr : &completion);
  m_plan.job_finished(job, true);
  m_gate.succeeded(job);
  grow_after(job);
  // After the growth: the jobs it added count as consumers of the temp files they read.
  release_temp_files(job);
}

void Runner::grow_after(JobId job) {
  if (m_ctx.grower == nullptr) return;
  SteadyTime started = m_ctx.clock.steady_now();
  // A growth may add checkpoints that are up to date: they do not run, so what waits on them
  // is resolved now, as if they had just succeeded.
  std::vector<JobId> work = {job};
  while (!work.empty()) {
    JobId next = work.back();
    work.pop_back();
    auto growth = m_ctx.grower->after_success(m_ctx.dag, next);
    Result<void> applied = ok_result();
    if (!growth) {
      applied = growth.error();
    } else if (growth->has_value()) {
      applied = apply_growth(std::move(**growth), work);
    }
    if (!applied) fail_waiting_on(next, applied.error().message);
  }
  m_summary.growth_seconds +=
      std::chrono::duration<double>(m_ctx.clock.steady_now() - started).count();
}

// The checkpoint keeps its outputs; what waited on it cannot get its inputs.
void Runner::fail_waiting_on(JobId checkpoint, const std::string& what) {
  std::vector<JobId> waiting;
  for (JobId dependent : m_ctx.dag.job(checkpoint).dependents) {
    const auto& pending_on = m_ctx.dag.job(dependent).pending_on;
    if (std::find(pending_on.begin(), pending_on.end(), checkpoint) != pending_on.end())
      waiting.push_back(dependent);
  }
  for (JobId dependent : waiting)
    fail_unstarted(dependent, what);
}

Result<void> Runner::apply_growth(dag::DagGrowth growth, std::vector<JobId>& settled) {
  auto extension = m_ctx.dag.extend(std::move(growth));
  if (!extension) return extension.error();
  auto flipped = plan::extend_staleness(m_ctx.dag, *extension, m_ctx.stats, &m_ctx.state,
                                        m_ctx.options.staleness, m_plan, m_ctx.staleness);
  if (!flipped) return flipped.error();
  m_attempts.resize(m_ctx.dag.jobs().size(), 0);
  m_temp.grow();
  for (std::uint32_t i = extension->first_job.value; i < m_ctx.dag.jobs().size(); ++i) {
    if (m_ctx.staleness.runs(JobId(i))) m_temp.add_consumer(JobId(i));
  }
  for (JobId job : *flipped)
    m_temp.add_consumer(job);
  m_plan.extend(*extension, m_ctx.staleness, *flipped);
  m_summary.total = m_plan.total();
  m_ctx.observer.jobs_added(m_plan.total());
  for (std::uint32_t i = extension->first_job.value; i < m_ctx.dag.jobs().size(); ++i) {
    JobId added(i);
    // A new job waiting on an older one that will not succeed again in this run (done, or
    // not running): that one's growth is due now.
    for (JobId checkpoint : m_ctx.dag.job(added).pending_on) {
      if (checkpoint < extension->first_job &&
          (!m_ctx.staleness.runs(checkpoint) ||
           m_plan.state(checkpoint) == plan::JobState::succeeded)) {
        settled.push_back(checkpoint);
      }
    }
    if (m_ctx.staleness.runs(added)) continue;
    for (JobId dependent : m_ctx.dag.job(added).dependents) {
      const auto& pending_on = m_ctx.dag.job(dependent).pending_on;
      if (std::binary_search(pending_on.begin(), pending_on.end(), added)) {
        settled.push_back(added);
        break;
      }
    }
  }
  return ok_result();
}

void Runner::fail_unstarted(JobId job, std::string what) {
  JobFailed event;
  event.job = job;
  event.label = m_ctx.dag.label(job);
  event.what = std::move(what);
  m_ctx.observer.job_failed(event);
  ++m_summary.failed;
  m_summary.failed_labels.push_back(event.label);
  m_plan.job_finished(job, false);
  m_gate_stale = true;
  if (!m_ctx.options.keep_going) m_stopping = true;
}

void Runner::fail_stalled() {
  if (m_plan.done() == m_plan.total()) return;
  std::vector<JobId> stalled;
  for (const auto& job : m_ctx.dag.jobs()) {
    if (job.is_pending() && m_plan.state(job.id) == plan::JobState::waiting)
      stalled.push_back(job.id);
  }
  for (JobId job : stalled) {
    fail_unstarted(job,
                   fmt::format("internal error: it still waits on checkpoint {}, which has run",
                               m_ctx.dag.label(m_ctx.dag.job(job).pending_on.front())));
  }
}

void Runner::release_temp_files(JobId job) {
  for (FileId file : m_temp.released_by(job)) {
    if (auto released = m_files.release_temp(file); !released) {
      m_ctx.observer.warning(released.error().message);
    }
  }
}

void Runner::fail(const Active& active, const exec::JobCompletion& completion, std::string what,
                  bool touched) {
  JobId job = active.job;
  const rules::Rule& rule = m_ctx.dag.rule_of(job);
  m_pool.release(active.claim);
  auto partner = m_plan.pipe_partner(job);
  if (partner && m_active.count(partner->value) != 0 && m_broken.count(partner->value) == 0) {
    // Spec §8: when either fails, both are stopped.
    m_ctx.executor.cancel(partner->value);
    m_broken.emplace(partner->value,
                     fmt::format("stopped: its pipe partner {} failed", m_ctx.dag.label(job)));
  }
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
  // A pipe pair is not retried (decisions.md, "Pipes"): one half cannot run again alone.
  bool can_retry = active.attempt <= allowed && !partner &&
                   completion.status != exec::CompletionStatus::not_started;
  event.will_retry = can_retry && !m_stopping;
  if (event.will_retry) {
    // What the retry asks for more ({attempt} formulas, auto sizes), said with the failure:
    // after an out-of-memory kill it is the reason to try again.
    BuiltSpec next = build_job_spec(m_ctx.dag, job, active.attempt + 1, m_spec_options);
    event.retry_requests = grown_requests(active.spec, next.spec);
  }
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
  m_gate_stale = true;
  if (!m_ctx.options.keep_going) m_stopping = true;
}

// Spec §3: a failed job's outputs are removed (its logs kept).
std::vector<std::string> Runner::remove_outputs(JobId job) {
  Removal removal = m_files.remove(job);
  warn(removal.problems);
  return std::move(removal.removed);
}

}  // namespace flow::run
