#pragma once
// What `--report FILE.html` shows: the last run, kept in `.flow/last-run.tsv` by a
// RunObserver: when and how flow was started, how it ended, every job with its times and
// memory, each failure with its command and log tail, and the workflow's final outputs.

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/run/run_observer.h"
#include "flow/sys/clock.h"
#include "flow/sys/filesystem.h"

namespace flow::report {

/// One attempt of a job, as `.flow/last-run.tsv` keeps it.
struct JobRecord {
  std::uint32_t job = 0;
  std::string label;
  std::string rule;
  std::string status;  ///< "ok", "failed", "retried", "interrupted"
  double start = 0;    ///< seconds since the run started
  double end = 0;
  double cpu_seconds = 0;
  double max_rss_mb = 0;
  int threads = 1;
};

/// A job that failed for good (not an attempt that was retried).
struct FailureRecord {
  std::uint32_t job = 0;
  std::string label;
  std::string what;     ///< "exit code 2", "killed by signal 9 (SIGKILL)"...
  std::string command;  ///< as the user would run it
  std::vector<std::string> logs;
  std::string log_tail;
  std::string output;  ///< the job's captured stdout and stderr
  int attempt = 1;
};

/// A final output of the workflow (a file the targets need, or one flagged `report: true`).
struct FinalOutput {
  std::string path;
  std::string rule;     ///< the rule that makes it, or "" for a source file
  bool report = false;  ///< flagged `report: true`: embedded in the report
};

/// What the command line knows of a run, kept for the report.
struct RunInfo {
  std::string command_line;  ///< the words flow was started with, shell-quoted
  std::string version;
  std::string workdir;        ///< absolute
  std::string config_text;    ///< the effective config, as YAML
  std::string rulegraph_dot;  ///< the rule graph of the run's DAG (--rulegraph)
};

struct RunRecord {
  RunInfo info;
  TimeStamp started = 0;  ///< wall time, nanoseconds since the epoch
  double seconds = 0;
  /// Of `seconds`, the time spent growing the DAG after checkpoints (and deciding and
  /// planning what they added), for bench/checkpoint_bench.sh and the 1 s target.
  double growth_seconds = 0;
  std::string status;  ///< "success", "failed", "interrupted"
  int exit_status = 0;
  std::size_t planned = 0;  ///< jobs that were to run
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t not_run = 0;      ///< planned jobs that did not finish (upstream failure, interrupt)
  std::string closing_line;     ///< as the terminal showed it, without "flow: "
  std::vector<JobRecord> jobs;  ///< every attempt, in the order they ended
  std::vector<FailureRecord> failures;
  std::vector<FinalOutput> outputs;
};

/// Records a run and writes `path` when it finishes; composes with another observer, to
/// which every event is passed on first.
class RunHistory final : public run::RunObserver {
 public:
  RunHistory(run::RunObserver& next, const dag::Dag& dag, const sys::Clock& clock,
             sys::Filesystem& fs, std::string path, RunInfo info = {});

  void run_started(std::size_t total) override;
  void job_started(const run::JobStarted& event) override;
  void job_succeeded(JobId job, const exec::JobCompletion* completion) override;
  void job_failed(const run::JobFailed& event) override;
  void warning(const std::string& text) override { m_next.warning(text); }
  void tick() override { m_next.tick(); }
  void jobs_added(std::size_t total) override { m_next.jobs_added(total); }
  void job_skipped(JobId job, const std::string& why) override { m_next.job_skipped(job, why); }
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
  RunRecord m_record;
  SteadyTime m_started{};
  std::map<std::uint32_t, JobRecord> m_open;  // started, not yet ended
};

/// The final outputs of `dag`: the outputs of the target jobs (the inputs of a target
/// without outputs, such as `all`), then every other output flagged `report: true`.
std::vector<FinalOutput> final_outputs(const dag::Dag& dag);

/// The text of `.flow/last-run.tsv` for `record`.
std::string format_run_history(const RunRecord& record);

/// Parses `.flow/last-run.tsv`; an error names the file and line.
Result<RunRecord> read_run_history(const std::string& text, const std::string& name);

/// The mean wall seconds of each rule's jobs that succeeded in `record`, for the status
/// line's estimate of the time left (issue 13 item 4).
std::map<std::string, double> rule_seconds(const RunRecord& record);

}  // namespace flow::report
