#pragma once
// --show-failed-logs: a failed job's whole logs instead of the last lines of its first one.

#include "flow/run/run_observer.h"
#include "flow/sys/filesystem.h"

namespace flow::cli {

/// Passes every event on to `next`, with the failure's `log_tail` replaced by the whole of
/// each log (the last MiB of a larger one).
class WholeLogs final : public run::RunObserver {
 public:
  WholeLogs(run::RunObserver& next, const sys::Filesystem& fs) : m_next(next), m_fs(fs) {}

  void run_started(std::size_t total) override { m_next.run_started(total); }
  void job_started(const run::JobStarted& event) override { m_next.job_started(event); }
  void job_succeeded(JobId job, const exec::JobCompletion* completion) override {
    m_next.job_succeeded(job, completion);
  }
  void job_failed(const run::JobFailed& event) override;
  void warning(const std::string& text) override { m_next.warning(text); }
  void tick() override { m_next.tick(); }
  void jobs_added(std::size_t total) override { m_next.jobs_added(total); }
  void job_skipped(JobId job, const std::string& why) override { m_next.job_skipped(job, why); }
  void interrupted(int signal) override { m_next.interrupted(signal); }
  void run_finished(const run::RunSummary& summary) override { m_next.run_finished(summary); }

 private:
  run::RunObserver& m_next;
  const sys::Filesystem& m_fs;
};

}  // namespace flow::cli
