#include "flow/state/workdir_lock.h"

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::state {
namespace {

std::string lock_path(const std::string& dir) {
  return dir.empty() ? "lock" : dir + "/lock";
}

std::optional<LockOwner> parse_owner(const std::string& text) {
  auto fields = split(trim(text), ' ');
  if (fields.size() != 2) return std::nullopt;
  auto pid = parse_int(fields[0]);
  if (!pid || *pid <= 0) return std::nullopt;
  return LockOwner{static_cast<int>(*pid), fields[1]};
}

}  // namespace

WorkdirLock::WorkdirLock(WorkdirLock&& other) noexcept
    : m_fs(other.m_fs), m_path(std::move(other.m_path)) {
  other.m_path.clear();
}

WorkdirLock::~WorkdirLock() {
  release();
}

void WorkdirLock::release() {
  if (m_path.empty()) return;
  (void)m_fs->remove(m_path);  // a lock that cannot be removed is stale next time anyway
  m_path.clear();
}

Result<WorkdirLock> WorkdirLock::acquire(sys::Filesystem& fs, const std::string& dir,
                                         const LockOwner& self,
                                         const std::function<bool(int)>& is_alive) {
  if (auto made = fs.make_dirs(dir); !made) return made.error();
  std::string path = lock_path(dir);
  std::string contents = fmt::format("{} {}\n", self.pid, self.host);
  // Two attempts: the second after clearing a stale lock.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto created = fs.create_exclusive(path, contents);
    if (!created) return created.error();
    if (*created) return WorkdirLock(fs, path);
    auto text = fs.read_file(path);
    if (!text) continue;  // removed meanwhile: try again
    auto owner = parse_owner(*text);
    bool stale = !owner || (owner->host == self.host && !is_alive(owner->pid));
    if (!stale) {
      Error error =
          make_error(ErrorKind::workflow,
                     fmt::format("another flow (pid {} on {}) is running in this directory",
                                 owner->pid, owner->host));
      if (owner->host != self.host) {
        error.notes.push_back(
            fmt::format("if it is gone, remove the lock with `flow --unlock` ({})", path));
      }
      return error;
    }
    if (auto removed = fs.remove(path); !removed) return removed.error();
  }
  return make_error(ErrorKind::workflow, fmt::format("cannot take the lock {}", path));
}

Result<bool> WorkdirLock::force_unlock(sys::Filesystem& fs, const std::string& dir) {
  return fs.remove(lock_path(dir));
}

}  // namespace flow::state
