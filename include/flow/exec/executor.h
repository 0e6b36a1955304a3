#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/base/time.h"
#include "flow/exec/job_spec.h"

namespace flow::exec {

/// Runs JobSpecs. Single-threaded: the runner calls start() while it has room, then wait().
class Executor {
 public:
  virtual ~Executor() = default;
  /// Most jobs this executor accepts in flight (the runner also applies cores and
  /// resources for local jobs).
  virtual std::size_t capacity() const = 0;
  /// Starts the job. A failure to even start is reported here as an error, and the job is
  /// then not in flight.
  virtual Result<void> start(const JobSpec& spec) = 0;
  /// Starts a job group (spec §9) as one job: the members in order, each after the members
  /// it needs (`needs[i]`: positions in `members`), a member whose needed member did not
  /// succeed not run. wait() returns one completion per member id (`skipped` for those not
  /// run). An error when nothing was started. Executors without groups refuse it.
  virtual Result<void> start_group(const std::string& group, std::span<const JobSpec> members,
                                   const std::vector<std::vector<std::size_t>>& needs) {
    (void)members;
    (void)needs;
    return make_error(ErrorKind::internal,
                      "group '" + group + "': this executor cannot run job groups");
  }
  /// True when the job is still running from an earlier flow that died (cluster executors
  /// only) and is now tracked again: its completion comes from wait(), like a started job.
  /// The runner must then not touch its outputs.
  virtual bool reattach(const JobSpec& spec) {
    (void)spec;
    return false;
  }
  /// Waits until a job ends or `deadline` passes or an interrupt arrives.
  virtual std::vector<JobCompletion> wait(SteadyTime deadline) = 0;
  /// Stops every job in flight (SIGTERM to process groups, qdel...) and waits until they
  /// are gone or `grace` passes; returns their completions.
  virtual std::vector<JobCompletion> cancel_all(Duration grace) = 0;
  /// Asks one job in flight to stop (SIGTERM to its process group); its completion still
  /// comes from wait(). Used for the other job of a pipe pair when one of them fails.
  virtual void cancel(std::uint32_t job_id) = 0;
  /// Jobs started and not yet returned by wait() or cancel_all().
  virtual std::size_t in_flight() const = 0;
};

}  // namespace flow::exec
