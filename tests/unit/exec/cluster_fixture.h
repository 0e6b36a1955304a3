#pragma once
// The fixture of the ClusterExecutor tests: a FakeSpawner, FakeFilesystem and FakeClock with
// a pretend PBS (FakeScheduler); time is simulated, so intervals are exact and tests fast.

#include <gtest/gtest.h>

#include <memory>

#include "exec/cluster_backend.h"
#include "fake_scheduler.h"
#include "flow/exec/cluster_executor.h"

namespace flow::exec::testing {

using namespace std::chrono_literals;

class ClusterExecutorTest : public ::testing::Test {
 protected:
  static ClusterOptions default_options(SchedulerKind kind = SchedulerKind::pbs) {
    ClusterOptions options;
    options.scheduler = kind;
    options.jobs = 50;
    options.poll_interval = 2s;
    options.marker_interval = 250ms;
    options.latency_wait = 5s;
    options.submit_rate = 0;
    options.path_env = "/usr/bin:/bin";
    options.flow_binary = "/opt/flow/bin/flow";
    return options;
  }

  void make(const ClusterOptions& options) {
    auto backend = options.scheduler == SchedulerKind::pbs ? make_pbs_backend(options)
                                                           : make_slurm_backend(options);
    m_executor =
        std::make_unique<ClusterExecutor>(options, std::move(backend), m_spawner, m_fs, m_clock);
  }

  static JobSpec spec(std::uint32_t id, const std::string& book = "84") {
    JobSpec job;
    job.id = id;
    job.rule = "count";
    job.wildcards = "book=" + book;
    job.display_name = "count book=" + book;
    job.argv = {"bash", "-c", "set -euo pipefail; wc -l < books/" + book + ".txt"};
    job.workdir = "/w";
    job.identity = "id" + book;
    return job;
  }

  // Waits (simulated time) until completions arrive or `limit` passes.
  std::vector<JobCompletion> wait_for_completions(Duration limit = 10min) {
    SteadyTime give_up = m_clock.steady_now() + limit;
    while (m_clock.steady_now() < give_up) {
      auto done = m_executor->wait(give_up);
      if (!done.empty()) return done;
    }
    return {};
  }

  std::string dir84() const { return "/w/.flow/cluster/count.id84"; }

  test::FakeClock m_clock;
  test::FakeFilesystem m_fs;
  test::FakeSpawner m_spawner{&m_clock};
  FakeScheduler m_pbs{SchedulerKind::pbs, m_spawner, m_fs, m_clock};
  std::unique_ptr<ClusterExecutor> m_executor;
};

}  // namespace flow::exec::testing
