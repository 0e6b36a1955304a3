#pragma once
// One cluster job in flight, its files under the state directory, and the record that
// lets a later flow re-attach to it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exec/cluster_backend.h"
#include "flow/base/time.h"
#include "flow/exec/job_spec.h"
#include "flow/sys/filesystem.h"

namespace flow::exec {

enum class JobPhase {
  waiting_to_submit,  ///< script written; the submission rate is used up
  active,             ///< submitted; the scheduler lists it (or has not been asked yet)
  finishing,          ///< the scheduler says it ended or forgot it: waiting for the marker
};

/// One job of a group submission: its own marker, stdout and stderr in its own directory.
struct GroupMember {
  std::uint32_t id = 0;
  std::string display_name;
  JobFiles files;
  std::vector<std::size_t> needs;  ///< positions of the members it needs
};

struct ClusterJob {
  std::uint32_t id = 0;  ///< a group's: its first member's
  std::string display_name;
  std::string workdir;
  JobFiles files;
  std::string token;                     ///< this submission's mark in the exit marker
  std::vector<std::string> submit_argv;  ///< for waiting_to_submit
  std::string external_id;               ///< the scheduler's id once submitted
  std::string scheduler_name;            ///< the name the scheduler lists it by
  JobPhase phase = JobPhase::waiting_to_submit;
  SteadyTime submitted{};
  SteadyTime marker_deadline{};  ///< finishing: no marker by then means lost
  /// A group submission's jobs, in the order its script runs them; empty for one job.
  std::vector<GroupMember> members;
  /// A group submission of an earlier flow, tracked again: its members are those this flow
  /// re-attached, without the needs between them (deliver then tells a member that never
  /// started by its missing stdout).
  bool reattached = false;
};

/// What the scheduler's listing says of a leftover job.
enum class Liveness {
  active,   ///< queued or running
  gone,     ///< finished, or not listed at all
  unknown,  ///< the listing failed
};

/// Every job the scheduler listed, by its whole name (for jobs whose id a killed flow never
/// learnt).
struct NamedListing {
  std::unordered_map<std::string, StatusRow> by_name;
};

/// The files of `spec`'s job in `state_dir`: `<rule>.<identity>/` (`<rule>.job<id>/`
/// without an identity), each name made safe for a path.
JobFiles job_files(const std::string& state_dir, const JobSpec& spec);
/// The files of the job whose directory is `dir`.
JobFiles files_in(const std::string& dir);

/// What `.flow/cluster/<job>/id` holds while a job is in flight. It is written before the
/// submit command runs, without `id` ("submitting"), and again with the id it printed: a
/// flow killed in between leaves the job name, by which the next flow finds the job.
/// A member of a group submission holds a pointer instead: `group` names the group's own
/// record, `token` the group's, so that the next flow finds the submission from any member.
struct JobRecord {
  std::string backend;         ///< "pbs" or "slurm"
  std::string id;              ///< the scheduler's job id; empty while submitting
  std::string token;           ///< the marker token of that submission
  std::string name;            ///< display name, for people reading the file
  std::string scheduler_name;  ///< the job's name at the scheduler (it ends with the tag)
  std::string group;           ///< a member's: the path of its group submission's record
};

std::string format_record(const JobRecord& record);
/// nullopt when a field is missing (a torn or foreign file): backend, token, and the id or
/// (while submitting) the scheduler name, or for a member the group's record.
std::optional<JobRecord> parse_record(std::string_view text);

/// A token unique to one submission, from the job, the wall time and a counter.
std::string make_token(const JobSpec& spec, TimeStamp wall_now, std::uint64_t counter);

/// Replaces `path` with `contents`, without the fsync of write_file_atomic: job scripts and
/// records need to be complete for other processes (close-to-open), not to survive a power
/// cut, and an fsync per file would cost milliseconds per job.
Result<void> write_fresh(sys::Filesystem& fs, const std::string& path, std::string_view contents);

/// `path` relative to `dir` when inside it, else unchanged (for messages).
std::string relative_to(std::string_view path, std::string_view dir);

}  // namespace flow::exec
