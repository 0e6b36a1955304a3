// ClusterExecutor::cancel_all (Ctrl-C) and the same flow on Slurm.

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>

#include "cluster_fixture.h"

namespace flow::exec {
namespace {

using namespace std::chrono_literals;
using testing::ClusterExecutorTest;
using testing::FakeScheduler;

TEST_F(ClusterExecutorTest, CancelAllUsesOneQdelForEveryJob) {
  make(default_options());
  for (std::uint32_t i = 1; i <= 3; ++i) {
    ASSERT_TRUE(m_executor->start(spec(i, std::to_string(i))).ok());
  }
  JobSpec local = spec(9, "9");
  local.local = true;
  ASSERT_TRUE(m_executor->start(local).ok());
  auto done = m_executor->cancel_all(10s);
  ASSERT_EQ(m_pbs.cancel_calls.size(), 1u);
  EXPECT_EQ(m_pbs.cancel_calls[0], (std::vector<std::string>{"qdel", "13", "14", "15"}));
  ASSERT_EQ(done.size(), 4u);
  std::map<std::uint32_t, std::string> messages;
  for (const auto& completion : done) {
    EXPECT_EQ(completion.status, CompletionStatus::failed);
    messages[completion.id] = completion.message;
  }
  EXPECT_EQ(messages[1], "cancelled (qdel 13)");
  EXPECT_EQ(messages[3], "cancelled (qdel 15)");
  EXPECT_EQ(messages[9], "cancelled");
  ASSERT_FALSE(m_spawner.signals().empty());
  EXPECT_EQ(m_spawner.signals().front().second, SIGTERM);
  EXPECT_EQ(m_executor->in_flight(), 0u);
}

TEST_F(ClusterExecutorTest, CancelAllReturnsOnceTheSchedulerHasLetGoNotAtTheGraceEnd) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_pbs.states["13"] = "R";
  SteadyTime before = m_clock.steady_now();
  auto done = m_executor->cancel_all(10min);  // qdel turns it to C at once
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(m_pbs.status_calls.size(), 1u);
  EXPECT_LE(m_clock.steady_now() - before, Duration(2s));  // simulated time
}

TEST_F(ClusterExecutorTest, AJobStillListedAfterTheGraceKeepsItsRecordForTheNextFlow) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_pbs.states["13"] = "R";
  m_pbs.ignore_cancel = true;
  auto done = m_executor->cancel_all(5s);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::failed);
  EXPECT_NE(done[0].message.find("the next flow re-attaches to it"), std::string::npos);
  EXPECT_TRUE(m_fs.exists(dir84() + "/id"));
  EXPECT_EQ(m_executor->in_flight(), 0u);
  // The next flow waits for it rather than submitting a second copy.
  make(default_options());
  EXPECT_TRUE(m_executor->reattach(spec(7)));
  EXPECT_EQ(m_pbs.submit_times.size(), 1u);
}

TEST_F(ClusterExecutorTest, CancelAllReportsJobsNeverSubmittedAsNotStarted) {
  auto options = default_options();
  options.submit_rate = 1;
  make(options);
  ASSERT_TRUE(m_executor->start(spec(1, "1")).ok());
  ASSERT_TRUE(m_executor->start(spec(2, "2")).ok());
  auto done = m_executor->cancel_all(5s);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(m_pbs.cancel_calls.at(0), (std::vector<std::string>{"qdel", "13"}));
  auto queued = std::find_if(done.begin(), done.end(), [](auto& c) { return c.id == 2; });
  ASSERT_NE(queued, done.end());
  EXPECT_EQ(queued->status, CompletionStatus::not_started);
  EXPECT_EQ(queued->message, "cancelled before submission");
  EXPECT_EQ(m_pbs.submit_times.size(), 1u);
}

TEST_F(ClusterExecutorTest, RunsTheSameWayOnSlurm) {
  FakeScheduler slurm(SchedulerKind::slurm, m_spawner, m_fs, m_clock);
  make(default_options(SchedulerKind::slurm));
  ASSERT_TRUE(m_executor->start(spec(1, "1")).ok());
  ASSERT_TRUE(m_executor->start(spec(2, "2")).ok());
  ASSERT_EQ(m_spawner.calls("sbatch").size(), 2u);
  slurm.states["13"] = "R";
  slurm.complete("14", 0);
  slurm.states.erase("14");  // already purged: squeue no longer lists it
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 2u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
  slurm.states["13"] = "TO";  // walltime: no marker
  done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::lost);
  EXPECT_EQ(slurm.status_calls.front(),
            (std::vector<std::string>{"squeue", "-h", "-o", "%i %t", "-t", "all", "-j", "13"}));
}

}  // namespace
}  // namespace flow::exec
