#pragma once
// `.flow/state.log`: an append-only journal of what flow knows about outputs (in the manner
// of .ninja_log). For each output: the rule, hashes of the code, params and input list it was
// made with, and start and end times; and whether it is incomplete (a job started making it
// and did not finish). Read once into a hash map; rewritten through a temporary file and a
// rename when mostly superseded records.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "flow/base/result.h"
#include "flow/base/time.h"
#include "flow/sys/filesystem.h"

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
  /// Opens (creating if needed) `dir`/state.log and reads it. A torn last line (a crash in
  /// the middle of a write) and malformed lines are ignored. Compacts the log when most of
  /// it is superseded.
  static Result<std::unique_ptr<StateLog>> open(sys::Filesystem& fs, const std::string& dir);

  /// Opens the log read-only (dry runs, --summary): nothing is created or written.
  static Result<std::unique_ptr<StateLog>> open_read_only(const sys::Filesystem& fs,
                                                          const std::string& dir);

  const OutputRecord* find(std::string_view path) const;
  bool is_incomplete(std::string_view path) const;
  /// Outputs known to the log (complete or incomplete).
  std::size_t size() const { return m_entries.size(); }

  /// Journals that a job is about to make `paths` (written before the job starts: spec §3).
  Result<void> mark_incomplete(std::span<const std::string> paths);
  /// Journals that `paths` were made completely, with `record`.
  Result<void> record_complete(std::span<const std::string> paths, const OutputRecord& record);
  /// Forgets `paths` (outputs removed after a failure, or by --delete-all-output).
  Result<void> forget(std::span<const std::string> paths);
  /// Forces what was journalled to stable storage.
  Result<void> sync();

 private:
  StateLog() = default;
  void apply_line(std::string_view line);
  Result<void> append(const std::string& text);
  Result<void> compact(sys::Filesystem& fs);

  struct Entry {
    OutputRecord record;
    bool has_record = false;
    bool incomplete = false;
  };
  std::string m_path;
  std::unordered_map<std::string, Entry> m_entries;
  std::unique_ptr<sys::AppendFile> m_file;  // null when read-only
  std::size_t m_lines = 0;                  // lines in the file, for the compaction decision
};

}  // namespace flow::state
