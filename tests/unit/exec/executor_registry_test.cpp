#include "flow/exec/executor_registry.h"

#include <gtest/gtest.h>

#include "support/fake_clock.h"
#include "support/fake_filesystem.h"
#include "support/fake_spawner.h"

namespace flow::exec {
namespace {

TEST(ExecutorRegistryTest, ListsEveryKindInOrderWithItsName) {
  auto entries = executor_entries();
  ASSERT_EQ(entries.size(), static_cast<std::size_t>(ExecutorKind::count));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(entries[i].kind), i);
  }
  EXPECT_EQ(executor_names_text(), "local, pbs, slurm or sge");
}

TEST(ExecutorRegistryTest, FindsExecutorsByNameAndKnowsWhichAreRemote) {
  ASSERT_NE(find_executor("local"), nullptr);
  EXPECT_FALSE(find_executor("local")->is_remote);
  ASSERT_NE(find_executor("pbs"), nullptr);
  EXPECT_TRUE(find_executor("pbs")->is_remote);
  EXPECT_EQ(find_executor("slurm")->kind, ExecutorKind::slurm);
  EXPECT_EQ(find_executor("Slurm"), nullptr);
  EXPECT_EQ(find_executor("sge")->kind, ExecutorKind::sge);
  EXPECT_TRUE(find_executor("sge")->is_remote);
  EXPECT_EQ(find_executor("sge2"), nullptr);
  EXPECT_EQ(executor_entry(ExecutorKind::pbs).name, "pbs");
}

TEST(ExecutorRegistryTest, MakesEachExecutor) {
  test::FakeSpawner spawner;
  test::FakeFilesystem fs;
  test::FakeClock clock;
  for (const auto& entry : executor_entries()) {
    ExecutorContext context{ClusterOptions{}, spawner, fs, clock};
    auto executor = entry.make(context);
    ASSERT_TRUE(executor) << entry.name << ": " << executor.error().message;
    EXPECT_EQ((*executor)->in_flight(), 0u);
  }
}

TEST(ExecutorRegistryTest, ClusterEntriesRejectInvalidOptions) {
  test::FakeSpawner spawner;
  test::FakeFilesystem fs;
  test::FakeClock clock;
  ClusterOptions options;
  options.jobs = 0;
  ExecutorContext context{options, spawner, fs, clock};
  auto executor = find_executor("slurm")->make(context);
  ASSERT_FALSE(executor);
  EXPECT_EQ(executor.error().message, "--jobs must be at least 1 for a cluster executor");
}

}  // namespace
}  // namespace flow::exec
