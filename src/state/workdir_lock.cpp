#include "flow/state/workdir_lock.h"

#include <fmt/format.h>

#include "flow/base/state_layout.h"
#include "flow/base/strings.h"

namespace flow::state {
namespace {

// Where flock does not work, a lock file with no owner in it may be one another flow has
// just created and not yet written: it counts as held this long after its last change.
constexpr TimeStamp k_unwritten_lock_grace = 10'000'000'000;

std::string lock_path(const std::string& dir) {
  return dir.empty() ? std::string(layout::k_lock) : fmt::format("{}/{}", dir, layout::k_lock);
}

// The error for a lock held by a running flow (or one that cannot be checked).
Error held_error(const std::optional<LockOwner>& owner, const std::string& path,
                 const LockOwner& self) {
  if (!owner) {
    return make_error(ErrorKind::workflow,
                      fmt::format("another flow is running in this directory: it holds {} (and "
                                  "has not written its pid into it yet)",
                                  path));
  }
  Error error = make_error(
      ErrorKind::workflow,
      fmt::format("another flow (pid {} on {}) is running in this directory: it holds {}",
                  owner->pid, owner->host, path));
  if (owner->host == self.host) {
    error.notes.push_back(
        "wait for it to finish or stop it; `flow --unlock` is only for a lock left by a flow "
        "that died");
  } else {
    error.notes.push_back(fmt::format(
        "flow cannot check a process on another host: if that flow is gone, remove its lock "
        "with `flow --unlock`"));
  }
  return error;
}

}  // namespace

std::optional<LockOwner> parse_lock_owner(std::string_view text) {
  if (text.empty() || text.back() != '\n') return std::nullopt;  // torn while written
  auto fields = split(trim(text), ' ');
  if (fields.size() != 2 || fields[1].empty()) return std::nullopt;
  auto pid = parse_int(fields[0]);
  if (!pid || *pid <= 0 || *pid > 0x7fffffff) return std::nullopt;
  return LockOwner{static_cast<int>(*pid), fields[1]};
}

WorkdirLock::~WorkdirLock() {
  release();
}

void WorkdirLock::release() {
  if (!m_file) return;
  // Removed while still held, then closed: see sys::LockFile::unlink. A lock that cannot be
  // removed is free anyway once closed.
  (void)m_file->unlink();
  m_file.reset();
}

Result<WorkdirLock> WorkdirLock::acquire(sys::Filesystem& fs, const std::string& dir,
                                         const LockProbe& probe) {
  if (auto made = fs.make_dirs(dir); !made) return made.error();
  std::string path = lock_path(dir);
  auto file = fs.open_lock(path, true);
  if (!file) return file.error();
  sys::LockFile& lock = **file;
  auto owner = parse_lock_owner(lock.contents());
  if (!lock.held() && !lock.unsupported()) return held_error(owner, path, probe.self);
  // Ours now, as far as this host can tell. A flow on another host holds it all the same if
  // this host cannot see its locks (NFS without a lock manager): only --unlock says it is gone.
  if (owner && owner->host != probe.self.host) return held_error(owner, path, probe.self);
  if (lock.unsupported() && !lock.created()) {
    // No flock here: the contents are all there is. An owner not written (yet) counts as
    // one being written for a grace period; a named one is alive or not.
    if (!owner && probe.now - lock.mtime() < k_unwritten_lock_grace)
      return held_error(owner, path, probe.self);
    if (owner && owner->pid != probe.self.pid && probe.is_alive(owner->pid))
      return held_error(owner, path, probe.self);
  }
  std::string contents = fmt::format("{} {}\n", probe.self.pid, probe.self.host);
  if (auto written = lock.write(contents); !written) return written.error();
  return WorkdirLock(std::move(*file));
}

Result<Unlocked> WorkdirLock::unlock(sys::Filesystem& fs, const std::string& dir,
                                     const LockProbe& probe, bool force) {
  std::string path = lock_path(dir);
  auto file = fs.open_lock(path, false);
  if (!file) return file.error();
  if (!*file) return Unlocked{};
  sys::LockFile& lock = **file;
  auto owner = parse_lock_owner(lock.contents());
  bool running = !lock.held() && !lock.unsupported();
  if (lock.unsupported() && owner && owner->host == probe.self.host &&
      owner->pid != probe.self.pid && probe.is_alive(owner->pid)) {
    running = true;
  }
  if (running && !force) {
    std::string who = !owner ? std::string("a flow that has not written its pid yet")
                      : owner->host == probe.self.host
                          ? fmt::format("flow (pid {})", owner->pid)
                          : fmt::format("flow (pid {} on {})", owner->pid, owner->host);
    Error error = make_error(
        ErrorKind::workflow,
        fmt::format("not removing {}: it belongs to {}, which is still running in this directory",
                    path, who));
    error.notes.push_back(
        "--unlock is for a lock left by a flow that died; stop that flow first, or remove its "
        "lock anyway with `flow --unlock --force`");
    return error;
  }
  if (auto removed = lock.unlink(); !removed) return removed.error();
  return Unlocked{true, owner};
}

}  // namespace flow::state
