// Re-attaching to a group submission an earlier, killed flow made (docs/cluster.md "Job
// groups"): each member's record points at the group's, so that whichever members the next
// flow wants, it waits for the one submission that may still write their outputs instead of
// submitting a second writer.

#include <utility>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "exec/leftover_group.h"
#include "flow/exec/cluster_executor.h"

namespace flow::exec {

bool ClusterExecutor::reattach_member(const JobSpec& spec, const JobFiles& files,
                                      const JobRecord& pointer) {
  GroupMember member{spec.id, spec.display_name, files, {}};
  for (auto& job : m_jobs) {
    if (job.token != pointer.token) continue;
    if (!job.reattached) return false;  // cannot be: this flow's tokens are new
    // Another member re-attached it already: this one waits with it.
    job.members.push_back(std::move(member));
    ++m_stats.reattached;
    return true;
  }
  std::optional<ClusterJob> group;
  LeftoverState state = LeftoverState::missing;
  // A record with another token is a later submission's: this pointer is stale.
  auto record = read_record(pointer.group);
  if (record && record->token == pointer.token && record->group.empty()) {
    group = leftover_job(spec, files_in(sys::parent_dir(pointer.group)), *record);
  }
  if (group) {
    group->display_name = record->name;
    group->workdir = spec.workdir;
    group->reattached = true;
    group->members.push_back(member);
    state = leftover_state(*group);
  }
  ClusterJob alone;
  alone.id = spec.id;
  alone.display_name = spec.display_name;
  alone.workdir = spec.workdir;
  alone.files = files;
  alone.token = pointer.token;
  alone.submitted = m_clock.steady_now();
  std::optional<JobCompletion> marker;
  if (state == LeftoverState::missing || state == LeftoverState::gone) marker = read_marker(alone);
  switch (member_action(state, marker.has_value(), m_options.cancel_leftovers)) {
    case MemberAction::wait:
      if (state == LeftoverState::ended) {
        group->phase = JobPhase::finishing;  // its marker is read on the next check
        group->marker_deadline = group->submitted + m_options.latency_wait;
      }
      track(std::move(*group));
      return true;
    case MemberAction::undecided:
      m_undecided.push_back(undecided_completion(*group));  // group->id is this member's
      return true;
    case MemberAction::take_marker:
      (void)m_fs.remove(files.record);
      ++m_stats.reattached;
      m_undecided.push_back(std::move(*marker));
      return true;
    case MemberAction::cancel_and_submit:
      cancel_leftover(group->external_id);
      break;
    case MemberAction::submit:
      break;
  }
  // Nothing of the submission can still write this member's outputs.
  if (group) (void)m_fs.remove(group->files.record);
  (void)m_fs.remove(files.record);
  return false;
}

}  // namespace flow::exec
