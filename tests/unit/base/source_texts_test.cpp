#include "flow/base/source_texts.h"

#include <gtest/gtest.h>

#include <string>

namespace flow {
namespace {

std::string formatted(const std::string& text, int line, int column) {
  SourceTexts texts;
  texts.add("f.yaml", text);
  return format_error(make_error(ErrorKind::flowfile, "bad", {"f.yaml", line, column}), &texts);
}

TEST(SourceTextsTest, CutsALongLineToThePartAroundTheCaret) {
  std::string line = std::string(300, 'a') + "X" + std::string(300, 'b');
  std::string shown = "..." + std::string(60, 'a') + "X" + std::string(79, 'b') + "...";
  EXPECT_EQ(formatted(line + "\n", 1, 301), "flow: error: f.yaml:1:301: bad\n    " + shown +
                                                "\n    " + std::string(63, ' ') + "^\n");
}

TEST(SourceTextsTest, ShowsControlBytesAsQuestionMarks) {
  EXPECT_EQ(formatted(std::string("x: \"a\0b\"\n", 9), 1, 6),
            "flow: error: f.yaml:1:6: bad\n"
            "    x: \"a?b\"\n"
            "         ^\n");
}

}  // namespace
}  // namespace flow
