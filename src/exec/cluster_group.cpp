// Job groups on a cluster (spec §9, docs/cluster.md "Job groups"): one submission runs several
// jobs, and its completion is handed back as one per job.

#include <fmt/format.h>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "exec/group_script.h"
#include "exec/job_script.h"
#include "flow/exec/cluster_executor.h"

namespace flow::exec {

Result<void> ClusterExecutor::start_group(const std::string& group,
                                          std::span<const JobSpec> members,
                                          const std::vector<std::vector<std::size_t>>& needs) {
  if (members.empty() || needs.size() != members.size()) {
    return make_error(ErrorKind::internal, fmt::format("group '{}': no jobs to submit", group));
  }
  auto request = group_request(group, members);
  if (!request) return request.error();
  ClusterJob job;
  job.id = members.front().id;
  job.display_name = request->display_name;
  job.workdir = request->workdir;
  job.files = job_files(state_dir_for(*request), *request);
  job.token = make_token(*request, m_clock.wall_now(), ++m_token_counter);
  std::vector<JobFiles> member_files;
  for (std::size_t p = 0; p < members.size(); ++p) {
    const JobSpec& member = members[p];
    if (member.local) {
      return make_error(ErrorKind::internal,
                        fmt::format("group '{}': job '{}' runs on this machine, not in a group",
                                    group, member.display_name));
    }
    // Each member's own resources must be submittable as they are: the errors name its rule.
    if (auto own = m_backend->prepare(member, job.files, name_tag(job.token)); !own) {
      return own.error();
    }
    member_files.push_back(job_files(state_dir_for(member), member));
    job.members.push_back(
        GroupMember{member.id, member.display_name, member_files.back(), needs[p]});
  }
  auto submission = m_backend->prepare(*request, job.files, name_tag(job.token));
  if (!submission) return submission.error();
  job.scheduler_name = submission->job_name;
  ScriptContext context{submission->directives, job.token, m_options.path_env,
                        m_options.flow_binary};
  auto script = render_group_script(group, members, member_files, needs, job.files, context);
  if (!script) return script.error();
  job.submit_argv = std::move(submission->argv);
  return enqueue(std::move(job), *script);
}

bool ClusterExecutor::exists(const std::string& path) const {
  auto stat = m_fs.stat(path);
  return stat && stat->exists;
}

void ClusterExecutor::deliver(const ClusterJob& job, JobCompletion completion,
                              std::vector<JobCompletion>& done) {
  if (job.members.empty()) {
    done.push_back(std::move(completion));
    return;
  }
  std::vector<CompletionStatus> status(job.members.size(), CompletionStatus::failed);
  for (std::size_t p = 0; p < job.members.size(); ++p) {
    const GroupMember& member = job.members[p];
    ClusterJob alone;
    alone.id = member.id;
    alone.display_name = member.display_name;
    alone.workdir = job.workdir;
    alone.files = member.files;
    alone.token = job.token;
    alone.submitted = job.submitted;
    JobCompletion result;
    const GroupMember* failed_need = nullptr;
    for (std::size_t q : member.needs) {
      if (q < p && status[q] != CompletionStatus::succeeded) failed_need = &job.members[q];
    }
    bool submitted = completion.status != CompletionStatus::not_started;
    auto marker = submitted ? read_marker(alone) : std::nullopt;
    // An earlier flow's submission: the needs between its members are not known here, but
    // the script opens a member's stdout as it starts it (and the submission cleared it).
    bool never_started = !marker && job.reattached && !exists(member.files.stdout_path);
    if (marker) {
      result = std::move(*marker);
    } else if (failed_need != nullptr || never_started) {
      result.id = member.id;
      result.status = CompletionStatus::skipped;
      result.message =
          failed_need != nullptr
              ? fmt::format("not run: it needs {}, which did not succeed",
                            failed_need->display_name)
              : fmt::format("not run by group job {} of an earlier flow", job.external_id);
    } else {
      result = completion;
      result.id = member.id;
      if (result.status == CompletionStatus::succeeded ||
          result.status == CompletionStatus::failed) {
        // The group's script ended (or was stopped) before this job wrote its marker.
        if (result.status == CompletionStatus::succeeded) result.status = CompletionStatus::lost;
        std::string why =
            completion.message.empty() ? "it wrote no exit marker" : completion.message;
        result.message =
            fmt::format("{} (group job {} ended without this job's marker)", why, job.external_id);
      }
      if (submitted) result.output = job_output(alone);
    }
    status[p] = result.status;
    done.push_back(std::move(result));
  }
}

}  // namespace flow::exec
