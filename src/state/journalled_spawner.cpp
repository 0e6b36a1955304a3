#include "flow/state/journalled_spawner.h"

namespace flow::state {

Result<sys::ProcessHandle> JournalledSpawner::spawn(const sys::SpawnRequest& request) {
  auto process = m_inner.spawn(request);
  if (!process) return process;
  // Spawned as the leader of its own group. Gone already: nothing can survive it to record.
  // A journal that cannot be written stops the run (StateLog::write_failure): the job itself
  // is started and waited for as usual.
  if (auto start = m_table.start_ticks(process->pid)) {
    (void)m_log.record_running(sys::ProcessIdentity{process->pid, process->pid, *start});
  }
  return process;
}

std::vector<sys::ExitInfo> JournalledSpawner::wait_any(SteadyTime deadline) {
  auto exits = m_inner.wait_any(deadline);
  for (const auto& exit : exits)
    m_log.record_ended(exit.process.pid);
  return exits;
}

sys::ExitInfo JournalledSpawner::wait_for(sys::ProcessHandle process) {
  auto exit = m_inner.wait_for(process);
  m_log.record_ended(exit.process.pid);
  return exit;
}

}  // namespace flow::state
