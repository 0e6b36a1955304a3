#pragma once
// Reading inputs and writing outputs for built-in steps. Every error names the file.
//
// Outputs are written atomically: to a temporary file in the same directory (named
// `.NAME.flow-tmp.PID.N`), then renamed over the real name, so a failed or killed step never
// leaves a partial file under the real name.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/builtin_protocol.h"
#include "flow/base/result.h"

namespace flow::builtins::text {

/// The largest input a step reads whole (1 GiB). Steps hold a few times their input in
/// memory, so this bounds their memory use; a larger input is a clear error, not a crash.
inline constexpr std::int64_t k_max_input_bytes = std::int64_t{1} << 30;

/// Reads the whole file. Errors: "input 'PATH': no such file", "... is a directory",
/// "... cannot read: REASON", "... too large (N bytes; the limit is M bytes)".
Result<std::string> read_input(const std::string& path, std::int64_t max_bytes = k_max_input_bytes);

enum class LineEnds {
  keep,  ///< bytes as they are
  lf,    ///< every CRLF becomes LF (a lone CR is kept)
};

enum class Bom {
  drop,  ///< a leading byte order mark is not part of the text
  keep,  ///< it is, as in Python's text mode: U+FEFF is the text's first character
};

/// Reads a UTF-8 text file: a leading byte order mark (U+FEFF) is dropped (unless `bom` is
/// keep), invalid UTF-8 is an error naming the byte offset ("input 'PATH': invalid UTF-8 at
/// byte 1234"), and so is a NUL byte ("input 'PATH': binary data (NUL byte at byte 12)").
/// Offsets count from the start of the file, BOM included.
Result<std::string> read_text_input(const std::string& path, LineEnds line_ends = LineEnds::lf,
                                    std::int64_t max_bytes = k_max_input_bytes,
                                    Bom bom = Bom::drop);

/// Reads every input of `invocation` with read_text_input (CRLF as LF), in order.
Result<std::vector<std::string>> read_text_inputs(const BuiltinInvocation& invocation);

/// Checks `text` as read_text_input does (UTF-8, no NUL), naming `path` in the error;
/// `base_offset` is added to reported offsets.
Result<void> check_text(std::string_view text, const std::string& path,
                        std::size_t base_offset = 0);

/// An output file being written. Nothing appears under `path` until commit() succeeds; if
/// the object is destroyed without a successful commit the temporary file is removed.
class AtomicOutput {
 public:
  /// Creates the temporary file (and missing parent directories of `path`).
  static Result<AtomicOutput> create(const std::string& path);

  AtomicOutput(AtomicOutput&& other) noexcept;
  AtomicOutput& operator=(AtomicOutput&& other) noexcept;
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  ~AtomicOutput();

  /// Appends `data` (buffered).
  Result<void> write(std::string_view data);
  /// Flushes, syncs the data to disk, and renames the temporary file to the real name.
  Result<void> commit();
  /// Removes the temporary file now (also done by the destructor).
  void discard();

  const std::string& path() const { return m_path; }
  const std::string& temp_path() const { return m_temp_path; }
  /// Bytes written so far.
  std::uint64_t size() const { return m_size; }

 private:
  AtomicOutput(std::string path, std::string temp_path, int fd);
  Result<void> flush();

  std::string m_path;
  std::string m_temp_path;
  int m_fd = -1;            ///< -1 once committed or discarded
  int m_cleanup_slot = -1;  ///< see temp_cleanup.h
  std::string m_buffer;
  std::uint64_t m_size = 0;
};

/// Writes `contents` to `path` atomically (create, write, commit).
Result<void> write_output(const std::string& path, std::string_view contents);

}  // namespace flow::builtins::text
