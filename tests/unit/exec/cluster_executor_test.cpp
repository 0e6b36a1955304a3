// ClusterExecutor on a FakeSpawner, FakeFilesystem and FakeClock: time is simulated, so
// polling intervals and latency waits are exact and the tests take milliseconds.

#include "flow/exec/cluster_executor.h"

#include <gtest/gtest.h>

#include "cluster_fixture.h"
#include "exec/cluster_job.h"
#include "fixture.h"

namespace flow::exec {
namespace {

using namespace std::chrono_literals;
using testing::ClusterExecutorTest;
using testing::FakeScheduler;

TEST_F(ClusterExecutorTest, SubmitsAJobScriptAndRecordsTheId) {
  make(default_options());
  m_pbs.id_suffix = ".server";
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  auto qsubs = m_spawner.calls("qsub");
  ASSERT_EQ(qsubs.size(), 1u);
  EXPECT_EQ(qsubs[0].back(), dir84() + "/job.sh");
  EXPECT_EQ(m_spawner.spawned().front().cwd, "/w");
  std::string script = m_fs.contents(dir84() + "/job.sh");
  std::string token = m_pbs.token_of("13");
  std::string name = "count_book_84." + token.substr(0, 6);
  EXPECT_TRUE(script.starts_with("#!/bin/bash\n#PBS -N " + name + "\n")) << script;
  EXPECT_NE(script.find("\ncd /w || flow_finish 98\nexport PATH=/usr/bin:/bin\n"),
            std::string::npos);
  EXPECT_EQ(m_fs.contents(dir84() + "/id"), "backend=pbs\nid=13.server\ntoken=" + token +
                                                "\nname=count book=84\njob_name=" + name + "\n");
  EXPECT_EQ(m_executor->in_flight(), 1u);
}

TEST_F(ClusterExecutorTest, ReportsSuccessFromTheMarker) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_fs.create(dir84() + "/stdout", "12\n");
  m_fs.create(dir84() + "/stderr", "a warning\n");
  m_pbs.complete("13", 0);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
  EXPECT_EQ(done[0].exit_code, 0);
  EXPECT_DOUBLE_EQ(done[0].wall_seconds, 2.5);
  EXPECT_DOUBLE_EQ(done[0].cpu_seconds, 1.25);
  EXPECT_EQ(done[0].output, "12\na warning\n");
  EXPECT_FALSE(m_fs.exists(dir84() + "/id"));  // nothing left to re-attach to
  EXPECT_EQ(m_executor->in_flight(), 0u);
}

TEST_F(ClusterExecutorTest, ReportsTheExitCodeFromTheMarker) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_pbs.complete("13", 3);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::failed);
  EXPECT_EQ(done[0].exit_code, 3);
  EXPECT_EQ(done[0].message, "");
}

TEST_F(ClusterExecutorTest, ExplainsTheScriptsOwnExitCodes) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_pbs.complete("13", 98);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].message, "the job could not enter its working directory on the compute node");
}

TEST_F(ClusterExecutorTest, AMarkerSettlesAJobTheSchedulerStillLists) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_pbs.write_marker("13", 0);  // the script is writing its last line; qstat still says R
  m_pbs.states["13"] = "R";
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
  EXPECT_TRUE(m_pbs.status_calls.empty());  // the marker made the qstat unnecessary
}

TEST_F(ClusterExecutorTest, WaitsTheLatencyWaitForALateMarker) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_pbs.states["13"] = "C";  // done, but the marker is not visible yet (NFS)
  EXPECT_TRUE(m_executor->wait(m_clock.steady_now() + 4s).empty());
  EXPECT_EQ(m_pbs.status_calls.size(), 1u);
  m_pbs.write_marker("13", 0);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
}

TEST_F(ClusterExecutorTest, AJobThatVanishesWithoutAMarkerIsLostWithItsStderrTail) {
  auto options = default_options();
  options.stderr_tail_lines = 2;
  make(options);
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_fs.create(dir84() + "/stderr",
              "starting\nhalfway\n=>> PBS: job killed: walltime 610 exceeded limit 600\n");
  m_pbs.states.erase("13");  // qstat: unknown job id (exit 153)
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::lost);
  EXPECT_EQ(done[0].message,
            "job 13 vanished without an exit marker (killed by the scheduler? walltime? qdel?); "
            "last lines of .flow/cluster/count.id84/stderr:\nhalfway\n=>> PBS: job killed: "
            "walltime 610 exceeded limit 600");
  EXPECT_FALSE(m_fs.exists(dir84() + "/id"));
}

