// A job is over only when its whole process group is gone, with both spawners (the job
// launcher, and the direct one it falls back to): real processes, real signals.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "flow/sys/launcher.h"
#include "flow/sys/process.h"
#include "flow/sys/process_table.h"

namespace flow::sys {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class JobGroupsTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("flow-job-groups-" + std::to_string(getpid()) + "-" + std::to_string(m_counter++));
    std::filesystem::create_directories(m_dir);
    if (GetParam()) {
      m_spawner = make_launcher_spawner([](const std::string&) {});
    } else {
      m_spawner = make_posix_spawner();
    }
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  ExitInfo run(const std::string& script) {
    SpawnRequest request;
    request.argv = {"bash", "-c", script};
    request.cwd = m_dir.string();
    auto handle = m_spawner->spawn(request);
    EXPECT_TRUE(handle.ok());
    if (!handle) return {};
    return m_spawner->wait_for(*handle);
  }

  static inline int m_counter = 0;
  std::filesystem::path m_dir;
  std::unique_ptr<ProcessSpawner> m_spawner;
};

TEST_P(JobGroupsTest, ABackgroundWriterEndsTheJobWhenItEnds) {
  ExitInfo info = run("(sleep 0.3; echo late >> out.txt) & echo main > out.txt");
  EXPECT_TRUE(info.succeeded());
  // Reported only once the background process had written, and nothing came after.
  EXPECT_EQ(read_text(m_dir / "out.txt"), "main\nlate\n");
}

TEST_P(JobGroupsTest, APipelineChildEndsTheJobWhenItEnds) {
  ExitInfo info = run("{ sleep 0.3; echo piped >> out.txt; } | cat & exit 0");
  EXPECT_TRUE(info.succeeded());
  EXPECT_EQ(read_text(m_dir / "out.txt"), "piped\n");
}

TEST_P(JobGroupsTest, WhatAFailedJobLeavesRunningIsStopped) {
  ExitInfo info = run("sleep 300 & echo $! > bg.pid; exit 3");
  EXPECT_EQ(info.exit_code, 3);
  // Reported once its group is gone: the background sleep was stopped, not even a zombie.
  auto pid = std::stoi(read_text(m_dir / "bg.pid"));
  EXPECT_EQ(kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST_P(JobGroupsTest, WaitAnyReportsTheJobOnlyAfterItsGroup) {
  SpawnRequest request;
  request.argv = {"bash", "-c", "(sleep 0.3; touch bg.done) & exit 0"};
  request.cwd = m_dir.string();
  ASSERT_TRUE(m_spawner->spawn(request).ok());
  std::vector<ExitInfo> done;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (done.empty() && std::chrono::steady_clock::now() < deadline)
    done = m_spawner->wait_any(deadline);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_TRUE(std::filesystem::exists(m_dir / "bg.done"));
}

INSTANTIATE_TEST_SUITE_P(BothSpawners, JobGroupsTest, ::testing::Values(true, false),
                         [](const auto& test) { return test.param ? "Launcher" : "Direct"; });

TEST(ProcessStartTicks, ReadsThisProcessAndNoneForAMissingOne) {
  auto mine = read_process_start_ticks(getpid());
  ASSERT_TRUE(mine.has_value());
  EXPECT_GT(*mine, 0u);
  EXPECT_EQ(read_process_start_ticks(getpid()), mine);  // stable
  EXPECT_FALSE(read_process_start_ticks(0x7ffffff0).has_value());
}

}  // namespace
}  // namespace flow::sys
