#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "flow/sys/filesystem.h"
#include "sys/lock_file.h"

namespace flow::sys {
namespace {

Error io_error(std::string_view what, const std::string& path, int err) {
  return make_error(ErrorKind::io,
                    fmt::format("cannot {} '{}': {}", what, path, std::strerror(err)));
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

Result<void> write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return io_error("write", path, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return ok_result();
}

class PosixAppendFile final : public AppendFile {
 public:
  PosixAppendFile(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) {}
  ~PosixAppendFile() override { ::close(m_fd); }
  PosixAppendFile(const PosixAppendFile&) = delete;
  PosixAppendFile& operator=(const PosixAppendFile&) = delete;

  Result<void> append(std::string_view data) override { return write_all(m_fd, data, m_path); }
  Result<void> sync() override {
    if (::fdatasync(m_fd) != 0) return io_error("sync", m_path, errno);
    return ok_result();
  }
  Result<void> truncate(std::uint64_t size) override {
    if (::ftruncate(m_fd, static_cast<off_t>(size)) != 0)
      return io_error("truncate", m_path, errno);
    return sync();
  }

 private:
  int m_fd;
  std::string m_path;
};

class RealFilesystem final : public Filesystem {
 public:
  Result<FileStat> stat(const std::string& path) const override {
    struct stat info {};
    FileStat result;
    if (::stat(path.c_str(), &info) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return result;
      return io_error("stat", path, errno);
    }
    result.exists = true;
    result.is_dir = S_ISDIR(info.st_mode);
    result.read_only = (info.st_mode & 0222) == 0;
    result.size = static_cast<std::int64_t>(info.st_size);
    result.mtime =
        static_cast<TimeStamp>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    return result;
  }

  Result<std::string> read_file(const std::string& path) const override {
    // O_NONBLOCK: opening a FIFO for reading would wait for a writer, deaf to signals.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return io_error("read", path, errno);
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      int err = errno;
      ::close(fd);
      return io_error("read", path, err);
    }
    if (!S_ISREG(info.st_mode)) {
      // Issue 14: /dev/zero never ends and a FIFO waits for a writer; flow's files
      // (workflows, tables, config, its journal, logs) are regular files.
      ::close(fd);
      return make_error(ErrorKind::io, fmt::format("cannot read '{}': it is {}, not a regular file",
                                                   path, kind_of(info.st_mode)));
    }
    std::string contents;
    char buffer[65536];
    while (true) {
      ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got < 0) {
        if (errno == EINTR) continue;
        int err = errno;
        ::close(fd);
        return io_error("read", path, err);
      }
      if (got == 0) break;
      contents.append(buffer, static_cast<std::size_t>(got));
    }
    ::close(fd);
    return contents;
  }

  Result<void> write_file_atomic(const std::string& path, std::string_view contents) override {
    static std::atomic<unsigned> counter{0};
    std::string temp = fmt::format("{}.flow-tmp.{}.{}", path, ::getpid(), counter++);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return io_error("create", temp, errno);
    auto written = write_all(fd, contents, temp);
    // fsync before rename, so that a crash never leaves an empty file under the real name.
    if (written && ::fsync(fd) != 0) written = io_error("sync", temp, errno);
    ::close(fd);
    if (written && ::rename(temp.c_str(), path.c_str()) != 0) {
      written = io_error("rename to", path, errno);
    }
    if (!written) ::unlink(temp.c_str());
    return written;
  }

