#pragma once
// `.flow/state.log`: an append-only journal of what flow knows about outputs (in the manner
// of .ninja_log). For each output: the rule, hashes of the code, params and input list it was
// made with, and start and end times; and whether it is incomplete (a job started making it
// and did not finish). Read once into a hash map. Opened for writing, a log of more than
// 1,000 lines whose superseded lines are at least half as many as its live entries is first
// rewritten through a temporary file and a rename (compaction). It also journals the job
// processes running (pid, process group, start time), so that the next flow can find those
// a dead flow left running.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "flow/base/flat_id_map.h"
#include "flow/base/result.h"
#include "flow/base/time.h"
#include "flow/sys/filesystem.h"
#include "flow/sys/process_table.h"

namespace flow::state {

struct OutputRecord {
  std::string rule;
  std::uint64_t code_hash = 0;    ///< the step as written (Rule::code), rendered per job
  std::uint64_t params_hash = 0;  ///< the rendered params and built-in arguments
  std::uint64_t input_hash = 0;   ///< the job's input paths, in order
  TimeStamp start = 0;            ///< wall time the job started
  TimeStamp end = 0;              ///< wall time it ended
};

class StateLog {
 public:
  /// Opens (creating if needed) `dir`/state.log and reads it. Malformed lines are ignored;
  /// a torn last line (a crash or a full disk in the middle of a write) is cut off the file,
  /// durably, before anything is appended. Removes what a compaction killed half-way left,
  /// then compacts the log by the rule above.
  static Result<std::unique_ptr<StateLog>> open(sys::Filesystem& fs, const std::string& dir);

  /// Opens the log read-only (dry runs, --summary): nothing is created or written.
  static Result<std::unique_ptr<StateLog>> open_read_only(const sys::Filesystem& fs,
                                                          const std::string& dir);

  const OutputRecord* find(std::string_view path) const;
  bool is_incomplete(std::string_view path) const;
  /// Both at once (one lookup): the record (or nullptr) and whether `path` is incomplete.
  std::pair<const OutputRecord*, bool> status(std::string_view path) const;
  /// Outputs known to the log (complete or incomplete).
  std::size_t size() const { return m_live; }
  /// Set once a write or sync of the journal failed (a full disk, an I/O error): from then on
  /// nothing more is written and every writing call returns this error. A run must start no
  /// more jobs: their incomplete marks could not be journalled.
  const Error* write_failure() const { return m_failure ? &*m_failure : nullptr; }

  /// Journals that a job is about to make `paths` (written before the job starts: spec §3).
  Result<void> mark_incomplete(std::span<const std::string> paths);
  /// Journals that `paths` were made completely, with `record`.
  Result<void> record_complete(std::span<const std::string> paths, const OutputRecord& record);
  /// Forgets `paths` (outputs removed after a failure, or by --delete-all-output).
  Result<void> forget(std::span<const std::string> paths);
  /// Job processes journalled as started and not as ended: at open, those of earlier flows
  /// that died before their jobs ended (state/leftover_jobs.h).
  std::vector<sys::ProcessIdentity> running_jobs() const;
  /// Journals that a job process started (written at once, so that it survives kill -9).
  Result<void> record_running(const sys::ProcessIdentity& process);
  /// Journals that it ended. Written with the next record or sync, not on its own: were it
  /// lost, the next flow would only look at a pid that is gone.
  void record_ended(int pid);
  /// Forces what was journalled to stable storage.
  Result<void> sync();
  /// The sync policy of a run (docs/architecture.md): every event is written at once (and so
  /// survives `kill -9` of flow), but forced to stable storage only when something was written
  /// since the last sync and `interval` has passed since it (or it never synced). Call it on
  /// every turn of the run loop, and sync() at the end. True when it synced.
  Result<bool> sync_if_due(SteadyTime now, Duration interval = std::chrono::seconds(1));

 private:
  StateLog() = default;
  void apply_line(std::string_view line);
  Result<void> append(const std::string& text);
  /// Records the first write failure (see write_failure) and returns it.
  Result<void> fail(const Error& error);
  Result<void> compact(sys::Filesystem& fs);

  struct Entry {
    std::string path;
    OutputRecord record;
    bool has_record = false;
    bool incomplete = false;
    bool live() const { return has_record || incomplete; }
  };
  /// The index of `path`'s entry in m_entries, if it has one.
  std::optional<std::uint32_t> index_of(std::string_view path) const;
  const Entry* lookup(std::string_view path) const;
  /// The entry of `path`, created when missing.
  Entry& entry(std::string_view path);
  void set_live(Entry& entry, bool has_record, bool incomplete);

  std::string m_path;
  // Entries in an arena with a flat index (100,000 outputs load in tens of milliseconds);
  // forgotten entries stay as dead slots until the next compaction.
  std::vector<Entry> m_entries;
  FlatIdMap m_index;
  std::size_t m_live = 0;
  std::unique_ptr<sys::AppendFile> m_file;  // null when read-only
  std::size_t m_lines = 0;                  // lines in the file, for the compaction decision
  bool m_unsynced = false;                  // written since the last sync
  std::size_t m_size = 0;                   // bytes of whole records in the file
  bool m_torn = false;                      // the file ends with part of a record
  std::optional<Error> m_failure;           // the first failed write or sync
  std::unordered_map<int, sys::ProcessIdentity> m_running;  // by pid
  std::string m_ended;                                      // "E" records not written yet
  std::optional<SteadyTime> m_last_sync;                    // of sync_if_due
};

}  // namespace flow::state
