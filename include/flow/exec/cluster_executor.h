#pragma once
// Hands jobs to a batch scheduler (PBS Pro, Torque, Slurm): spec §4, docs/cluster.md.
// Jobs with `local == true` run on this machine through a LocalExecutor in the same loop.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/exec/cluster_options.h"
#include "flow/exec/executor.h"
#include "flow/exec/local_executor.h"
#include "flow/sys/clock.h"
#include "flow/sys/filesystem.h"
#include "flow/sys/process.h"

namespace flow::exec {

class ClusterBackend;
class StatusTable;
struct StatusRow;
struct ClusterJob;
struct JobFiles;
struct JobRecord;
struct NamedListing;
enum class Liveness;
enum class LeftoverState;

/// What the executor did, for tests, benchmarks and diagnostics.
struct ClusterStats {
  std::size_t submit_calls = 0;     ///< qsub/sbatch runs
  std::size_t status_calls = 0;     ///< qstat/squeue runs
  std::size_t status_failures = 0;  ///< of those, answers that were unusable (retried later)
  std::size_t cancel_calls = 0;     ///< qdel/scancel runs
  std::size_t marker_reads = 0;     ///< exit markers found and read
  std::size_t reattached = 0;       ///< jobs of an earlier flow tracked again
  std::string last_status_error;    ///< why the last unusable status answer was unusable
};

/// Submits every job without `local` to the scheduler as a job script, tracks it with one
/// status call per poll interval for all jobs, and reads its result from the exit marker
/// its script writes (docs/cluster.md). Local jobs run through a LocalExecutor in the same
/// loop. No threads: waiting happens in ProcessSpawner::wait_any.
class ClusterExecutor final : public Executor {
 public:
  /// `options` must be valid (validate_cluster_options); the spawner, filesystem and clock
  /// must outlive the executor.
  ClusterExecutor(const ClusterOptions& options, std::unique_ptr<ClusterBackend> backend,
                  sys::ProcessSpawner& spawner, sys::Filesystem& fs, const sys::Clock& clock);
  ~ClusterExecutor() override;
  ClusterExecutor(const ClusterExecutor&) = delete;
  ClusterExecutor& operator=(const ClusterExecutor&) = delete;

  /// options.jobs.
  std::size_t capacity() const override;
  /// Local jobs: spawned at once. Others: writes the job script and submits it, or queues
  /// it when the submission rate is used up (then wait() submits it, and a failure comes
  /// back as a `not_started` completion). An error when the script cannot be written, a
  /// resource is malformed, or the submission fails.
  Result<void> start(const JobSpec& spec) override;
  /// Writes one script for the group's members (exec/group_script.h) and submits it as one
  /// job asking for the combined request; each member's result comes from its own marker.
  Result<void> start_group(const std::string& group, std::span<const JobSpec> members,
                           const std::vector<std::vector<std::size_t>>& needs) override;
  /// True when an earlier flow submitted this job (same spec.identity) and the scheduler
  /// still lists it as queued or running, or its exit marker is there: it is tracked
  /// again. False otherwise, and always with options.cancel_leftovers, which cancels a
  /// still-listed leftover instead. A flow killed while submitting left no id: the job is
  /// looked up by its name. When the scheduler cannot list its jobs then, it is true and
  /// the job comes back `not_started` from wait(), rather than risk a second copy.
  /// A member of an earlier flow's group submission is found through its pointer record:
  /// while the submission is listed (or has its marker) it is tracked again, once for all
  /// the members re-attached; over, the member's own marker is its result; true in both.
  bool reattach(const JobSpec& spec) override;
  /// Submits queued jobs as the rate allows, polls the scheduler when the interval is up,
  /// checks markers; returns completions as soon as there are some, else at `deadline` or
  /// on an interrupt.
  std::vector<JobCompletion> wait(SteadyTime deadline) override;
  /// One qdel/scancel for every submitted job and SIGTERM for local ones, then up to
  /// `grace` for them to go; all come back `failed` ("cancelled"), jobs never submitted
  /// `not_started`. A job the scheduler still lists then keeps its re-attach record.
  std::vector<JobCompletion> cancel_all(Duration grace) override;
  /// A local job only (pipe pairs run locally: docs/cluster.md); a submitted job is left to
  /// end on its own.
  void cancel(std::uint32_t job_id) override;
  std::size_t in_flight() const override;

  const ClusterStats& stats() const { return m_stats; }

