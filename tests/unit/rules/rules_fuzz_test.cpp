// Every error a mutated workflow file gives, from loading through building its rules, carries
// a file position (issue 9, faults 2): byte flips and insertions, deleted and repeated lines,
// cuts at line ends, CRLF line ends. Deterministic: std::mt19937's sequence is fixed by the
// standard, so a failure names a round that fails again. bench/fuzz_workflows.sh is the
// long run with the real binary.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "flow/base/strings.h"
#include "support/workflow_text.h"
#include "unit/flowfile/rich_workflow.h"

namespace flow::rules {
namespace {

const char* const k_extra =
    "config: {n: 1}\nrules:\n  other: {output: o.txt, shell: 'touch {output}'}\n";

void collect_unlocated(const Error& error, std::vector<std::string>& found) {
  if (error.kind == ErrorKind::flowfile && !(error.location && error.location->known())) {
    found.push_back(error.message);
  }
  for (const auto& more : error.more)
    collect_unlocated(more, found);
}

class RulesFuzzTest : public ::testing::Test {
 protected:
  void SetUp() override { m_files.create("extra.yaml", k_extra); }

  // `text` gives rules, or errors that all point into a file.
  void expect_located(const std::string& text, const std::string& what) {
    SourceTexts texts;
    auto rules = test::try_rules(text, &texts, &m_files);
    if (rules) return;
    std::vector<std::string> unlocated;
    collect_unlocated(rules.error(), unlocated);
    EXPECT_TRUE(unlocated.empty()) << what << ": no position for '" << unlocated.front() << "'\n"
                                   << format_error(rules.error(), &texts) << "\nfor:\n"
                                   << text;
    ++m_refused;
  }

  test::FakeFilesystem m_files;
  int m_refused = 0;
};

std::vector<std::string> lines_of(const std::string& text) {
  return split(text, '\n');
}

std::string joined(const std::vector<std::string>& lines, const std::string& end = "\n") {
  std::string text;
  for (const auto& line : lines)
    text += line + end;
  return text;
}

TEST_F(RulesFuzzTest, ByteEditsGivePositions) {
  const std::string valid = flowfile::test::k_rich_workflow;
  const std::string bytes = std::string("-[]{},:#'\"|>&*!?%@`~ \n\t\r0a.\\<") + '\0' + "\xff\xc3";
  std::mt19937 random(9);
  for (int round = 0; round < 400; ++round) {
    std::string text = valid;
    int edits = 1 + static_cast<int>(random() % 3);
    for (int edit = 0; edit < edits; ++edit) {
      std::size_t position = random() % text.size();
      char byte = bytes[random() % bytes.size()];
      if (random() % 2 == 0) {
        text[position] = byte;
      } else {
        text.insert(position, 1, byte);
      }
    }
    expect_located(text, "byte edit round " + std::to_string(round));
  }
  EXPECT_GT(m_refused, 100);  // the mutations do break the file
}

TEST_F(RulesFuzzTest, DeletedRepeatedAndCutLinesGivePositions) {
  const auto lines = lines_of(flowfile::test::k_rich_workflow);
  std::mt19937 random(14);
  for (int round = 0; round < 300; ++round) {
    auto edited = lines;
    int edits = 1 + static_cast<int>(random() % 3);
    for (int edit = 0; edit < edits && !edited.empty(); ++edit) {
      std::size_t at = random() % edited.size();
      if (random() % 2 == 0) {
        edited.erase(edited.begin() + static_cast<std::ptrdiff_t>(at));
      } else {
        edited.insert(edited.begin() + static_cast<std::ptrdiff_t>(at), edited[at]);
      }
    }
    expect_located(joined(edited), "line edit round " + std::to_string(round));
  }
  for (std::size_t count = 0; count <= lines.size(); ++count) {
    std::vector<std::string> head(lines.begin(),
                                  lines.begin() + static_cast<std::ptrdiff_t>(count));
    expect_located(joined(head), "first " + std::to_string(count) + " lines");
    expect_located(joined(head, "\r\n"), "first " + std::to_string(count) + " lines, CRLF");
  }
}

TEST_F(RulesFuzzTest, FilesWithoutRulesGivePositions) {
  for (const char* text : {"", "\n", "# nothing\n", "rules:\n", "rules: {}\n", "config: {a: 1}\n",
                           "include: [extra.yaml]\nrules:\n  other: {}\n"}) {
    expect_located(text, "no rules");
  }
}

}  // namespace
}  // namespace flow::rules
