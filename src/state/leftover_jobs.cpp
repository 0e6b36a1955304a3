#include "flow/state/leftover_jobs.h"

#include <signal.h>

#include <algorithm>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/sys/interrupt.h"

namespace flow::state {
namespace {

constexpr auto k_look_again = std::chrono::milliseconds(50);

std::vector<sys::ProcessIdentity> running_of(const std::vector<sys::ProcessIdentity>& jobs,
                                             const sys::ProcessTable& table) {
  std::vector<sys::ProcessIdentity> running;
  for (const auto& job : jobs) {
    if (sys::still_running(table, job)) running.push_back(job);
  }
  return running;
}

std::string pid_list(const std::vector<sys::ProcessIdentity>& jobs) {
  std::vector<std::string> pids;
  for (const auto& job : jobs)
    pids.push_back(std::to_string(job.pid));
  return join(pids, ", ");
}

}  // namespace

Result<void> settle_leftover_jobs(StateLog& log, sys::ProcessTable& table, const sys::Clock& clock,
                                  LeftoverPolicy policy,
                                  const std::function<void(const std::string&)>& say) {
  std::vector<sys::ProcessIdentity> journalled = log.running_jobs();
  if (journalled.empty()) return ok_result();
  std::vector<sys::ProcessIdentity> running = running_of(journalled, table);
  if (!running.empty()) {
    std::string jobs = fmt::format("{} job{} left running by a flow that died (pid{} {})",
                                   running.size(), running.size() == 1 ? "" : "s",
                                   running.size() == 1 ? "" : "s", pid_list(running));
    if (policy == LeftoverPolicy::stop) {
      say(
          fmt::format("stopping {} before touching their outputs; --wait-leftovers waits for "
                      "them instead",
                      jobs));
    } else {
      say(fmt::format("waiting for {} to end before touching their outputs", jobs));
    }
    SteadyTime kill_at = clock.steady_now() + k_leftover_grace;
    SteadyTime give_up = kill_at + k_leftover_grace;
    bool killed = false;
    if (policy == LeftoverPolicy::stop) {
      for (const auto& job : running) {
        table.signal_group(job.pgid, SIGTERM);
        table.signal_group(job.pgid, SIGCONT);  // a stopped job would never see the SIGTERM
      }
    }
    int interrupts = sys::interrupt_count();
    while (!running.empty()) {
      if (sys::interrupt_count() != interrupts) {
        return make_error(ErrorKind::interrupted,
                          fmt::format("interrupted while {} (pid{} {}) still ran",
                                      policy == LeftoverPolicy::stop ? "stopping" : "waiting",
                                      running.size() == 1 ? "" : "s", pid_list(running)));
      }
      SteadyTime now = clock.steady_now();
      if (policy == LeftoverPolicy::stop && !killed && now >= kill_at) {
        killed = true;
        for (const auto& job : running)
          table.signal_group(job.pgid, SIGKILL);
      }
      if (policy == LeftoverPolicy::stop && now >= give_up) {
        return make_error(ErrorKind::job,
                          fmt::format("cannot stop the job{} left running by a flow that died "
                                      "(pid{} {}): they survive SIGKILL",
                                      running.size() == 1 ? "" : "s",
                                      running.size() == 1 ? "" : "s", pid_list(running)));
      }
      table.pause(k_look_again);
      running = running_of(running, table);
    }
  }
  for (const auto& job : journalled)
    log.record_ended(job.pid);
  return log.sync();
}

}  // namespace flow::state
