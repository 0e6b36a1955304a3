#pragma once
// What `--report FILE.html` shows: the last run's jobs with their times and memory, kept in
// `.flow/last-run.tsv` by a RunObserver, and turned into a standalone HTML page.

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/run/run_observer.h"
#include "flow/sys/clock.h"
#include "flow/sys/filesystem.h"

namespace flow::report {

/// One job of a run, as `.flow/last-run.tsv` keeps it.
struct JobRecord {
  std::uint32_t job = 0;
  std::string label;
  std::string rule;
  std::string status;  ///< "ok", "failed", "retried"
  double start = 0;    ///< seconds since the run started
  double end = 0;
  double cpu_seconds = 0;
  double max_rss_mb = 0;
  int threads = 1;
};

/// Records a run and writes `path` (TSV) when it finishes; composes with another observer,
/// to which every event is passed on first.
class RunHistory final : public run::RunObserver {
 public:
  RunHistory(run::RunObserver& next, const dag::Dag& dag, const sys::Clock& clock,
             sys::Filesystem& fs, std::string path);

  void run_started(std::size_t total) override;
  void job_started(const run::JobStarted& event) override;
  void job_succeeded(JobId job, const exec::JobCompletion* completion) override;
  void job_failed(const run::JobFailed& event) override;
  void warning(const std::string& text) override { m_next.warning(text); }
  void tick() override { m_next.tick(); }
  void interrupted(int signal) override { m_next.interrupted(signal); }
  void run_finished(const run::RunSummary& summary) override;

 private:
  double now() const;
  void close(JobId job, std::string status, const exec::JobCompletion* completion);

  run::RunObserver& m_next;
  const dag::Dag& m_dag;
  const sys::Clock& m_clock;
  sys::Filesystem& m_fs;
  std::string m_path;
  SteadyTime m_started{};
  TimeStamp m_started_wall = 0;
  std::map<std::uint32_t, JobRecord> m_open;  // started, not yet ended
  std::vector<JobRecord> m_done;
};

/// Parses `.flow/last-run.tsv`; an error names the file and line.
Result<std::vector<JobRecord>> read_run_history(const std::string& text, const std::string& name,
                                                std::string* run_header);

/// Writes the HTML report: a summary, a table of jobs (runtime, CPU, memory) and a timeline
/// with a lane per concurrently running job (how the cores were used).
void write_html_report(const std::vector<JobRecord>& jobs, const std::string& run_header,
                       std::ostream& out);

}  // namespace flow::report
