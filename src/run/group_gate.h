#pragma once
// When a group submission may start (spec §9): once every job its members need outside it
// has ended. Pure bookkeeping on ids, told of endings by the runner (tested on plain ids).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

#include "flow/base/ids.h"

namespace flow::run {

class GroupGate {
 public:
  GroupGate() = default;
  /// `outside[u]`: the jobs that run which unit u's members need and that are not in it.
  GroupGate(std::vector<std::vector<JobId>> members, std::vector<std::vector<JobId>> outside);

  /// The unit `job` is a member of, whether started or not.
  std::optional<std::size_t> unit_of(JobId job) const;
  /// Units whose outside jobs have all ended, each once (the runner queues them).
  std::vector<std::size_t> take_ready();
  /// The runner started unit `u`: its members are its own now.
  void start(std::size_t unit);
  bool started(std::size_t unit) const { return m_started[unit]; }
  /// `job` succeeded.
  void succeeded(JobId job);
  /// Something failed or was cancelled: counts each waiting unit's outside jobs again with
  /// `ended` (true for a job that succeeded, failed or was cancelled).
  void recount(const std::function<bool(JobId)>& ended);
  /// Members of units not started yet (they may sit among the plan's ready jobs).
  std::size_t waiting_members() const { return m_waiting_members; }

 private:
  std::vector<std::vector<JobId>> m_members;
  std::vector<std::vector<JobId>> m_outside;
  std::vector<std::size_t> m_left;  ///< outside jobs not ended, per unit
  std::vector<bool> m_taken;        ///< offered by take_ready
  std::vector<bool> m_started;
  std::vector<std::size_t> m_ready;
  std::unordered_map<std::uint32_t, std::size_t> m_unit_of;                 // member -> unit
  std::unordered_map<std::uint32_t, std::vector<std::size_t>> m_needed_by;  // outside -> units
  std::size_t m_waiting_members = 0;
};

}  // namespace flow::run
