// LocalExecutor with the REAL posix spawner and tiny real commands. Deadlines are generous
// and only bound a hang; the assertions are on outcomes, never on times.

#include "flow/exec/local_executor.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "flow/sys/interrupt.h"

namespace flow::exec {
namespace {

using namespace std::chrono_literals;

class LocalExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sys::install_signal_handlers();  // SIGCHLD wakes wait_any at once
    // A new spawner reports an interrupt simulated by an earlier test once; let it see
    // that now (the deadline has passed, so this returns at once).
    m_spawner->wait_any(m_clock->steady_now());
    char pattern[] = "/tmp/flow-local-exec-XXXXXX";
    m_dir = mkdtemp(pattern);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  JobSpec spec(std::uint32_t id, std::vector<std::string> argv) {
    JobSpec job;
    job.id = id;
    job.rule = "r";
    job.display_name = "r";
    job.argv = std::move(argv);
    job.workdir = m_dir;
    return job;
  }

  // Starts one job and waits (a minute at most) for its completion.
  JobCompletion run(std::vector<std::string> argv) {
    auto started = m_executor.start(spec(1, std::move(argv)));
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().message);
    auto done = m_executor.wait(m_clock->steady_now() + 60s);
    EXPECT_EQ(done.size(), 1u);
    return done.empty() ? JobCompletion{} : done.front();
  }

  // Waits until `path` exists: the job got that far (bounded, not a sleep-and-hope).
  bool wait_for_file(const std::string& path) {
    auto give_up = std::chrono::steady_clock::now() + 30s;
    while (!std::filesystem::exists(path) || std::filesystem::file_size(path) == 0) {
      if (std::chrono::steady_clock::now() > give_up) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  static pid_t read_pid(const std::string& path) {
    std::ifstream in(path);
    pid_t pid = 0;
    in >> pid;
    return pid;
  }

  static bool is_gone(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return true;
    std::string pid_field, comm, state;
    stat >> pid_field >> comm >> state;
    return state == "Z";  // dead, waiting for init to reap it
  }

  static bool becomes_gone(pid_t pid) {
    auto give_up = std::chrono::steady_clock::now() + 30s;
    while (!is_gone(pid)) {
      if (std::chrono::steady_clock::now() > give_up) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  std::string m_dir;
  std::unique_ptr<sys::ProcessSpawner> m_spawner = sys::make_posix_spawner();
  std::unique_ptr<sys::Clock> m_clock = sys::make_real_clock();
  LocalExecutor m_executor{*m_spawner, *m_clock};
};

TEST_F(LocalExecutorTest, TrueSucceeds) {
  JobCompletion done = run({"true"});
  EXPECT_EQ(done.id, 1u);
  EXPECT_EQ(done.status, CompletionStatus::succeeded);
  EXPECT_EQ(done.exit_code, 0);
  EXPECT_EQ(m_executor.in_flight(), 0u);
}

TEST_F(LocalExecutorTest, AJobWithARunDirectoryStartsThere) {
  std::filesystem::create_directories(m_dir + "/scratch");
  JobSpec job = spec(1, {"sh", "-c", "pwd > here.txt"});
  job.rundir = m_dir + "/scratch";
  ASSERT_TRUE(m_executor.start(job).ok());
  auto done = m_executor.wait(m_clock->steady_now() + 60s);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done.front().status, CompletionStatus::succeeded);
  std::ifstream in(m_dir + "/scratch/here.txt");
  std::string here;
  std::getline(in, here);
  EXPECT_EQ(std::filesystem::canonical(here), std::filesystem::canonical(m_dir + "/scratch"));
  EXPECT_FALSE(std::filesystem::exists(m_dir + "/here.txt"));
}

TEST_F(LocalExecutorTest, FalseFailsWithExitCodeOne) {
  JobCompletion done = run({"false"});
  EXPECT_EQ(done.status, CompletionStatus::failed);
  EXPECT_EQ(done.exit_code, 1);
  EXPECT_EQ(done.signal, 0);
}

TEST_F(LocalExecutorTest, ReportsTheExitCode) {
  JobCompletion done = run({"sh", "-c", "exit 3"});
  EXPECT_EQ(done.status, CompletionStatus::failed);
  EXPECT_EQ(done.exit_code, 3);
}

TEST_F(LocalExecutorTest, ReportsTheKillingSignal) {
  JobCompletion done = run({"sh", "-c", "kill -KILL $$"});
  EXPECT_EQ(done.status, CompletionStatus::failed);
  EXPECT_EQ(done.signal, SIGKILL);
}

TEST_F(LocalExecutorTest, CommandNotFoundIsAnErrorFromStart) {
  auto started = m_executor.start(spec(4, {"flow-test-no-such-command"}));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().message, "command not found: flow-test-no-such-command");
  EXPECT_EQ(m_executor.in_flight(), 0u);
}

TEST_F(LocalExecutorTest, CapturesStdoutAndStderr) {
  JobCompletion done = run({"sh", "-c", "echo to-out; echo to-err >&2"});
  EXPECT_EQ(done.status, CompletionStatus::succeeded);
  EXPECT_EQ(done.output, "to-out\nto-err\n");
}

TEST_F(LocalExecutorTest, RunsInTheWorkdirWithTheJobsEnvironment) {
  JobSpec job = spec(2, {"sh", "-c", "pwd; echo \"$FLOW_TEST_VALUE\""});
  job.env = {"FLOW_TEST_VALUE=a b"};
  ASSERT_TRUE(m_executor.start(job).ok());
  auto done = m_executor.wait(m_clock->steady_now() + 60s);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].output, std::filesystem::canonical(m_dir).string() + "\na b\n");
}

