#include "flow/base/language_quoting.h"

#include <gtest/gtest.h>

namespace flow {
namespace {

TEST(LanguageQuotingTest, JsonEscapesQuotesBackslashesAndControlsKeepsUtf8) {
  EXPECT_EQ(json_quote("plain"), "\"plain\"");
  EXPECT_EQ(json_quote("a \"q\"\\b"), "\"a \\\"q\\\"\\\\b\"");
  EXPECT_EQ(json_quote("line\nnext\ttab"), "\"line\\nnext\\u0009tab\"");
  EXPECT_EQ(json_quote("é and spaces"), "\"é and spaces\"");
}

TEST(LanguageQuotingTest, RWritesNonAsciiAsUnicodeEscapes) {
  EXPECT_EQ(r_quote("in 1.txt"), "\"in 1.txt\"");
  EXPECT_EQ(r_quote("a \"q\"\nb"), "\"a \\\"q\\\"\\nb\"");
  EXPECT_EQ(r_quote("é"), "\"\\U{e9}\"");
  EXPECT_EQ(r_quote("😀"), "\"\\U{1f600}\"");
  EXPECT_EQ(r_quote(std::string("\xff", 1)), "\"\\xff\"");  // not UTF-8: the byte
  EXPECT_EQ(r_quote("back\\slash"), "\"back\\\\slash\"");
}

TEST(LanguageQuotingTest, BashAlwaysSingleQuotes) {
  EXPECT_EQ(bash_single_quote("a"), "'a'");
  EXPECT_EQ(bash_single_quote(""), "''");
  EXPECT_EQ(bash_single_quote("it's $x\n"), "'it'\\''s $x\n'");
}

}  // namespace
}  // namespace flow
