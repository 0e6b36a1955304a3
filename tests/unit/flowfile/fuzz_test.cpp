// Robustness: any text gives a Flowfile or an error, never a crash or an exception. The
// mutations are deterministic (std::mt19937's sequence is fixed by the standard).

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "flowfile_fixture.h"
#include "rich_workflow.h"

namespace flow::flowfile {
namespace {

const char* const k_valid = test::k_rich_workflow;

const char* const k_extra =
    "config: {n: 1}\nrules:\n  other: {output: o.txt, shell: 'touch {output}'}\n";

class FuzzTest : public FlowfileTest {
 protected:
  void SetUp() override { m_fs.create("extra.yaml", k_extra); }

  // Loads `text`; it must give a result or a located flowfile error that formats.
  void expect_graceful(const std::string& text) {
    auto result = load(text);
    if (result.ok()) return;
    const Error& error = result.error();
    EXPECT_EQ(error.kind, ErrorKind::flowfile) << error.message << "\nfor:\n" << text;
    EXPECT_FALSE(format_error(error, &m_texts).empty());
  }
};

TEST_F(FuzzTest, TheValidTextLoads) {
  Flowfile flowfile = load_ok(k_valid);
  ASSERT_EQ(flowfile.rules.size(), 4u);
  EXPECT_EQ(patterns(rule(flowfile, "all").input),
            (std::vector<std::string>{"counts/11.tsv", "counts/84.tsv", "counts/1342.tsv",
                                      "s/{w}/50.txt", "s/{w}/300.txt"}));
  EXPECT_EQ(rule(flowfile, "count").shell->value,
            "sort -u {input.text} | wc -l > {output} 2> {log}\n");
  EXPECT_EQ(rule(flowfile, "count").params[0].second.value, "50 300");
}

TEST_F(FuzzTest, EveryTruncationLoadsOrFails) {
  const std::string valid = k_valid;
  for (std::size_t length = 0; length < valid.size(); ++length) {
    expect_graceful(valid.substr(0, length));
  }
}

TEST_F(FuzzTest, ByteFlipsAndInsertionsLoadOrFail) {
  const std::string valid = k_valid;
  const std::string bytes = std::string("-[]{},:#'\"|>&*!?%@`~ \n\t\r0a.\\<") + '\0' + "\xff\xc3";
  std::mt19937 random(1342);
  for (int round = 0; round < 1000; ++round) {
    std::string text = valid;
    int edits = 1 + static_cast<int>(random() % 3);
    for (int edit = 0; edit < edits && !text.empty(); ++edit) {
      std::size_t position = random() % text.size();
      char byte = bytes[random() % bytes.size()];
      if (random() % 2 == 0) {
        text[position] = byte;
      } else {
        text.insert(position, 1, byte);
      }
    }
    expect_graceful(text);
  }
}

TEST_F(FuzzTest, RandomBytesLoadOrFail) {
  std::mt19937 random(84);
  for (int round = 0; round < 300; ++round) {
    std::string text(random() % 200, ' ');
    for (char& c : text)
      c = static_cast<char>(random() % 256);
    expect_graceful(text);
  }
}

TEST_F(FuzzTest, DeeplyNestedTextFails) {
  expect_graceful(std::string(100000, '['));
  expect_graceful("rules:\n  a:\n    input: " + std::string(5000, '[') + std::string(5000, ']'));
}

}  // namespace
}  // namespace flow::flowfile