TEST_F(ClusterExecutorTest, ALostJobWithoutStderrSaysSo) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_pbs.states["13"] = "C";
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::lost);
  EXPECT_EQ(done[0].message,
            "job 13 vanished without an exit marker (killed by the scheduler? walltime? qdel?); "
            ".flow/cluster/count.id84/stderr is empty or missing");
}

TEST_F(ClusterExecutorTest, AFailingQstatMeansAskAgainNotFailed) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_pbs.failing_status_queries = 3;
  m_pbs.states["13"] = "R";
  EXPECT_TRUE(m_executor->wait(m_clock.steady_now() + 7s).empty());
  EXPECT_EQ(m_executor->stats().status_failures, 3u);
  EXPECT_EQ(m_executor->stats().last_status_error, "qstat exited with 1: cannot connect to server");
  m_pbs.complete("13", 0);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
}

TEST_F(ClusterExecutorTest, AGarbledQstatMeansAskAgainNotFailed) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  m_pbs.failing_status_queries = 10;  // 20 s of garbage: longer than the latency wait
  m_pbs.garble = true;
  EXPECT_TRUE(m_executor->wait(m_clock.steady_now() + 21s).empty());
  EXPECT_EQ(m_executor->in_flight(), 1u);
  m_pbs.states["13"] = "R";
  EXPECT_TRUE(m_executor->wait(m_clock.steady_now() + 10s).empty());
  EXPECT_EQ(m_executor->in_flight(), 1u);
}

TEST_F(ClusterExecutorTest, PollsOncePerIntervalForAllJobs) {
  make(default_options());
  for (std::uint32_t i = 0; i < 20; ++i) {
    ASSERT_TRUE(m_executor->start(spec(i, std::to_string(i))).ok());
  }
  for (auto& [id, state] : m_pbs.states)
    state = "R";
  SteadyTime end = m_clock.steady_now() + 60s;
  while (m_clock.steady_now() < end)
    EXPECT_TRUE(m_executor->wait(end).empty());
  ASSERT_GE(m_pbs.status_calls.size(), 29u);
  for (std::size_t i = 0; i < m_pbs.status_calls.size(); ++i) {
    EXPECT_EQ(m_pbs.status_calls[i].size(), 21u);  // qstat and all 20 ids
    if (i > 0) {
      EXPECT_GE(m_pbs.status_times[i] - m_pbs.status_times[i - 1], Duration(2s));
    }
  }
}

TEST_F(ClusterExecutorTest, DoesNotPollBeforeTheFirstInterval) {
  make(default_options());
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  EXPECT_TRUE(m_executor->wait(m_clock.steady_now() + 1900ms).empty());
  EXPECT_TRUE(m_pbs.status_calls.empty());
}

TEST_F(ClusterExecutorTest, CapacityIsTheJobsOption) {
  auto options = default_options();
  options.jobs = 7;
  make(options);
  EXPECT_EQ(m_executor->capacity(), 7u);
}

TEST_F(ClusterExecutorTest, RunsLocalJobsOnThisMachine) {
  make(default_options());
  JobSpec local = spec(4);
  local.local = true;
  m_spawner.run_for("bash", 3s, 0);
  ASSERT_TRUE(m_executor->start(local).ok());
  EXPECT_TRUE(m_spawner.calls("qsub").empty());
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 4u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
}

TEST_F(ClusterExecutorTest, LocalAndClusterJobsCompleteInTheSameWait) {
  make(default_options());
  JobSpec local = spec(4, "11");
  local.local = true;
  m_spawner.run_for("bash", 30s, 1);
  ASSERT_TRUE(m_executor->start(local).ok());
  ASSERT_TRUE(m_executor->start(spec(5)).ok());
  m_pbs.complete("13", 0);
  std::map<std::uint32_t, CompletionStatus> seen;
  while (m_executor->in_flight() > 0) {
    for (const auto& done : wait_for_completions())
      seen[done.id] = done.status;
  }
  EXPECT_EQ(seen[4], CompletionStatus::failed);
  EXPECT_EQ(seen[5], CompletionStatus::succeeded);
}

TEST_F(ClusterExecutorTest, ASubmissionFailureIsAnErrorFromStart) {
  make(default_options());
  m_pbs.failing_submit_exit = 1;
  m_pbs.failing_submit_output =
      "There was an error running the Slurm sbatch command.\n"
      "sbatch: error: Memory specification can not be satisfied\n";
  auto started = m_executor->start(spec(1));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().message,
            "job 'count book=84': qsub failed (exit code 1): There was an error running the "
            "Slurm sbatch command.\nsbatch: error: Memory specification can not be satisfied");
  EXPECT_EQ(m_executor->in_flight(), 0u);
  EXPECT_FALSE(m_fs.exists(dir84() + "/id"));  // nothing to look for next time
}

