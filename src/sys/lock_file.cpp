#include "sys/lock_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace flow::sys::detail {
namespace {

// A lock file holds one short line ("pid host"): more than this is not ours.
constexpr std::size_t k_max_lock_contents = 4096;

Error lock_error(std::string_view what, const std::string& path, int err) {
  return make_error(ErrorKind::io,
                    fmt::format("cannot {} '{}': {}", what, path, std::strerror(err)));
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

class PosixLockFile final : public LockFile {
 public:
  PosixLockFile(int fd, std::string path, bool created, bool held, bool unsupported,
                std::string contents, TimeStamp mtime)
      : m_fd(fd),
        m_path(std::move(path)),
        m_created(created),
        m_held(held),
        m_unsupported(unsupported),
        m_contents(std::move(contents)),
        m_mtime(mtime) {}
  ~PosixLockFile() override { ::close(m_fd); }  // releases the flock
  PosixLockFile(const PosixLockFile&) = delete;
  PosixLockFile& operator=(const PosixLockFile&) = delete;

  bool created() const override { return m_created; }
  bool held() const override { return m_held; }
  bool unsupported() const override { return m_unsupported; }
  const std::string& contents() const override { return m_contents; }
  TimeStamp mtime() const override { return m_mtime; }

  Result<void> write(std::string_view contents) override {
    if (::ftruncate(m_fd, 0) != 0) return lock_error("write", m_path, errno);
    std::size_t at = 0;
    while (at < contents.size()) {
      ssize_t written =
          ::pwrite(m_fd, contents.data() + at, contents.size() - at, static_cast<off_t>(at));
      if (written < 0) {
        if (errno == EINTR) continue;
        return lock_error("write", m_path, errno);
      }
      at += static_cast<std::size_t>(written);
    }
    m_contents = std::string(contents);
    return ok_result();
  }

  Result<void> unlink() override {
    // Only the file this object opened: another one may have taken its place meanwhile.
    struct stat mine {};
    struct stat there {};
    if (::fstat(m_fd, &mine) != 0) return lock_error("remove", m_path, errno);
    if (::stat(m_path.c_str(), &there) != 0) {
      if (errno == ENOENT) return ok_result();
      return lock_error("remove", m_path, errno);
    }
    if (!same_file(mine, there)) return ok_result();
    if (::unlink(m_path.c_str()) != 0 && errno != ENOENT)
      return lock_error("remove", m_path, errno);
    return ok_result();
  }

 private:
  int m_fd;
  std::string m_path;
  bool m_created;
  bool m_held;
  bool m_unsupported;
  std::string m_contents;
  TimeStamp m_mtime;
};

Result<std::string> read_contents(int fd, const std::string& path) {
  std::string text(k_max_lock_contents, '\0');
  std::size_t at = 0;
  while (at < text.size()) {
    ssize_t got = ::pread(fd, text.data() + at, text.size() - at, static_cast<off_t>(at));
    if (got < 0) {
      if (errno == EINTR) continue;
      return lock_error("read", path, errno);
    }
    if (got == 0) break;
    at += static_cast<std::size_t>(got);
  }
  text.resize(at);
  return text;
}

}  // namespace

Result<std::unique_ptr<LockFile>> open_lock_file(const std::string& path, bool create) {
  // A holder releases by removing the file and closing it: a flock taken on the old file
  // in that moment is worth nothing, so try again on the file that is there now.
  for (int attempt = 0; attempt < 100; ++attempt) {
    // O_NONBLOCK: a FIFO put in the lock's place must not hang flow (it is refused below).
    int flags = O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    bool created = false;
    int fd = ::open(path.c_str(), flags);
    if (fd < 0 && errno == ENOENT && create) {
      fd = ::open(path.c_str(), flags | O_CREAT | O_EXCL, 0644);
      created = fd >= 0;
      if (fd < 0 && errno == EEXIST) continue;  // another flow created it first
    }
    if (fd < 0) {
      if (errno == ENOENT && !create) return std::unique_ptr<LockFile>();
      return lock_error("open", path, errno);
    }
    struct stat opened {};
    if (::fstat(fd, &opened) != 0) {
      int err = errno;
      ::close(fd);
      return lock_error("open", path, err);
    }
    if (!S_ISREG(opened.st_mode)) {
      ::close(fd);
      return make_error(ErrorKind::io,
                        fmt::format("cannot use '{}' as a lock: it is not a regular file", path));
    }
    bool held = false;
    bool unsupported = false;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      held = true;
    } else if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS || errno == EINVAL) {
      unsupported = true;
    } else if (errno != EWOULDBLOCK && errno != EINTR) {
      int err = errno;
      ::close(fd);
      return lock_error("lock", path, err);
    }
    struct stat there {};
    if (::stat(path.c_str(), &there) != 0 || !same_file(opened, there)) {
      ::close(fd);  // removed or replaced since we opened it
      continue;
    }
    auto contents = read_contents(fd, path);
    if (!contents) {
      ::close(fd);
      return contents.error();
    }
    TimeStamp mtime =
        static_cast<TimeStamp>(opened.st_mtim.tv_sec) * 1'000'000'000 + opened.st_mtim.tv_nsec;
    return std::unique_ptr<LockFile>(std::make_unique<PosixLockFile>(
        fd, path, created, held, unsupported, std::move(*contents), mtime));
  }
  return make_error(ErrorKind::io,
                    fmt::format("cannot take the lock '{}': it keeps being replaced", path));
}

}  // namespace flow::sys::detail
