#pragma once
// What the runner tells the outside world; `report` turns it into text.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "flow/base/ids.h"
#include "flow/exec/job_spec.h"

namespace flow::run {

enum class RunStatus { success, failed, interrupted };

struct JobStarted {
  JobId job;
  const exec::JobSpec* spec = nullptr;  ///< null for a job without a step
  int attempt = 1;
  std::string message;  ///< the rule's rendered message, or ""
};

struct JobFailed {
  JobId job;
  std::string label;    ///< "stem book=84"
  std::string what;     ///< "exit code 2", "killed by signal 9 (SIGKILL)", "missing output x"...
  std::string command;  ///< as the user would run it
  std::string output;   ///< the job's captured stdout and stderr
  std::vector<std::string> logs;
  std::string log_tail;              ///< last lines of the first log, if any
  std::vector<std::string> removed;  ///< outputs removed because of the failure
  int attempt = 1;
  bool will_retry = false;
  /// With will_retry: the memory and time requests the retry raises ("mem_mb=200"), or "".
  std::string retry_requests;
};

struct RunSummary {
  RunStatus status = RunStatus::success;
  std::size_t total = 0;  ///< jobs that were to run
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t cancelled = 0;  ///< not run because something upstream failed or the run stopped
  double seconds = 0;
  /// Of them, spent growing the DAG and deciding and planning what it added.
  double growth_seconds = 0;
  std::vector<std::string> failed_labels;
  std::vector<std::string> removed;  ///< outputs removed after failures or the interrupt
  /// -t/--touch: what it did instead of running (issue 13 item 7).
  struct Touch {
    std::size_t touched = 0;           ///< existing outputs touched
    std::vector<std::string> missing;  ///< missing outputs, which --touch never creates
  };
  std::optional<Touch> touch;
};

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void run_started(std::size_t total) = 0;
  /// The DAG grew (after a checkpoint): `total` jobs are now to run, the ones done included.
  virtual void jobs_added(std::size_t total) { (void)total; }
  virtual void job_started(const JobStarted& event) = 0;
  /// `completion` is null for a job without a step.
  virtual void job_succeeded(JobId job, const exec::JobCompletion* completion) = 0;
  virtual void job_failed(const JobFailed& event) = 0;
  /// A job of a group submission was not run: a job it needs in that submission failed. It
  /// waits again (that job is retried) or is cancelled (it failed for good).
  virtual void job_skipped(JobId job, const std::string& why) {
    (void)job;
    (void)why;
  }
  virtual void warning(const std::string& text) = 0;
  /// Called about every few hundred milliseconds while jobs run (live status lines).
  virtual void tick() {}
  /// An interrupt arrived; running jobs are being stopped.
  virtual void interrupted(int signal) = 0;
  virtual void run_finished(const RunSummary& summary) = 0;
};

}  // namespace flow::run