TEST_F(ClusterExecutorTest, KeepsTheIntentWhenQsubSucceedsWithoutAnId) {
  make(default_options());
  m_spawner.on_command("qsub", test::FakeSpawner::Reply{0, "Job submitted.\n", ""});
  auto started = m_executor->start(spec(1));
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("the next flow finds it by its name 'count_book_84."),
            std::string::npos)
      << started.error().message;
  auto intent = parse_record(m_fs.contents(dir84() + "/id"));
  ASSERT_TRUE(intent.has_value());
  EXPECT_EQ(intent->id, "");
}

TEST_F(ClusterExecutorTest, QuotesTheRecordedWrapperFailure) {
  make(default_options());
  m_pbs.failing_submit_exit = 1;  // as recorded: the wrapper prints its error on stdout
  m_pbs.failing_submit_output = testing::fixture("wrapper_qsub_fail.out");
  auto started = m_executor->start(spec(1));
  ASSERT_FALSE(started.ok());
  EXPECT_TRUE(started.error().message.starts_with(
      "job 'count book=84': qsub failed (exit code 1): There was an error running the Slurm "
      "sbatch command.\n"));
  EXPECT_NE(started.error().message.find("Requested node configuration is not available"),
            std::string::npos);
}

TEST_F(ClusterExecutorTest, AMissingQsubIsAnErrorFromStart) {
  make(default_options());
  m_spawner.make_missing("qsub");
  auto started = m_executor->start(spec(1));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().message,
            "job 'count book=84': cannot run qsub: command not found: qsub");
}

TEST_F(ClusterExecutorTest, AMalformedWalltimeIsAnErrorFromStart) {
  make(default_options());
  JobSpec job = spec(1);
  job.resources["walltime"] = ResourceValue{false, 0, "a while"};
  auto started = m_executor->start(job);
  ASSERT_FALSE(started.ok());
  EXPECT_TRUE(m_spawner.calls("qsub").empty());
}

TEST_F(ClusterExecutorTest, RateLimitsSubmissions) {
  auto options = default_options();
  options.submit_rate = 2;  // a burst of 2, then one every 0.5 s
  make(options);
  for (std::uint32_t i = 0; i < 5; ++i) {
    ASSERT_TRUE(m_executor->start(spec(i, std::to_string(i))).ok());
  }
  EXPECT_EQ(m_pbs.submit_times.size(), 2u);
  EXPECT_EQ(m_executor->in_flight(), 5u);
  EXPECT_TRUE(m_executor->wait(m_clock.steady_now() + 5s).empty());
  ASSERT_EQ(m_pbs.submit_times.size(), 5u);
  for (std::size_t i = 3; i < 5; ++i) {
    EXPECT_GE(m_pbs.submit_times[i] - m_pbs.submit_times[i - 1], Duration(500ms));
  }
}

TEST_F(ClusterExecutorTest, AQueuedSubmissionThatFailsComesBackNotStarted) {
  auto options = default_options();
  options.submit_rate = 1;
  make(options);
  ASSERT_TRUE(m_executor->start(spec(1, "1")).ok());
  ASSERT_TRUE(m_executor->start(spec(2, "2")).ok());  // queued: the rate is used up
  m_pbs.failing_submit_exit = 2;
  m_pbs.failing_submit_output = "qsub: Unknown queue\n";
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 2u);
  EXPECT_EQ(done[0].status, CompletionStatus::not_started);
  EXPECT_EQ(done[0].message, "job 'count book=2': qsub failed (exit code 2): qsub: Unknown queue");
}

TEST_F(ClusterExecutorTest, AMarkerFromAnEarlierSubmissionIsNeverTakenForThisOne) {
  make(default_options());
  m_fs.create(dir84() + "/exit", "exit=0\ntoken=earlier\n");
  ASSERT_TRUE(m_executor->start(spec(1)).ok());
  EXPECT_FALSE(m_fs.exists(dir84() + "/exit"));               // cleared before submitting
  m_fs.create(dir84() + "/exit", "exit=0\ntoken=earlier\n");  // a leftover job finishing late
  m_pbs.states["13"] = "R";
  EXPECT_TRUE(m_executor->wait(m_clock.steady_now() + 10s).empty());
  m_pbs.complete("13", 4);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].exit_code, 4);
}

}  // namespace
}  // namespace flow::exec
