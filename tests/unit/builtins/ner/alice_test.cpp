// The `ner` step on the real book (Project Gutenberg #11), when a copy is at hand: the path in
// FLOW_ALICE_TEXT, else the shared data directory of the development machine. Without it
// these tests are skipped. Nothing here times anything.

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "../builtin_test_util.h"
#include "builtins/ner/batch.h"
#include "builtins/text/utf8.h"
#include "flow/base/strings.h"

namespace flow::builtins::ner {
namespace {

using test::invocation;
using test::lines_of;
using test::message_of;
using test::read_file;
using test::TempDir;

std::string alice_path() {
  const char* path = std::getenv("FLOW_ALICE_TEXT");
  return path ? path : "/work/shared/data/books/alice-in-wonderland.txt";
}

class NerAliceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::file_exists(alice_path())) {
      GTEST_SKIP() << "no copy of Alice's Adventures in Wonderland at " << alice_path()
                   << " (set FLOW_ALICE_TEXT to its path to run these tests)";
    }
    ASSERT_EQ(message_of(test::run_step("paragraphs", {alice_path()}, {m_dir / "p.txt"})), "<ok>");
  }

  // Runs ner with `batch_size`; returns the log.
  std::string run_ner(const std::string& batch_size) {
    auto call = invocation("ner", {m_dir / "p.txt"}, {m_dir / ("e" + batch_size + ".tsv")},
                           {{"batch_size", batch_size}});
    call.logs = {m_dir / ("ner" + batch_size + ".log")};
    EXPECT_EQ(message_of(run_builtin(call)), "<ok>");
    return read_file(m_dir / ("ner" + batch_size + ".log"));
  }

  TempDir m_dir;
};

bool has_line(const std::string& text, const std::string& line) {
  std::vector<std::string> lines = lines_of(text);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST_F(NerAliceTest, TagsEveryParagraphInTheExpectedBatches) {
  std::string log50 = run_ner("50");
  EXPECT_TRUE(has_line(log50, "paragraphs\t881"));
  EXPECT_TRUE(has_line(log50, "batches\t18"));
  std::string log300 = run_ner("300");
  EXPECT_TRUE(has_line(log300, "batches\t3"));
  // The batch size changes the timing, never the entities.
  EXPECT_EQ(read_file(m_dir / "e50.tsv"), read_file(m_dir / "e300.tsv"));
}

// Each row's text is what its offsets select in its paragraph (line ends shown as spaces).
TEST_F(NerAliceTest, OffsetsSelectTheEntityText) {
  run_ner("50");
  std::string paragraphs_text = read_file(m_dir / "p.txt");
  std::vector<std::string_view> paragraphs = ner::split_paragraph_file(paragraphs_text);
  std::vector<std::string> rows = lines_of(read_file(m_dir / "e50.tsv"));
  ASSERT_GT(rows.size(), 1000u);
  std::map<std::string, int> counts;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::vector<std::string> fields = split(rows[r], '\t');
    ASSERT_EQ(fields.size(), 5u) << rows[r];
    std::size_t number = static_cast<std::size_t>(*parse_int(fields[0]));
    ASSERT_TRUE(number >= 1 && number <= paragraphs.size()) << rows[r];
    std::string_view paragraph = paragraphs[number - 1];
    std::size_t start = static_cast<std::size_t>(*parse_int(fields[3]));
    std::size_t end = static_cast<std::size_t>(*parse_int(fields[4]));
    std::size_t pos = 0, cp = 0, begin_byte = 0;
    while (cp < end && pos < paragraph.size()) {
      if (cp == start) begin_byte = pos;
      text::next_code_point(paragraph, pos);
      ++cp;
    }
    ASSERT_EQ(cp, end) << rows[r];
    std::string selected(paragraph.substr(begin_byte, pos - begin_byte));
    std::replace(selected.begin(), selected.end(), '\n', ' ');
    EXPECT_EQ(selected, fields[1]) << rows[r];
    ++counts[fields[1] + "/" + fields[2]];
  }
  // A few facts about the book any reader can check.
  EXPECT_GT(counts["Alice/PERSON"], 350);
  EXPECT_GT(counts["the Mock Turtle/ORG"], 40);
  EXPECT_EQ(counts["June 25, 2008/DATE"], 1);
  EXPECT_GT(counts["Dinah/PERSON"], 10);
  EXPECT_EQ(counts["Queen/PERSON"], 0);  // a bare title
}

}  // namespace
}  // namespace flow::builtins::ner
