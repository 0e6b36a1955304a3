#pragma once
// The filesystem as the core sees it. Everything above `sys` does its file I/O through this
// interface, so the core's tests run on tests/support/fake_filesystem.h with exact times.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/result.h"
#include "flow/base/time.h"

namespace flow::sys {

struct FileStat {
  bool exists = false;
  bool is_dir = false;
  /// No write permission bit is set (a `protected` output, spec §1).
  bool read_only = false;
  /// Modification time, nanoseconds; 0 when the file does not exist.
  TimeStamp mtime = 0;
  /// Size in bytes (0 when missing).
  std::int64_t size = 0;
};

/// One entry of a directory listing.
struct DirEntry {
  std::string name;      ///< the entry's name in its directory (never "." or "..")
  bool is_dir = false;   ///< a directory, or a symbolic link to one
  bool is_link = false;  ///< a symbolic link (a walk does not descend into it)
};

/// An open file that is only appended to, such as the state journal.
class AppendFile {
 public:
  virtual ~AppendFile() = default;
  /// Appends `data` with one write; it survives a crash of flow once this returns.
  virtual Result<void> append(std::string_view data) = 0;
  /// Forces what was appended to stable storage (fdatasync).
  virtual Result<void> sync() = 0;
  /// Cuts the file to `size` bytes (a torn last record) and forces that to stable storage.
  virtual Result<void> truncate(std::uint64_t size) = 0;
};

/// An open lock file (`flock`), such as `.flow/lock`. The lock, when held, is released when
/// the object is destroyed or the process dies (the kernel drops it: no stale lock is left).
class LockFile {
 public:
  virtual ~LockFile() = default;
  /// This process holds the file's exclusive lock.
  virtual bool held() const = 0;
  /// The filesystem has no working `flock` (ENOLCK, EOPNOTSUPP): nobody holds the lock, and
  /// only the contents say who owns the file.
  virtual bool unsupported() const = 0;
  /// This object created the file (it did not exist before).
  virtual bool created() const = 0;
  /// The contents when the file was opened (or last written by this object).
  virtual const std::string& contents() const = 0;
  /// The modification time when the file was opened.
  virtual TimeStamp mtime() const = 0;
  /// Replaces the contents.
  virtual Result<void> write(std::string_view contents) = 0;
  /// Removes the file from its directory, still holding the lock: a process waiting for it
  /// then finds that the file it locked is no longer the one at the path, and opens again.
  virtual Result<void> unlink() = 0;
};

enum class Exclusive { yes, no };

class Filesystem {
 public:
  virtual ~Filesystem() = default;

  /// Follows symbolic links. A missing file is `exists == false`, not an error; an error is
  /// any other failure (permission denied on a parent, I/O error).
  virtual Result<FileStat> stat(const std::string& path) const = 0;
  virtual Result<std::string> read_file(const std::string& path) const = 0;
  /// Writes `contents` beside `path` under a temporary name, then renames it over `path`.
  virtual Result<void> write_file_atomic(const std::string& path, std::string_view contents) = 0;
  /// Creates `path` with `contents` only if it does not exist; false when it already did.
  virtual Result<bool> create_exclusive(const std::string& path, std::string_view contents) = 0;
  virtual Result<std::unique_ptr<AppendFile>> open_append(const std::string& path) = 0;
  /// Opens `path` (created when missing and `create`) and tries to take its exclusive lock
  /// without waiting. A lock taken is always on the file at `path` now (a file removed or
  /// replaced meanwhile is opened again). Null when `path` does not exist and not `create`.
  virtual Result<std::unique_ptr<LockFile>> open_lock(const std::string& path, bool create) = 0;
  /// Renames `from` over `to` (atomically, on one filesystem).
  virtual Result<void> rename(const std::string& from, const std::string& to) = 0;
  /// Creates `dir` and its missing parents; an existing directory is fine.
  virtual Result<void> make_dirs(const std::string& dir) = 0;
  /// Removes a file or a symbolic link (never what it points to); false when nothing was
  /// there. A directory is refused with an error saying so: a path declared a file must
  /// never take a whole tree with it (issue 14 item 4).
  virtual Result<bool> remove(const std::string& path) = 0;
  /// Removes a file, a symbolic link or a whole directory tree, never following a link;
  /// false when nothing was there. Only for paths declared directories.
  virtual Result<bool> remove_tree(const std::string& path) = 0;
  /// Creates a symbolic link at `link` that points to `target` (a shadow directory's inputs);
  /// an existing `link` is an error.
  virtual Result<void> make_symlink(const std::string& target, const std::string& link) = 0;
  /// Clears every write permission bit (for `protected` outputs).
  virtual Result<void> set_read_only(const std::string& path) = 0;
  /// Creates an empty file, or sets the modification time of an existing one to now.
  virtual Result<void> touch(const std::string& path) = 0;
  /// Reads the directory, which makes network filesystems refresh their cached view of it
  /// (used while waiting `--latency-wait` for outputs).
  virtual void refresh_dir(const std::string& dir) = 0;
  /// The entries of `dir` ("" is the working directory), in no particular order. A missing
  /// directory, or a path that is not one, has no entries; an error is any other failure.
  virtual Result<std::vector<DirEntry>> list_dir(const std::string& dir) const = 0;
  /// Creates a named pipe (FIFO) at `path`, replacing a FIFO already there; anything else at
  /// the path is an error (the caller removes stale outputs first).
  virtual Result<void> make_fifo(const std::string& path) = 0;
};

/// The real one, on POSIX calls.
std::unique_ptr<Filesystem> make_real_filesystem();

/// The directory part of `path` ("" for a bare name), as a string.
std::string parent_dir(std::string_view path);

}  // namespace flow::sys

namespace flow::sys {

/// chdir; the error names the directory.
Result<void> change_directory(const std::string& dir);
/// The absolute current directory.
std::string current_directory();

}  // namespace flow::sys