  Result<bool> create_exclusive(const std::string& path, std::string_view contents) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
      if (errno == EEXIST) return false;
      return io_error("create", path, errno);
    }
    auto written = write_all(fd, contents, path);
    ::close(fd);
    if (!written) return written.error();
    return true;
  }

  Result<std::unique_ptr<AppendFile>> open_append(const std::string& path) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return io_error("open", path, errno);
    return std::unique_ptr<AppendFile>(std::make_unique<PosixAppendFile>(fd, path));
  }

  Result<void> rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return io_error("rename to", to, errno);
    return ok_result();
  }

  Result<std::unique_ptr<LockFile>> open_lock(const std::string& path, bool create) override {
    return detail::open_lock_file(path, create);
  }

  Result<void> make_dirs(const std::string& dir) override {
    if (dir.empty()) return ok_result();
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) {
      // Another process may have created it meanwhile; only a non-directory is a failure.
      struct stat info {};
      if (::stat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) return ok_result();
      return make_error(ErrorKind::io,
                        fmt::format("cannot create directory '{}': {}", dir, error.message()));
    }
    return ok_result();
  }

  Result<bool> remove(const std::string& path) override {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return false;
      return io_error("remove", path, errno);
    }
    if (S_ISDIR(info.st_mode)) {
      return make_error(ErrorKind::io,
                        fmt::format("'{}' is a directory, not a file: flow leaves it alone", path));
    }
    if (::unlink(path.c_str()) != 0) return io_error("remove", path, errno);
    return true;
  }

  Result<bool> remove_tree(const std::string& path) override {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return false;
      return io_error("remove", path, errno);
    }
    if (!S_ISDIR(info.st_mode)) {
      if (::unlink(path.c_str()) != 0) return io_error("remove", path, errno);
      return true;
    }
    // remove_all does not follow symbolic links inside the tree: it removes the links.
    std::error_code error;
    std::filesystem::remove_all(path, error);
    if (error) {
      return make_error(ErrorKind::io,
                        fmt::format("cannot remove '{}': {}", path, error.message()));
    }
    return true;
  }

  Result<void> make_symlink(const std::string& target, const std::string& link) override {
    if (::symlink(target.c_str(), link.c_str()) != 0) return io_error("link", link, errno);
    return ok_result();
  }

  Result<void> set_read_only(const std::string& path) override {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return io_error("protect", path, errno);
    if (S_ISDIR(info.st_mode)) {
      std::error_code error;
      for (auto it = std::filesystem::recursive_directory_iterator(path, error);
           !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        struct stat entry {};
        if (::lstat(it->path().c_str(), &entry) == 0 && !S_ISLNK(entry.st_mode)) {
          ::chmod(it->path().c_str(), entry.st_mode & 07555);
        }
      }
    }
    if (::chmod(path.c_str(), info.st_mode & 07555) != 0) return io_error("protect", path, errno);
    return ok_result();
  }

  Result<void> touch(const std::string& path) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
    if (fd < 0) {
      // A directory cannot be opened for writing, but its time can still be set.
      if (errno != EISDIR) return io_error("touch", path, errno);
    } else {
      ::close(fd);
    }
    if (::utimensat(AT_FDCWD, path.c_str(), nullptr, 0) != 0) return io_error("touch", path, errno);
    return ok_result();
  }

  Result<void> make_fifo(const std::string& path) override {
    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0) {
      if (!S_ISFIFO(info.st_mode)) {
        return make_error(ErrorKind::io,
                          fmt::format("cannot make the pipe '{}': {} is in its place", path,
                                      S_ISDIR(info.st_mode) ? "a directory" : "a file"));
      }
      // A leftover of a run that was killed: a fresh one, so no stale reader or writer holds it.
      if (::unlink(path.c_str()) != 0) return io_error("remove", path, errno);
    }
    if (::mkfifo(path.c_str(), 0644) != 0) return io_error("make the pipe", path, errno);
    return ok_result();
  }

  void refresh_dir(const std::string& dir) override {
    DIR* handle = ::opendir(dir.empty() ? "." : dir.c_str());
    if (!handle) return;
    while (::readdir(handle) != nullptr) {
    }
    ::closedir(handle);
  }

  Result<std::vector<DirEntry>> list_dir(const std::string& dir) const override {
    std::vector<DirEntry> entries;
    const std::string shown = dir.empty() ? "." : dir;
    DIR* handle = ::opendir(shown.c_str());
    if (!handle) {
      if (errno == ENOENT || errno == ENOTDIR) return entries;
      return io_error("list", shown, errno);
    }
    errno = 0;
    while (const dirent* entry = ::readdir(handle)) {
      std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      DirEntry item{std::string(name), entry->d_type == DT_DIR, entry->d_type == DT_LNK};
      // Some filesystems do not fill d_type, and a link's target decides whether it is a
      // directory: ask stat only for those.
      if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) {
        struct stat info {};
        if (::fstatat(::dirfd(handle), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) == 0)
          item.is_link = S_ISLNK(info.st_mode);
        if (::fstatat(::dirfd(handle), entry->d_name, &info, 0) == 0)
          item.is_dir = S_ISDIR(info.st_mode);
      }
      entries.push_back(std::move(item));
      errno = 0;
    }
    int err = errno;
    ::closedir(handle);
    if (err != 0) return io_error("list", shown, err);
    return entries;
  }
};

}  // namespace

std::unique_ptr<Filesystem> make_real_filesystem() {
  return std::make_unique<RealFilesystem>();
}

std::string parent_dir(std::string_view path) {
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string_view::npos) return "";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

}  // namespace flow::sys

namespace flow::sys {

Result<void> change_directory(const std::string& dir) {
  if (::chdir(dir.c_str()) != 0) {
    return make_error(ErrorKind::usage, fmt::format("cannot change to directory '{}': {}", dir,
                                                    std::strerror(errno)));
  }
  return ok_result();
}

std::string current_directory() {
  std::error_code error;
  auto path = std::filesystem::current_path(error);
  return error ? std::string(".") : path.string();
}

}  // namespace flow::sys
