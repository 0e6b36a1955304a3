#pragma once
// An executor that "runs" a job by creating its outputs in a FakeFilesystem, with a
// behaviour per rule (Ninja's FakeCommandRunner, with a table instead of an if-chain).

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "flow/exec/executor.h"
#include "support/fake_filesystem.h"

namespace flow::test {

struct FakeBehavior {
  int exit_code = 0;           ///< the exit code of every failing attempt
  int failing_attempts = 0;    ///< this many first attempts fail (-1: all)
  bool create_outputs = true;  ///< on success, create spec.outputs
  bool start_error = false;    ///< start() fails (as if the command did not exist)
  /// When set, makes each output on success instead of a file (a directory with files in it,
  /// as a checkpoint writes).
  std::function<void(FakeFilesystem& fs, const std::string& output)> make_output;
};

/// Files are made where the job runs: a shadow job's `rundir` (its paths inside it), else the
/// working directory (the fake filesystem's relative paths).
class FakeExecutor : public exec::Executor {
 public:
  explicit FakeExecutor(FakeFilesystem& fs) : m_fs(fs) {}

  void set_behavior(const std::string& rule, FakeBehavior behavior) {
    m_behaviors[rule] = behavior;
  }
  /// Files the jobs of `rule` write besides their outputs when they succeed (relative to the
  /// directory they run in).
  void set_litter(const std::string& rule, std::vector<std::string> files) {
    m_litter[rule] = std::move(files);
  }
  void set_capacity(std::size_t capacity) { m_capacity = capacity; }
  /// Jobs by display name that an earlier flow left running: reattach() takes them in flight.
  void set_leftovers(std::set<std::string> names) { m_leftovers = std::move(names); }
  bool reattach(const exec::JobSpec& spec) override;
  /// Display names of the jobs reattach() took, in order.
  const std::vector<std::string>& reattached() const { return m_reattached; }

  std::size_t capacity() const override { return m_capacity; }
  Result<void> start(const exec::JobSpec& spec) override;
  /// The members go in flight in order; one whose needed member did not succeed ends
  /// `skipped`, as the group script skips it. Each group is recorded (groups()).
  Result<void> start_group(const std::string& group, std::span<const exec::JobSpec> members,
                           const std::vector<std::vector<std::size_t>>& needs) override;
  /// The display names of each group's members, in the order of their start_group calls.
  const std::vector<std::vector<std::string>>& groups() const { return m_groups; }
  /// Completes the oldest job in flight (one per call), or returns nothing.
  std::vector<exec::JobCompletion> wait(SteadyTime deadline) override;
  std::vector<exec::JobCompletion> cancel_all(Duration grace) override;
  /// The job ends (next, before the oldest) as failed with the message "cancelled".
  void cancel(std::uint32_t job_id) override {
    m_cancelled.push_back(job_id);
    m_cancel_calls.push_back(job_id);
  }
  /// Ids of the jobs cancel() was called for, in order.
  const std::vector<std::uint32_t>& cancelled() const { return m_cancel_calls; }
  std::size_t in_flight() const override { return m_in_flight.size(); }

  /// Rules of the jobs started, in order (a retry appears again).
  const std::vector<std::string>& started_rules() const { return m_started_rules; }
  const std::vector<exec::JobSpec>& started() const { return m_started; }
  std::size_t max_in_flight() const { return m_max_in_flight; }
  void clear() {
    m_started_rules.clear();
    m_started.clear();
    m_max_in_flight = 0;
  }

 private:
  std::vector<exec::JobCompletion> complete_next(SteadyTime deadline);

  FakeFilesystem& m_fs;
  std::map<std::string, FakeBehavior> m_behaviors;
  std::map<std::string, std::vector<std::string>> m_litter;
  std::map<std::string, int> m_attempts;  // by display name
  std::deque<exec::JobSpec> m_in_flight;
  std::vector<std::string> m_started_rules;
  std::vector<exec::JobSpec> m_started;
  std::size_t m_capacity = 1000000;
  std::size_t m_max_in_flight = 0;
  std::vector<std::uint32_t> m_cancelled;  // still to end
  std::vector<std::uint32_t> m_cancel_calls;
  std::vector<std::vector<std::string>> m_groups;
  std::set<std::string> m_leftovers;
  std::vector<std::string> m_reattached;
  std::map<std::uint32_t, std::vector<std::uint32_t>> m_member_needs;  // group member -> ids
  std::map<std::uint32_t, bool> m_succeeded;                           // by id, once ended
};

}  // namespace flow::test
