#pragma once
// A ProcessSpawner that journals each process it starts as running (pid, process group,
// start time) and each one that ends, so that a flow started after this one died finds the
// jobs it left running (leftover_jobs.h).

#include "flow/state/state_log.h"
#include "flow/sys/process.h"
#include "flow/sys/process_table.h"

namespace flow::state {

class JournalledSpawner final : public sys::ProcessSpawner {
 public:
  JournalledSpawner(sys::ProcessSpawner& inner, StateLog& log, const sys::ProcessTable& table)
      : m_inner(inner), m_log(log), m_table(table) {}

  Result<sys::ProcessHandle> spawn(const sys::SpawnRequest& request) override;
  std::vector<sys::ExitInfo> wait_any(SteadyTime deadline) override;
  sys::ExitInfo wait_for(sys::ProcessHandle process) override;
  void signal_group(sys::ProcessHandle process, int signal) override {
    m_inner.signal_group(process, signal);
  }
  std::size_t running() const override { return m_inner.running(); }

 private:
  sys::ProcessSpawner& m_inner;
  StateLog& m_log;
  const sys::ProcessTable& m_table;
};

}  // namespace flow::state
