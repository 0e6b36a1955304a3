#pragma once
// One flow per working directory (spec §3): `.flow/lock`, held with flock(2) for as long as
// flow runs, holds the pid and host of that flow. The kernel releases the lock when flow dies
// however it dies, so a lock left by a dead flow on this host is simply taken over; the
// contents only name the holder in messages, and keep out a flow on another host whose
// locks this host may not see (decisions.md, "The working-directory lock").

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "flow/base/result.h"
#include "flow/base/time.h"
#include "flow/sys/filesystem.h"

namespace flow::state {

struct LockOwner {
  int pid = 0;
  std::string host;
};

/// What the lock's holder looks like from here.
struct LockProbe {
  LockOwner self;
  /// Whether a process with this pid exists on this host.
  std::function<bool(int)> is_alive;
  /// Wall time now: a lock file without an owner written into it counts as being written
  /// for a grace period (only where flock does not work).
  TimeStamp now = 0;
};

/// What `flow --unlock` did.
struct Unlocked {
  bool removed = false;            ///< there was a lock file, and it is gone
  std::optional<LockOwner> owner;  ///< who it named, when it named anyone
};

class WorkdirLock {
 public:
  WorkdirLock(WorkdirLock&& other) noexcept = default;
  WorkdirLock& operator=(WorkdirLock&&) = delete;
  WorkdirLock(const WorkdirLock&) = delete;
  ~WorkdirLock();

  /// Takes the lock in `dir`. Fails (ErrorKind::workflow) when a running flow holds it,
  /// naming its pid and host and saying what `--unlock` is for; a lock naming another host
  /// cannot be checked and is refused too, with a hint to use --unlock if that flow is gone.
  static Result<WorkdirLock> acquire(sys::Filesystem& fs, const std::string& dir,
                                     const LockProbe& probe);
  /// --unlock: removes a lock left by a flow that died (or named another host). Refuses
  /// the lock of a flow still running, naming its pid, unless `force`.
  static Result<Unlocked> unlock(sys::Filesystem& fs, const std::string& dir,
                                 const LockProbe& probe, bool force);

  /// Releases the lock now (the destructor does it otherwise).
  void release();

 private:
  explicit WorkdirLock(std::unique_ptr<sys::LockFile> file) : m_file(std::move(file)) {}
  std::unique_ptr<sys::LockFile> m_file;  // null once released
};

/// "pid host" as written into the lock; nullopt for anything else (empty, torn, foreign).
std::optional<LockOwner> parse_lock_owner(std::string_view text);

}  // namespace flow::state
