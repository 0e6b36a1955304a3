#pragma once
// An in-memory Filesystem with a clock that only moves when told (Ninja's VirtualFileSystem),
// so that tests control mtime order exactly.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "flow/sys/filesystem.h"

namespace flow::test {

class FakeFilesystem : public sys::Filesystem {
 public:
  /// Advances the fake time by one second; files written afterwards are newer.
  void tick() { m_now += 1'000'000'000; }
  TimeStamp now() const { return m_now; }

  /// Creates or replaces a file at the current time (parents are implied).
  void create(const std::string& path, std::string contents = "");
  void create_dir(const std::string& path);
  /// Sets a file's mtime explicitly.
  void set_mtime(const std::string& path, TimeStamp mtime);
  bool exists(const std::string& path) const;
  std::string contents(const std::string& path) const;
  /// Makes stat() of `path` fail with an I/O error.
  void fail_stat(const std::string& path) { m_failing.insert(path); }

  /// Appends fail once a file holds `bytes` bytes: the write that crosses the limit writes
  /// up to it and fails with "No space left on device" (a short write, as on a full disk).
  void fail_appends_beyond(const std::string& path, std::size_t bytes) {
    m_append_limits[path] = bytes;
  }
  /// Makes open_lock() behave as on a filesystem without flock.
  void set_locks_unsupported(bool unsupported) { m_locks_unsupported = unsupported; }
  /// True when some LockFile of this filesystem holds the lock of `path`.
  bool lock_held(const std::string& path) const;

  /// Number of stat() calls per path, to check "one stat per file".
  const std::map<std::string, int>& stat_counts() const { return m_stat_counts; }
  const std::vector<std::string>& removed() const { return m_removed; }

  Result<sys::FileStat> stat(const std::string& path) const override;
  Result<std::string> read_file(const std::string& path) const override;
  Result<void> write_file_atomic(const std::string& path, std::string_view contents) override;
  Result<bool> create_exclusive(const std::string& path, std::string_view contents) override;
  Result<std::unique_ptr<sys::AppendFile>> open_append(const std::string& path) override;
  Result<std::unique_ptr<sys::LockFile>> open_lock(const std::string& path, bool create) override;
  Result<void> rename(const std::string& from, const std::string& to) override;
  Result<void> make_dirs(const std::string& dir) override;
  Result<bool> remove(const std::string& path) override;
  Result<bool> remove_tree(const std::string& path) override;
  /// A link is a file whose contents are "-> TARGET" (links() lists them); it is never followed.
  Result<void> make_symlink(const std::string& target, const std::string& link) override;
  /// The links made by make_symlink and still there: path -> target.
  std::map<std::string, std::string> links() const;
  Result<void> set_read_only(const std::string& path) override;
  Result<void> touch(const std::string& path) override;
  void refresh_dir(const std::string&) override {}
  /// A FIFO is a file whose contents are "<fifo>"; anything else at the path is an error.
  Result<void> make_fifo(const std::string& path) override;
  const std::vector<std::string>& fifos_made() const { return m_fifos_made; }
  /// Directories are those created and those implied by the paths below them.
  Result<std::vector<sys::DirEntry>> list_dir(const std::string& dir) const override;
  /// Number of list_dir() calls per directory, to check "one listing per directory".
  const std::map<std::string, int>& list_counts() const { return m_list_counts; }
  /// Makes list_dir() of `dir` fail with a permission error.
  void fail_list(const std::string& dir) { m_failing_lists.insert(dir); }

 private:
  struct Entry {
    std::string contents;
    TimeStamp mtime = 0;
    bool is_dir = false;
    bool read_only = false;
    std::uint64_t inode = 0;  ///< a new one for each file created (lock files are per inode)
    bool is_link = false;     ///< made by make_symlink
  };
  friend class FakeAppendFile;
  friend class FakeLockFile;

  TimeStamp m_now = 1'000'000'000'000'000'000;
  std::map<std::string, Entry> m_files;
  std::set<std::string> m_failing;
  mutable std::map<std::string, int> m_stat_counts;
  mutable std::map<std::string, int> m_list_counts;
  std::set<std::string> m_failing_lists;
  std::vector<std::string> m_removed;
  std::vector<std::string> m_fifos_made;
  std::uint64_t m_next_inode = 1;
  std::set<std::uint64_t> m_locked;  // inodes whose lock a FakeLockFile holds
  bool m_locks_unsupported = false;
  std::map<std::string, std::size_t> m_append_limits;
};

}  // namespace flow::test
