#pragma once
// One flow per working directory (spec §3): `.flow/lock` holds the pid and host of the flow
// that runs there. A lock whose process is gone (same host) is cleared automatically.

#include <functional>
#include <string>

#include "flow/base/result.h"
#include "flow/sys/filesystem.h"

namespace flow::state {

struct LockOwner {
  int pid = 0;
  std::string host;
};

class WorkdirLock {
 public:
  WorkdirLock(WorkdirLock&& other) noexcept;
  WorkdirLock& operator=(WorkdirLock&&) = delete;
  WorkdirLock(const WorkdirLock&) = delete;
  ~WorkdirLock();

  /// Takes the lock in `dir` for `self`. `is_alive(pid)` says whether a process exists on
  /// this host. Fails (ErrorKind::workflow) when a live flow holds it, naming its pid and
  /// host; a lock from another host cannot be checked and is refused too, with a hint to use
  /// --unlock if that flow is gone.
  static Result<WorkdirLock> acquire(sys::Filesystem& fs, const std::string& dir,
                                     const LockOwner& self,
                                     const std::function<bool(int)>& is_alive);
  /// --unlock: removes the lock whoever holds it; false when there was none.
  static Result<bool> force_unlock(sys::Filesystem& fs, const std::string& dir);

  /// Releases the lock now (the destructor does it otherwise).
  void release();

 private:
  WorkdirLock(sys::Filesystem& fs, std::string path) : m_fs(&fs), m_path(std::move(path)) {}
  sys::Filesystem* m_fs;
  std::string m_path;  // empty once released
};

}  // namespace flow::state