 private:
  Result<void> submit(ClusterJob& job);
  bool take_submit_token();
  void submit_queued(std::vector<JobCompletion>& done);
  void poll_if_due(std::vector<JobCompletion>& done);
  std::vector<std::string> settle_by_markers(std::vector<JobCompletion>& done);
  std::optional<std::vector<StatusRow>> query_status(const std::vector<std::string>& ids);
  /// Counts an unusable status answer and keeps why, for messages.
  void note_status_failure(const std::vector<std::string>& argv,
                           const Result<sys::CommandResult>& result);
  /// The record at `path` when it is one of this backend's.
  std::optional<JobRecord> read_record(const std::string& path);
  /// The job `record` describes, tracked as `spec`'s; nullopt when already tracked.
  std::optional<ClusterJob> leftover_job(const JobSpec& spec, const JobFiles& files,
                                         const JobRecord& record);
  /// Queued or running, ended (its marker), gone, or undecided (known by name only, and the
  /// scheduler cannot list its jobs).
  LeftoverState leftover_state(ClusterJob& job);
  /// reattach() for a job whose record points at a group submission (cluster_group_reattach).
  bool reattach_member(const JobSpec& spec, const JobFiles& files, const JobRecord& pointer);
  JobCompletion undecided_completion(const ClusterJob& job) const;
  void cancel_leftover(const std::string& external_id);
  /// Removes what lets a later flow re-attach to `job`: its record, its members' pointers.
  void forget(const ClusterJob& job);
  void check_finishing(std::vector<JobCompletion>& done);
  std::optional<JobCompletion> read_marker(const ClusterJob& job);
  JobCompletion lost_completion(const ClusterJob& job) const;
  JobCompletion cancelled_completion(const ClusterJob& job);
  std::string job_output(const ClusterJob& job) const;
  void finish(std::size_t index, JobCompletion completion, std::vector<JobCompletion>& done);
  /// `completion` as the caller's: one job's, or for a group one per member, each from its
  /// own marker when it wrote one, else skipped (a needed member did not succeed) or as the
  /// group's (lost, cancelled, not started).
  void deliver(const ClusterJob& job, JobCompletion completion, std::vector<JobCompletion>& done);
  bool exists(const std::string& path) const;
  /// Writes a job's script, clears what an earlier submission left, submits it or queues it.
  Result<void> enqueue(ClusterJob job, const std::string& script);
  SteadyTime next_wake(SteadyTime deadline) const;
  void wait_for_cancelled(SteadyTime deadline, std::vector<JobCompletion>& done);
  std::optional<bool> is_listed_active(const std::string& external_id);
  std::optional<std::optional<StatusRow>> find_by_name(const std::string& scheduler_name);
  Liveness find_id_by_name(ClusterJob& job);
  void track(ClusterJob job);
  std::string state_dir_for(const JobSpec& spec) const;

  ClusterOptions m_options;
  std::unique_ptr<ClusterBackend> m_backend;
  sys::ProcessSpawner& m_spawner;
  sys::Filesystem& m_fs;
  const sys::Clock& m_clock;
  LocalExecutor m_local;
  std::vector<ClusterJob> m_jobs;  ///< in flight, in start order
  SteadyTime m_next_poll{};
  SteadyTime m_next_marker_check{};
  double m_submit_tokens = 0;
  SteadyTime m_tokens_updated{};
  std::uint64_t m_token_counter = 0;
  /// Every job the scheduler listed, for reattach(); asked at most once per poll interval.
  /// Null when not asked yet or the answer was unusable.
  std::unique_ptr<StatusTable> m_leftover_table;
  std::optional<SteadyTime> m_leftover_time;
  /// The same with whole names, asked only for jobs a killed flow was submitting.
  std::unique_ptr<NamedListing> m_named_listing;
  std::optional<SteadyTime> m_named_time;
  /// Completions reattach() knew at once: jobs it could not decide on (not_started), and
  /// members of a group submission that ended while no flow ran. wait() returns them first.
  std::vector<JobCompletion> m_undecided;
  ClusterStats m_stats;
};

/// A cluster executor for `options.scheduler`. The spawner, filesystem and clock must
/// outlive it. An error when the options are invalid.
Result<std::unique_ptr<Executor>> make_cluster_executor(const ClusterOptions& options,
                                                        sys::ProcessSpawner& spawner,
                                                        sys::Filesystem& fs,
                                                        const sys::Clock& clock);

}  // namespace flow::exec
