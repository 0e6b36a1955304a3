#pragma once
// The job history (issue 12 item 5): `.flow/history.tsv`, one line per job attempt that
// succeeded, across runs, for `flow --estimate` (report/estimate.h). Append-only and written
// as each job ends, so a flow killed with -9 loses nothing it measured; a torn last line is
// cut when the next flow opens the file, and any malformed line is skipped when reading.
//
// Format (tab-separated, fields escaped as in last-run.tsv):
//   # flow job history 1
//   # rule  label  input_bytes  output_bytes  threads  wall_s  cpu_s  max_rss_mb  end
//   RULE  LABEL  N  N  N  S.SSSS  S.SSSS  M.MM  EPOCH_SECONDS
//
// Bounded: when a flow opens the file and some rule has more than 2 × k_history_per_rule
// lines, the file is rewritten (atomically) with the last k_history_per_rule of each rule;
// so it grows by at most one run's jobs between compactions, and compacting is rare.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "flow/dag/dag.h"
#include "flow/plan/file_stats.h"
#include "flow/run/run_observer.h"
#include "flow/sys/clock.h"
#include "flow/sys/filesystem.h"

namespace flow::report {

/// Lines kept per rule when the history is compacted.
inline constexpr std::size_t k_history_per_rule = 1000;

/// One job attempt that succeeded, as `.flow/history.tsv` keeps it.
struct HistoryEntry {
  std::string rule;
  std::string label;              ///< "stem book=84"
  std::int64_t input_bytes = 0;   ///< the sizes of its input files (directories count 0)
  std::int64_t output_bytes = 0;  ///< the sizes of its output files, when it ended
  int threads = 1;
  double wall_seconds = 0;
  double cpu_seconds = 0;
  double max_rss_mb = 0;
  std::int64_t end = 0;  ///< seconds since the epoch
};

/// The file's first lines (the version line and the column names).
std::string history_header();
/// One line of the file, newline included.
std::string format_history_line(const HistoryEntry& entry);

struct ParsedHistory {
  std::vector<HistoryEntry> entries;  ///< in the file's order (the order jobs ended)
  bool has_header = false;            ///< the file starts with this version's header
  std::size_t skipped = 0;            ///< malformed lines (a torn line, another version's)
};
/// Parses the file; never fails (a history is advice): what cannot be read is skipped.
ParsedHistory parse_history(const std::string& text);

/// The last `per_rule` entries of each rule, in their order.
std::vector<HistoryEntry> compact_history(const std::vector<HistoryEntry>& entries,
                                          std::size_t per_rule);

/// Whether the file needs compacting: some rule has more than 2 × `per_rule` entries.
bool needs_compaction(const std::vector<HistoryEntry>& entries, std::size_t per_rule);

/// The history's entries at `path` (none when the file is missing or unreadable).
std::vector<HistoryEntry> read_job_history(const sys::Filesystem& fs, const std::string& path);

/// Appends each successful job attempt to the history as it ends; composes with another
/// observer, to which every event is passed on first. The file is opened (repaired,
/// compacted) when the run starts; a failure to keep it is one warning, never a failed run.
class JobHistory final : public run::RunObserver {
 public:
  JobHistory(run::RunObserver& next, const dag::Dag& dag, plan::FileStatCache& stats,
             const sys::Clock& clock, sys::Filesystem& fs, std::string path,
             std::size_t per_rule = k_history_per_rule);
  ~JobHistory() override;

  void run_started(std::size_t total) override;
  void job_started(const run::JobStarted& event) override;
  void job_succeeded(JobId job, const exec::JobCompletion* completion) override;
  void job_failed(const run::JobFailed& event) override;
  void warning(const std::string& text) override { m_next.warning(text); }
  void tick() override { m_next.tick(); }
  void jobs_added(std::size_t total) override { m_next.jobs_added(total); }
  void job_skipped(JobId job, const std::string& why) override { m_next.job_skipped(job, why); }
  void interrupted(int signal) override { m_next.interrupted(signal); }
  void run_finished(const run::RunSummary& summary) override { m_next.run_finished(summary); }

 private:
  Result<void> open_file();
  void give_up(const Error& error);
  std::int64_t bytes_of(const std::vector<dag::FileRef>& files);

  run::RunObserver& m_next;
  const dag::Dag& m_dag;
  plan::FileStatCache& m_stats;
  const sys::Clock& m_clock;
  sys::Filesystem& m_fs;
  std::string m_path;
  std::size_t m_per_rule;
  std::unique_ptr<sys::AppendFile> m_file;
  bool m_failed = false;  // warned once; nothing more is written
  struct Open {
    std::int64_t input_bytes = 0;
    int threads = 1;
  };
  std::unordered_map<std::uint32_t, Open> m_open;  // started, not yet ended
};

}  // namespace flow::report
