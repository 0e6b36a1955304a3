#include "support/fake_executor.h"

#include <algorithm>

namespace flow::test {
namespace {

std::string in_run_dir(const exec::JobSpec& spec, const std::string& path) {
  return spec.rundir.empty() ? path : spec.rundir + "/" + path;
}

}  // namespace

Result<void> FakeExecutor::start(const exec::JobSpec& spec) {
  const FakeBehavior& behavior = m_behaviors[spec.rule];
  if (behavior.start_error)
    return make_error(ErrorKind::job, "command not found: " + spec.argv.front());
  m_started_rules.push_back(spec.rule);
  m_started.push_back(spec);
  m_in_flight.push_back(spec);
  m_max_in_flight = std::max(m_max_in_flight, m_in_flight.size());
  return ok_result();
}

Result<void> FakeExecutor::start_group(const std::string& group,
                                       std::span<const exec::JobSpec> members,
                                       const std::vector<std::vector<std::size_t>>& needs) {
  (void)group;
  std::vector<std::string> names;
  for (std::size_t p = 0; p < members.size(); ++p) {
    names.push_back(members[p].display_name);
    auto& ids = m_member_needs[members[p].id];
    ids.clear();
    for (std::size_t q : needs[p])
      ids.push_back(members[q].id);
    m_started_rules.push_back(members[p].rule);
    m_started.push_back(members[p]);
    m_in_flight.push_back(members[p]);
  }
  m_groups.push_back(std::move(names));
  m_max_in_flight = std::max(m_max_in_flight, m_in_flight.size());
  return ok_result();
}

bool FakeExecutor::reattach(const exec::JobSpec& spec) {
  if (m_leftovers.erase(spec.display_name) == 0) return false;  // each is taken once
  m_reattached.push_back(spec.display_name);
  m_in_flight.push_back(spec);
  m_max_in_flight = std::max(m_max_in_flight, m_in_flight.size());
  return true;
}

std::vector<exec::JobCompletion> FakeExecutor::wait(SteadyTime deadline) {
  auto done = complete_next(deadline);
  for (const auto& completion : done)
    m_succeeded[completion.id] = completion.status == exec::CompletionStatus::succeeded;
  return done;
}

std::vector<exec::JobCompletion> FakeExecutor::complete_next(SteadyTime) {
  if (m_in_flight.empty()) return {};
  // A cancelled job ends first, as failed (SIGTERM), having made nothing.
  while (!m_cancelled.empty()) {
    std::uint32_t id = m_cancelled.front();
    m_cancelled.erase(m_cancelled.begin());
    auto it = std::find_if(m_in_flight.begin(), m_in_flight.end(),
                           [&](const exec::JobSpec& spec) { return spec.id == id; });
    if (it == m_in_flight.end()) continue;
    m_in_flight.erase(it);
    exec::JobCompletion completion;
    completion.id = id;
    completion.status = exec::CompletionStatus::failed;
    completion.signal = 15;
    completion.message = "cancelled";
    return {completion};
  }
  exec::JobSpec spec = m_in_flight.front();
  m_in_flight.pop_front();
  if (auto needs = m_member_needs.find(spec.id); needs != m_member_needs.end()) {
    std::vector<std::uint32_t> ids = needs->second;
    m_member_needs.erase(needs);
    for (std::uint32_t id : ids) {
      if (m_succeeded[id]) continue;
      exec::JobCompletion skipped;
      skipped.id = spec.id;
      skipped.status = exec::CompletionStatus::skipped;
      skipped.message = "not run: a job it needs failed";
      return {skipped};
    }
  }
  const FakeBehavior& behavior = m_behaviors[spec.rule];
  int attempt = ++m_attempts[spec.display_name];
  bool fails = behavior.failing_attempts < 0 || attempt <= behavior.failing_attempts;
  exec::JobCompletion completion;
  completion.id = spec.id;
  completion.wall_seconds = 1.5;
  completion.max_rss_kb = 2048;
  m_fs.tick();  // outputs are newer than everything before them
  if (fails) {
    completion.status = exec::CompletionStatus::failed;
    completion.exit_code = behavior.exit_code == 0 ? 1 : behavior.exit_code;
    completion.output = "boom\n";
    for (const auto& output : spec.outputs)
      m_fs.create(in_run_dir(spec, output), "partial");
    return {completion};
  }
  completion.status = exec::CompletionStatus::succeeded;
  for (const auto& file : m_litter[spec.rule])
    m_fs.create(in_run_dir(spec, file), "litter");
  if (behavior.create_outputs) {
    for (const auto& output : spec.outputs) {
      if (behavior.make_output) {
        behavior.make_output(m_fs, in_run_dir(spec, output));
      } else {
        m_fs.create(in_run_dir(spec, output), spec.command_text);
      }
    }
  }
  return {completion};
}

std::vector<exec::JobCompletion> FakeExecutor::cancel_all(Duration) {
  std::vector<exec::JobCompletion> done;
  for (const auto& spec : m_in_flight) {
    exec::JobCompletion completion;
    completion.id = spec.id;
    completion.status = exec::CompletionStatus::failed;
    completion.signal = 15;
    done.push_back(completion);
  }
  m_in_flight.clear();
  return done;
}

}  // namespace flow::test
