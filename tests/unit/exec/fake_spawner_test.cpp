// The scripted spawner the exec tests (and the runner's) stand on.

#include "support/fake_spawner.h"

#include <gtest/gtest.h>

#include <csignal>

namespace flow::test {
namespace {

using namespace std::chrono_literals;

TEST(FakeSpawnerTest, CommandsAnswerAtOnceWithTheirScript) {
  FakeSpawner spawner;
  spawner.on_command("qsub", FakeSpawner::Reply{0, "13\n", "note\n"});
  auto split = sys::run_command(
      spawner, sys::SpawnRequest{{"qsub", "job.sh"}, "/w", {}, sys::OutputMode::split});
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->output, "13\n");
  EXPECT_EQ(split->error_output, "note\n");
  auto merged = sys::run_command(spawner, sys::SpawnRequest{{"qsub"}, "", {}, {}});
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->output, "13\nnote\n");
  EXPECT_EQ(spawner.calls("qsub").size(), 2u);
  EXPECT_EQ(spawner.spawned()[0].cwd, "/w");
}

TEST(FakeSpawnerTest, AMissingProgramCannotStart) {
  FakeSpawner spawner;
  spawner.make_missing("qsub");
  auto started = spawner.spawn(sys::SpawnRequest{{"qsub"}, "", {}, {}});
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().message, "command not found: qsub");
}

TEST(FakeSpawnerTest, TimedProcessesEndOnTheFakeClock) {
  FakeClock clock;
  FakeSpawner spawner(&clock);
  spawner.run_for("sleep", 3s, 4);
  SteadyTime start = clock.steady_now();
  auto process = spawner.spawn(sys::SpawnRequest{{"sleep", "3"}, "", {}, {}});
  ASSERT_TRUE(process.ok());
  EXPECT_TRUE(spawner.wait_any(start + 1s).empty());
  EXPECT_EQ(clock.steady_now(), start + 1s);  // waited until the deadline
  auto ended = spawner.wait_any(start + 10s);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].process, *process);
  EXPECT_EQ(ended[0].exit_code, 4);
  EXPECT_EQ(clock.steady_now(), start + 3s);  // woke when it ended
  EXPECT_EQ(spawner.running(), 0u);
}

TEST(FakeSpawnerTest, SignalsEndProcessesUnlessTheyIgnoreSigterm) {
  FakeSpawner spawner;
  auto stubborn = spawner.spawn(sys::SpawnRequest{{"job"}, "", {}, {}});
  auto meek = spawner.spawn(sys::SpawnRequest{{"job"}, "", {}, {}});
  ASSERT_TRUE(stubborn.ok() && meek.ok());
  spawner.ignore_term(*stubborn);
  spawner.signal_group(*stubborn, SIGTERM);
  spawner.signal_group(*meek, SIGTERM);
  EXPECT_EQ(spawner.running_handles(), std::vector<sys::ProcessHandle>{*stubborn});
  spawner.signal_group(*stubborn, SIGKILL);
  auto ended = spawner.wait_any(SteadyTime{});
  ASSERT_EQ(ended.size(), 2u);
  EXPECT_EQ(ended[0].signal, SIGTERM);
  EXPECT_EQ(ended[1].signal, SIGKILL);
  EXPECT_EQ(spawner.signals().size(), 3u);
}

TEST(FakeSpawnerTest, FinishEndsAProcessWithItsOutput) {
  FakeSpawner spawner;
  auto process = spawner.spawn(sys::SpawnRequest{{"job"}, "", {}, {}});
  ASSERT_TRUE(process.ok());
  spawner.finish(*process, 2, "said\n");
  auto info = spawner.wait_for(*process);
  EXPECT_EQ(info.exit_code, 2);
  EXPECT_EQ(info.output, "said\n");
}

}  // namespace
}  // namespace flow::test
