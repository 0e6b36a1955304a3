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
    // As the workflow runs it: the byte order mark kept, as the seed's tagging.py counts it.
    ASSERT_EQ(message_of(test::run_step("paragraphs", {alice_path()}, {m_dir / "p.txt"},
                                        {{"bom", "keep"}})),
              "<ok>");
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

// The rows of an entity table as Python's csv module reads them (tab-separated; a field in
// double quotes may hold tabs, line ends and doubled quotes).
std::vector<std::vector<std::string>> read_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    std::string& field = rows.back().back();
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == '\t') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      field += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

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

// Each row's text is what its offsets select in its paragraph, paragraphs counted from 0 and
// the byte order mark counted as the first character of paragraph 0, as in the seed.
TEST_F(NerAliceTest, OffsetsSelectTheEntityText) {
  run_ner("50");
  std::string paragraphs_text = read_file(m_dir / "p.txt");
  std::vector<std::string_view> paragraphs = ner::split_paragraph_file(paragraphs_text);
  ASSERT_TRUE(paragraphs[0].starts_with("\xEF\xBB\xBFThe Project Gutenberg EBook"));
  std::vector<std::vector<std::string>> rows = read_rows(read_file(m_dir / "e50.tsv"));
  ASSERT_GT(rows.size(), 1000u);
  std::map<std::string, int> counts;
  for (const std::vector<std::string>& fields : rows) {
    std::string row = fields[0] + " " + (fields.size() > 1 ? fields[1] : "");
    ASSERT_EQ(fields.size(), 5u) << row;
    std::size_t number = static_cast<std::size_t>(*parse_int(fields[0]));
    ASSERT_LT(number, paragraphs.size()) << row;
    std::string_view paragraph = paragraphs[number];
    std::size_t start = static_cast<std::size_t>(*parse_int(fields[3]));
    std::size_t end = static_cast<std::size_t>(*parse_int(fields[4]));
    std::size_t pos = 0, cp = 0, begin_byte = 0;
    while (cp < end && pos < paragraph.size()) {
      if (cp == start) begin_byte = pos;
      text::next_code_point(paragraph, pos);
      ++cp;
    }
    ASSERT_EQ(cp, end) << row;
    EXPECT_EQ(paragraph.substr(begin_byte, pos - begin_byte), fields[1]) << row;
    ++counts[fields[1] + "/" + fields[2]];
  }
  EXPECT_EQ(rows[0], (std::vector<std::string>{"0", "Project Gutenberg", "ORG", "5", "22"}));
  // A few facts about the book any reader can check.
  EXPECT_GT(counts["Alice/PERSON"], 350);
  EXPECT_GT(counts["the Mock Turtle/ORG"], 40);
  EXPECT_EQ(counts["June 25, 2008/DATE"], 1);
  EXPECT_GT(counts["Dinah/PERSON"], 10);
  EXPECT_EQ(counts["Queen/PERSON"], 0);  // a bare title
}

}  // namespace
}  // namespace flow::builtins::ner
