#include <cstdint>

#include "flow/dag/job_render.h"
#include "run/runner_impl.h"

namespace flow::run {
namespace {

exec::JobCompletion completion_of(JobId job, exec::CompletionStatus status) {
  exec::JobCompletion completion;
  completion.id = job.value;
  completion.status = status;
  return completion;
}

}  // namespace

void Runner::start_job(JobId job, int attempt, Claim claim) {
  const rules::Rule& rule = m_ctx.dag.rule_of(job);
  m_attempts[job.index()] = attempt;
  if (rule.step == rules::StepKind::none) {
    finish_stepless_job(job);
    return;
  }
  auto active = open_job(job, attempt, std::move(claim));
  if (!active) return;
  if (attempt == 1 && reattach(*active)) return;
  if (!prepare_job(*active)) return;
  if (auto started = m_ctx.executor.start(active->spec); !started) {
    warn_if(close_shadow(*active, false));
    fail(*active, completion_of(job, exec::CompletionStatus::not_started), started.error().message);
    return;
  }
  m_active.emplace(job.value, std::move(*active));
}

bool Runner::reattach(Active& active) {
  if (!m_ctx.executor.reattach(active.spec)) return false;
  // A cluster job from an earlier flow is still running: its outputs are its own.
  if (!active.spec.rundir.empty()) warn_if(open_shadow(active, false));
  m_ctx.observer.job_started(JobStarted{active.job, &active.spec, active.attempt, ""});
  JobId job = active.job;
  m_active.emplace(job.value, std::move(active));
  return true;
}

std::optional<Runner::Active> Runner::open_job(JobId job, int attempt, Claim claim) {
  const rules::Rule& rule = m_ctx.dag.rule_of(job);
  Active active;
  active.job = job;
  active.attempt = attempt;
  active.claim = std::move(claim);
  active.started = m_ctx.clock.wall_now();
  m_pool.take(active.claim);  // every path below ends in a release or a completion
  BuiltSpec built = build_job_spec(m_ctx.dag, job, attempt, m_spec_options);
  active.spec = std::move(built.spec);
  if (m_plan.pipe_partner(job)) active.spec.local = true;  // both on one node (spec §8)
  auto not_started = completion_of(job, exec::CompletionStatus::not_started);
  if (!built.problem.empty()) {
    fail(active, not_started, built.problem, false);
    return std::nullopt;
  }
  for (const auto& file : built.files) {
    if (auto written = m_files.write_script(file.path, file.text); !written) {
      fail(active, not_started, written.error().message, false);
      return std::nullopt;
    }
    if (rule.step == rules::StepKind::script) active.job_files.push_back(file.path);
  }
  return active;
}

bool Runner::prepare_job(Active& active) {
  JobId job = active.job;
  const rules::Rule& rule = m_ctx.dag.rule_of(job);
  auto not_started = completion_of(job, exec::CompletionStatus::not_started);
  if (auto allowed = m_files.check_overwritable(job); !allowed) {
    fail(active, not_started, allowed.error().message, false);
    return false;
  }
  if (auto prepared = m_files.prepare(job); !prepared) {
    fail(active, not_started, prepared.error().message);
    return false;
  }
  // After prepare: the old outputs are gone and their directories made, so that the scratch
  // links neither and shallow/full see the directories.
  if (!active.spec.rundir.empty()) {
    if (auto opened = open_shadow(active, true); !opened) {
      fail(active, not_started, opened.error().message);
      return false;
    }
  }
  std::string message;
  if (rule.message) {
    message = dag::render(m_ctx.dag, job, *rule.message,
                          {active.spec.threads, job.value, active.attempt}, dag::Quoting::none);
  }
  m_ctx.observer.job_started(JobStarted{job, &active.spec, active.attempt, message});
  return true;
}

void Runner::start_unit(std::size_t index) {
  m_gate.start(index);
  const JobUnit& unit = m_units[index];
  std::vector<Active> opened;
  std::vector<std::size_t> opened_at;  // positions in the unit
  bool any_reattached = false;
  for (std::size_t p = 0; p < unit.members.size(); ++p) {
    JobId job = unit.members[p];
    // Cancelled meanwhile (a job it needs failed, inside or outside the unit): left out.
    plan::JobState state = m_plan.state(job);
    if (state != plan::JobState::waiting && state != plan::JobState::ready) continue;
    m_plan.mark_started(job);
    m_attempts[job.index()] = 1;
    auto active = open_job(job, 1, fit(job, 1).value_or(Claim{}));
    if (!active) continue;  // failed: the plan cancels what needs it
    if (reattach(*active)) {
      any_reattached = true;
      continue;
    }
    opened.push_back(std::move(*active));
    opened_at.push_back(p);
  }
  if (any_reattached) {
    // An earlier flow's submission may still write some members: the others wait for what
    // they need like ungrouped jobs and start on their own (docs/cluster.md "Job groups").
    for (auto& active : opened) {
      m_pool.release(active.claim);
      m_plan.requeue(active.job);
    }
    return;
  }
  std::vector<Active> members;
  std::vector<std::vector<std::size_t>> needs;
  std::vector<std::size_t> position(unit.members.size(), SIZE_MAX);
  for (std::size_t i = 0; i < opened.size(); ++i) {
    if (!prepare_job(opened[i])) continue;  // failed: the plan cancels what needs it
    std::size_t p = opened_at[i];
    std::vector<std::size_t> own;
    for (std::size_t q : unit.needs[p]) {
      if (position[q] != SIZE_MAX) own.push_back(position[q]);
    }
    position[p] = members.size();
    needs.push_back(std::move(own));
    members.push_back(std::move(opened[i]));
  }
  if (members.empty()) return;
  Result<void> started = ok_result();
  if (members.size() == 1) {
    started = m_ctx.executor.start(members.front().spec);
  } else {
    std::vector<exec::JobSpec> specs;
    for (const auto& member : members)
      specs.push_back(member.spec);
    started = m_ctx.executor.start_group(unit.group, specs, needs);
  }
  if (!started) {
    for (auto& member : members) {
      warn_if(close_shadow(member, false));
      fail(member, completion_of(member.job, exec::CompletionStatus::not_started),
           started.error().message);
    }
    return;
  }
  for (auto& member : members) {
    JobId job = member.job;
    m_active.emplace(job.value, std::move(member));
  }
}

// A job without a step (like `all`) only gathers its inputs.
void Runner::finish_stepless_job(JobId job) {
  Active active;
  active.job = job;
  active.started = m_ctx.clock.wall_now();
  m_ctx.observer.job_started(JobStarted{job, nullptr, 1, ""});
  // Its `touch` outputs are made here: there is no command to make them (issue 9 semantics 6,
  // as in Snakemake, where a rule of only `touch()` outputs creates them).
  if (auto touched = m_files.touch_flagged(job); !touched) {
    fail(active, completion_of(job, exec::CompletionStatus::failed), touched.error().message);
    return;
  }
  auto problems = m_files.check(job, false);
  if (!problems.empty()) {
    fail(active, completion_of(job, exec::CompletionStatus::failed), describe(problems));
    return;
  }
  succeed(active, completion_of(job, exec::CompletionStatus::succeeded));
}

}  // namespace flow::run
