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

TEST_F(StateLogTest, TornLastLineIsCutBeforeAnythingIsAppended) {
  {
    auto log = open();
    ASSERT_TRUE(
        log->record_complete(std::vector<std::string>{"a"}, OutputRecord{"r", 1, 1, 1, 1, 1}).ok());
  }
  std::string whole = m_fs.contents(".flow/state.log");
  m_fs.create(".flow/state.log", whole + "C\tb\tr\t00000");  // flow killed mid-write
  {
    auto log = open();
    EXPECT_EQ(m_fs.contents(".flow/state.log"), whole);  // repaired at once
    ASSERT_TRUE(log->mark_incomplete(std::vector<std::string>{"x.txt"}).ok());
  }
  // The mark was not glued onto the torn line: it survives.
  EXPECT_TRUE(open()->is_incomplete("x.txt"));
  EXPECT_NE(open()->find("a"), nullptr);
}

TEST_F(StateLogTest, ATornHeaderIsRewritten) {
  m_fs.create(".flow/state.log", "# flow st");
  {
    auto log = open();
    ASSERT_TRUE(log->mark_incomplete(std::vector<std::string>{"x.txt"}).ok());
  }
  EXPECT_EQ(m_fs.contents(".flow/state.log"), "# flow state v1\nI\tx.txt\n");
}

TEST_F(StateLogTest, AfterAFailedWriteNothingMoreIsWritten) {
  auto log = open();
  ASSERT_TRUE(log->mark_incomplete(std::vector<std::string>{"a"}).ok());
  std::string before = m_fs.contents(".flow/state.log");
  m_fs.fail_appends_beyond(".flow/state.log", before.size() + 5);  // the disk fills up
  auto failed =
      log->record_complete(std::vector<std::string>{"a"}, OutputRecord{"r", 1, 1, 1, 1, 1});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message,
            "cannot write '.flow/state.log': No space left on device; flow writes nothing more "
            "into the journal and starts no more jobs in this run");
  ASSERT_NE(log->write_failure(), nullptr);
  EXPECT_EQ(m_fs.contents(".flow/state.log"), before);   // the short write was cut off again
  m_fs.fail_appends_beyond(".flow/state.log", 1 << 20);  // space again: still nothing written
  EXPECT_FALSE(log->mark_incomplete(std::vector<std::string>{"b"}).ok());
  EXPECT_FALSE(log->sync().ok());
  EXPECT_EQ(m_fs.contents(".flow/state.log"), before);
}

TEST_F(StateLogTest, LeftoverOfAKilledCompactionIsRemoved) {
  { auto log = open(); }
  m_fs.create(".flow/state.log.compacting", "# flow state v1\nC\thalf");
  auto log = open();
  EXPECT_FALSE(m_fs.exists(".flow/state.log.compacting"));
  EXPECT_TRUE(m_fs.exists(".flow/state.log"));
}

TEST_F(StateLogTest, ACompactionThatCannotBeWrittenLeavesTheJournalAsItWas) {
  std::vector<std::string> paths;
  for (int i = 0; i < 600; ++i)
    paths.push_back("out/" + std::to_string(i));
  {
    auto log = open();
    ASSERT_TRUE(log->mark_incomplete(paths).ok());
    ASSERT_TRUE(log->forget(paths).ok());
    ASSERT_TRUE(log->mark_incomplete(std::vector<std::string>{"kept"}).ok());
  }
  std::string before = m_fs.contents(".flow/state.log");
  m_fs.fail_appends_beyond(".flow/state.log.compacting", 10);
  auto log = open();
  EXPECT_TRUE(log->is_incomplete("kept"));
  EXPECT_EQ(m_fs.contents(".flow/state.log"), before);
  EXPECT_FALSE(m_fs.exists(".flow/state.log.compacting"));
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
