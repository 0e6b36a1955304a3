// The job launcher: its wire format, and a real launcher starting real processes (the same
// contract as the direct spawner: exit codes, captured output, cwd, env, missing commands).

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "flow/sys/launcher.h"
#include "sys/launcher_protocol.h"

namespace flow::sys {
namespace {

TEST(LauncherProtocol, SpawnRequestRoundTrips) {
  detail::SpawnMessage message{
      OutputMode::split, "/tmp/work dir", {"bash", "-c", "echo 'a b'", ""}, {"FLOW_X=1", "EMPTY="}};
  detail::SpawnMessage back;
  ASSERT_TRUE(detail::decode_spawn(detail::encode_spawn(message), back));
  EXPECT_EQ(back.output, OutputMode::split);
  EXPECT_EQ(back.cwd, message.cwd);
  EXPECT_EQ(back.argv, message.argv);
  EXPECT_EQ(back.env, message.env);
}

TEST(LauncherProtocol, TruncatedOrEmptyRequestsAreRejected) {
  detail::SpawnMessage message{OutputMode::capture, "", {"true"}, {}};
  std::string bytes = detail::encode_spawn(message);
  detail::SpawnMessage back;
  for (std::size_t cut = 0; cut < bytes.size(); ++cut)
    EXPECT_FALSE(detail::decode_spawn(bytes.substr(0, cut), back)) << "cut at " << cut;
  detail::SpawnMessage no_argv{OutputMode::capture, "", {}, {}};
  EXPECT_FALSE(detail::decode_spawn(detail::encode_spawn(no_argv), back));
}

class LauncherSpawnerTest : public ::testing::Test {
 protected:
  std::string warnings;
  std::unique_ptr<ProcessSpawner> spawner =
      make_launcher_spawner([this](const std::string& text) { warnings += text + "\n"; });

  ExitInfo run(SpawnRequest request) {
    auto handle = spawner->spawn(request);
    EXPECT_TRUE(handle) << (handle ? "" : handle.error().message);
    if (!handle) return {};
    return spawner->wait_for(*handle);
  }
};

TEST_F(LauncherSpawnerTest, RunsJobsWithOutputCwdAndEnvironment) {
  SpawnRequest request;
  request.argv = {"bash", "-c", "echo \"$PWD $FLOW_T\"; echo err >&2; exit 3"};
  request.cwd = "/tmp";
  request.env = {"FLOW_T=seen"};
  request.output = OutputMode::split;
  ExitInfo info = run(request);
  EXPECT_EQ(info.exit_code, 3);
  EXPECT_EQ(info.output, "/tmp seen\n");
  EXPECT_EQ(info.error_output, "err\n");
  EXPECT_GT(info.max_rss_kb, 0);
  EXPECT_EQ(warnings, "");
}

TEST_F(LauncherSpawnerTest, LargeRequestsCrossSeveralPackets) {
  // Four 50 KiB words (one word may not pass 128 KiB in exec): 200 KiB, seven packets.
  std::string word(50 * 1024, 'x');
  SpawnRequest request;
  request.argv = {"bash", "-c", "printf %s \"$@\" | wc -c", "bash", word, word, word, word};
  ExitInfo info = run(request);
  EXPECT_EQ(info.exit_code, 0);
  EXPECT_EQ(info.output, std::to_string(4 * word.size()) + "\n");
}

TEST_F(LauncherSpawnerTest, MissingCommandIsASpawnError) {
  SpawnRequest request;
  request.argv = {"flow-no-such-command-here"};
  auto handle = spawner->spawn(request);
  ASSERT_FALSE(handle);
  EXPECT_NE(handle.error().message.find("command not found"), std::string::npos);
}

TEST_F(LauncherSpawnerTest, WaitAnyReturnsEveryJobOnce) {
  SpawnRequest request;
  request.argv = {"true"};
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(spawner->spawn(request));
  std::size_t ended = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (ended < 20 && std::chrono::steady_clock::now() < deadline)
    ended += spawner->wait_any(std::chrono::steady_clock::now() + std::chrono::seconds(1)).size();
  EXPECT_EQ(ended, 20u);
  EXPECT_EQ(spawner->running(), 0u);
}

}  // namespace
}  // namespace flow::sys
