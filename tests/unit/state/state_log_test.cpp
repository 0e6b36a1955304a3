#include "flow/state/state_log.h"

#include <gtest/gtest.h>

#include "support/fake_filesystem.h"

namespace flow::state {
namespace {

class StateLogTest : public ::testing::Test {
 protected:
  std::unique_ptr<StateLog> open() {
    auto log = StateLog::open(m_fs, ".flow");
    EXPECT_TRUE(log.ok());
    return std::move(*log);
  }
  test::FakeFilesystem m_fs;
};

TEST_F(StateLogTest, RecordsSurviveReopening) {
  std::vector<std::string> paths = {"out/a.txt", "out/b\tweird.txt"};
  {
    auto log = open();
    ASSERT_TRUE(log->mark_incomplete(paths).ok());
    EXPECT_TRUE(log->is_incomplete("out/a.txt"));
    ASSERT_TRUE(log->record_complete(paths, OutputRecord{"copy", 1, 2, 3, 10, 20}).ok());
  }
  auto log = open();
  EXPECT_FALSE(log->is_incomplete("out/a.txt"));
  const OutputRecord* record = log->find("out/b\tweird.txt");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->rule, "copy");
  EXPECT_EQ(record->code_hash, 1u);
  EXPECT_EQ(record->params_hash, 2u);
  EXPECT_EQ(record->input_hash, 3u);
  EXPECT_EQ(record->end, 20);
}

TEST_F(StateLogTest, IncompleteMarkSurvivesACrash) {
  {
    auto log = open();
    ASSERT_TRUE(log->mark_incomplete(std::vector<std::string>{"x.txt"}).ok());
  }  // flow dies here without recording completion
  EXPECT_TRUE(open()->is_incomplete("x.txt"));
}

TEST_F(StateLogTest, TornLastLineIsIgnored) {
  {
    auto log = open();
    ASSERT_TRUE(
        log->record_complete(std::vector<std::string>{"a"}, OutputRecord{"r", 1, 1, 1, 1, 1}).ok());
  }
  m_fs.create(".flow/state.log", m_fs.contents(".flow/state.log") + "C\tb\tr\t00000");
  auto log = open();
  EXPECT_NE(log->find("a"), nullptr);
  EXPECT_EQ(log->find("b"), nullptr);
}

TEST_F(StateLogTest, ForgetRemovesRecordAndMark) {
  auto log = open();
  std::vector<std::string> paths = {"a"};
  ASSERT_TRUE(log->record_complete(paths, OutputRecord{"r", 1, 1, 1, 1, 1}).ok());
  ASSERT_TRUE(log->mark_incomplete(paths).ok());
  ASSERT_TRUE(log->forget(paths).ok());
  EXPECT_FALSE(log->is_incomplete("a"));
  EXPECT_EQ(open()->find("a"), nullptr);
}

TEST_F(StateLogTest, CompactsWhenMostlySuperseded) {
  {
    auto log = open();
    std::vector<std::string> paths = {"a"};
    for (int i = 0; i < 2000; ++i)
      ASSERT_TRUE(log->record_complete(paths, OutputRecord{"r", 1, 1, 1, i, i}).ok());
  }
  std::size_t before = m_fs.contents(".flow/state.log").size();
  auto log = open();
  EXPECT_LT(m_fs.contents(".flow/state.log").size(), before / 100);
  ASSERT_NE(log->find("a"), nullptr);
  EXPECT_EQ(log->find("a")->end, 1999);
}

TEST_F(StateLogTest, SyncsAtMostOncePerIntervalAndOnlyAfterAWrite) {
  auto log = open();
  SteadyTime start{};
  auto second = std::chrono::seconds(1);
  auto ms = [](int n) { return std::chrono::milliseconds(n); };
  EXPECT_TRUE(log->sync_if_due(start, second).value());            // the header was written
  EXPECT_FALSE(log->sync_if_due(start + ms(10), second).value());  // nothing new
  ASSERT_TRUE(log->mark_incomplete(std::vector<std::string>{"a.txt"}).ok());
  EXPECT_FALSE(log->sync_if_due(start + ms(999), second).value());  // too soon
  EXPECT_TRUE(log->sync_if_due(start + ms(1000), second).value());
  EXPECT_FALSE(log->sync_if_due(start + ms(5000), second).value());  // synced, nothing new
  ASSERT_TRUE(log->mark_incomplete(std::vector<std::string>{"b.txt"}).ok());
  ASSERT_TRUE(log->sync().ok());  // the end of a run
  EXPECT_FALSE(log->sync_if_due(start + ms(9000), second).value());
}

TEST_F(StateLogTest, ReadOnlyOpenCreatesNothing) {
  auto log = StateLog::open_read_only(m_fs, ".flow");
  ASSERT_TRUE(log.ok());
  EXPECT_FALSE(m_fs.exists(".flow/state.log"));
}

}  // namespace
}  // namespace flow::state
