#pragma once
// What a run prints (spec §3): `[N/M P%] rule wildcards` per finished job, job output whole
// after its line, a block per failure, one closing line; on a terminal a live status line
// with a bar and the running jobs.

#include <chrono>
#include <map>
#include <optional>
#include <ostream>
#include <string>

#include "flow/dag/dag.h"
#include "flow/run/run_observer.h"
#include "flow/sys/clock.h"

namespace flow::report {

struct PrinterOptions {
  bool quiet = false;           ///< -q, --quiet all: only errors and the closing line
  bool quiet_progress = false;  ///< --quiet progress: no progress lines or status line
  bool quiet_rules = false;     ///< --quiet rules: no messages or commands of jobs
  bool print_commands = false;  ///< -p: print each command as its job starts
  bool whole_logs = false;      ///< a failure's log text is whole logs, not a tail
  bool live_status = false;     ///< redraw a status line in place (a terminal)
  bool color = false;
  int width = 80;
  /// From the last run (rule_seconds): each rule's mean job time, the sum of it over the jobs
  /// to run (negative: not known for all of them) and how many run at once. The status
  /// line's time left uses them when known, else this run's pace.
  std::map<std::string, double> rule_seconds;
  double planned_seconds = -1;
  int parallel = 1;
};

class ProgressPrinter final : public run::RunObserver {
 public:
  ProgressPrinter(const dag::Dag& dag, std::ostream& out, const sys::Clock& clock,
                  PrinterOptions options);

  void run_started(std::size_t total) override;
  /// A checkpoint added jobs: the total grows (spec §7).
  void jobs_added(std::size_t total) override { m_total = total; }
  void job_started(const run::JobStarted& event) override;
  void job_succeeded(JobId job, const exec::JobCompletion* completion) override;
  void job_failed(const run::JobFailed& event) override;
  void job_skipped(JobId job, const std::string& why) override;
  void warning(const std::string& text) override;
  void tick() override;
  void interrupted(int signal) override;
  void run_finished(const run::RunSummary& summary) override;

 private:
  /// Prints `text` (whole lines) above the live status line.
  void print(const std::string& text);
  void draw_status();
  void clear_status();
  std::string paint(const char* code, const std::string& text) const;
  std::string progress_prefix() const;
  std::optional<double> expected_seconds(std::uint32_t job) const;
  double seconds_left(SteadyTime now, double elapsed) const;

  const dag::Dag& m_dag;
  std::ostream& m_out;
  const sys::Clock& m_clock;
  PrinterOptions m_options;
  std::size_t m_total = 0;
  std::size_t m_done = 0;
  std::map<std::uint32_t, SteadyTime> m_running;  // by job id, for the status line
  bool m_status_shown = false;
  SteadyTime m_last_draw{};
  SteadyTime m_run_start{};
  double m_done_seconds = 0;  // the expected seconds (rule_seconds) of the jobs done
};

/// The closing line for a run (without the leading "flow: "), e.g. "12 jobs done in 3.4s.".
std::string closing_line(const run::RunSummary& summary);

}  // namespace flow::report