TEST_F(LocalExecutorTest, ReportsEachJobOfSeveral) {
  ASSERT_TRUE(m_executor.start(spec(7, {"true"})).ok());
  ASSERT_TRUE(m_executor.start(spec(8, {"false"})).ok());
  std::map<std::uint32_t, CompletionStatus> seen;
  auto give_up = m_clock->steady_now() + 60s;
  while (m_executor.in_flight() > 0 && m_clock->steady_now() < give_up) {
    for (const auto& done : m_executor.wait(give_up))
      seen[done.id] = done.status;
  }
  EXPECT_EQ(seen[7], CompletionStatus::succeeded);
  EXPECT_EQ(seen[8], CompletionStatus::failed);
}

TEST_F(LocalExecutorTest, WaitReturnsNothingWhenTheDeadlinePasses) {
  ASSERT_TRUE(m_executor.start(spec(1, {"sleep", "300"})).ok());
  EXPECT_TRUE(m_executor.wait(m_clock->steady_now() + 20ms).empty());
  EXPECT_EQ(m_executor.in_flight(), 1u);
  auto cancelled = m_executor.cancel_all(10s);
  ASSERT_EQ(cancelled.size(), 1u);
}

TEST_F(LocalExecutorTest, WaitReturnsEarlyOnAnInterrupt) {
  ASSERT_TRUE(m_executor.start(spec(1, {"sleep", "300"})).ok());
  sys::simulate_interrupt();
  EXPECT_TRUE(m_executor.wait(m_clock->steady_now() + 600s).empty());
  EXPECT_EQ(m_executor.in_flight(), 1u);
  m_executor.cancel_all(10s);
}

TEST_F(LocalExecutorTest, CancelAllTerminatesTheJobsProcessGroup) {
  std::string pidfile = m_dir + "/grandchild";
  ASSERT_TRUE(
      m_executor.start(spec(5, {"sh", "-c", "sleep 300 & echo $! > grandchild; wait"})).ok());
  ASSERT_TRUE(wait_for_file(pidfile));
  pid_t grandchild = read_pid(pidfile);
  ASSERT_GT(grandchild, 0);
  auto cancelled = m_executor.cancel_all(30s);
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(cancelled[0].id, 5u);
  EXPECT_EQ(cancelled[0].status, CompletionStatus::failed);
  EXPECT_EQ(cancelled[0].signal, SIGTERM);
  EXPECT_EQ(cancelled[0].message, "cancelled");
  EXPECT_TRUE(becomes_gone(grandchild));
  EXPECT_EQ(m_executor.in_flight(), 0u);
}

TEST_F(LocalExecutorTest, CancelAllKillsWhatIgnoresSigterm) {
  std::string pidfile = m_dir + "/grandchild";
  // Both the shell and its background child ignore SIGTERM (the disposition is inherited).
  ASSERT_TRUE(m_executor
                  .start(spec(6, {"sh", "-c",
                                  "trap '' TERM; sleep 300 & echo $! > grandchild; wait; wait"}))
                  .ok());
  ASSERT_TRUE(wait_for_file(pidfile));
  pid_t grandchild = read_pid(pidfile);
  ASSERT_GT(grandchild, 0);
  auto cancelled = m_executor.cancel_all(200ms);
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(cancelled[0].signal, SIGKILL);
  EXPECT_EQ(cancelled[0].status, CompletionStatus::failed);
  EXPECT_TRUE(becomes_gone(grandchild));
}

}  // namespace
}  // namespace flow::exec
