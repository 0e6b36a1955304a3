#include "sys/job_groups.h"

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>

namespace flow::sys::detail {
namespace {

constexpr int k_poll_ms = 50;

bool failed(int status) {
  return WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
}

}  // namespace

bool group_exists(pid_t pgid) {
  // EPERM: members exist that this process may not signal (a setuid program): still there.
  return pgid > 0 && (kill(-pgid, 0) == 0 || errno == EPERM);
}

bool LingeringGroups::leader_ended(const Ended& ended, Clock::time_point now) {
  if (!group_exists(ended.pid)) return true;
  Kept& kept = m_jobs[ended.pid];
  kept.ended = ended;
  // The job failed: what is left of it is stopped, since its outputs are about to be removed.
  if (failed(ended.status)) stop(ended.pid, kept, now);
  return false;
}

void LingeringGroups::stop(pid_t pid, Kept& kept, Clock::time_point now) {
  if (kept.stopping) return;
  kept.stopping = true;
  kept.kill_at = now + k_group_stop_grace;
  kill(-pid, SIGTERM);
  kill(-pid, SIGCONT);  // a stopped process would never see the SIGTERM
}

void LingeringGroups::stop_all(Clock::time_point now) {
  for (auto& [pid, kept] : m_jobs)
    stop(pid, kept, now);
}

std::vector<LingeringGroups::Ended> LingeringGroups::take_finished(Clock::time_point now) {
  std::vector<Ended> finished;
  for (auto it = m_jobs.begin(); it != m_jobs.end();) {
    if (!group_exists(it->first)) {
      finished.push_back(it->second.ended);
      it = m_jobs.erase(it);
      continue;
    }
    if (it->second.stopping && !it->second.killed && now >= it->second.kill_at) {
      it->second.killed = true;
      kill(-it->first, SIGKILL);
    }
    ++it;
  }
  return finished;
}

std::optional<LingeringGroups::Ended> LingeringGroups::take(pid_t pid) {
  auto it = m_jobs.find(pid);
  if (it == m_jobs.end()) return std::nullopt;
  Ended ended = it->second.ended;
  m_jobs.erase(it);
  return ended;
}

int LingeringGroups::poll_timeout_ms() const {
  return m_jobs.empty() ? -1 : k_poll_ms;
}

}  // namespace flow::sys::detail
