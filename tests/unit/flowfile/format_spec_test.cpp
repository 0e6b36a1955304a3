// Python's format-spec mini-language (spec §8): every expected value is what Python 3's
// format(value, spec) gives (computed with python3 when the test was written).

#include <gtest/gtest.h>

#include "flowfile/format_spec.h"

namespace flow::flowfile {
namespace {

struct Case {
  const char* value;
  bool quoted;
  const char* spec;
  const char* expected;
};

TEST(FormatSpecTest, FormatsAsPythonDoes) {
  const Case cases[] = {
      {"5", false, "03d", "005"},
      {"5", false, ">5", "    5"},
      {"5", false, "<5", "5    "},
      {"5", false, "^5", "  5  "},
      {"-5", false, "05d", "-0005"},
      {"42", false, "+d", "+42"},
      {"42", false, " d", " 42"},
      {"1234567", false, ",", "1,234,567"},
      {"1234567", false, "_d", "1_234_567"},
      {"255", false, "x", "ff"},
      {"255", false, "#x", "0xff"},
      {"255", false, "#X", "0XFF"},
      {"8", false, "o", "10"},
      {"8", false, "#o", "0o10"},
      {"5", false, "b", "101"},
      {"5", false, "#010b", "0b00000101"},
      {"65535", false, "_x", "ffff"},
      {"65", false, "c", "A"},
      {"3", false, ".2f", "3.00"},
      {"2.5", false, "", "2.5"},
      {"2.0", false, "", "2.0"},
      {"1e+16", false, "", "1e+16"},
      {"1e-05", false, "", "1e-05"},
      {"0.0001", false, "", "0.0001"},
      {"123456.0", false, "", "123456.0"},
      {"3.14159", false, ".2f", "3.14"},
      {"1234.5", false, ",.2f", "1,234.50"},
      {"0.25", false, ".1%", "25.0%"},
      {"12345.678", false, "e", "1.234568e+04"},
      {"12345.678", false, ".3E", "1.235E+04"},
      {"1.234e-05", false, "g", "1.234e-05"},
      {"1234567.0", false, "g", "1.23457e+06"},
      {"2.5", false, "08.3f", "0002.500"},
      {"-2.5", false, "=+9.2f", "-    2.50"},
      {"2.5", false, "*^9", "***2.5***"},
      {"7", false, "x<4", "7xxx"},
      {"7", false, "<04", "7000"},
      {"1.5", false, "g", "1.5"},
      {"100", false, ".1e", "1.0e+02"},
      {"7", false, "", "7"},
      {"ab", true, "05", "ab000"},
      {"ab", true, ">4", "  ab"},
      {"ab", true, "*^6", "**ab**"},
      {"abcdef", true, ".3", "abc"},
      {"ab", true, "s", "ab"},
      {"ab", true, "", "ab"},
      {"007", true, ">5", "  007"},
      {"é", true, "*^3", "*é*"},
  };
  for (const auto& c : cases) {
    std::string problem;
    auto text = format_with_spec(FormatValue{c.value, c.quoted}, c.spec, problem);
    ASSERT_TRUE(text.has_value()) << c.value << " with '" << c.spec << "': " << problem;
    EXPECT_EQ(*text, c.expected) << c.value << " with '" << c.spec << "'";
  }
}

TEST(FormatSpecTest, ReadsUnquotedNumbersByTheirText) {
  std::string problem;
  // An unquoted "007" is the integer 7 to a format spec, as YAML reads it.
  EXPECT_EQ(format_with_spec(FormatValue{"007", false}, "d", problem), "7");
  EXPECT_EQ(format_with_spec(FormatValue{"1e3", false}, ".1f", problem), "1000.0");
  EXPECT_EQ(format_with_spec(FormatValue{"-0.5", false}, "+.1f", problem), "-0.5");
}

std::string problem_of(const char* value, bool quoted, const char* spec) {
  std::string problem;
  auto text = format_with_spec(FormatValue{value, quoted}, spec, problem);
  EXPECT_FALSE(text.has_value()) << value << " with '" << spec << "' gave " << text.value_or("");
  return problem;
}

TEST(FormatSpecTest, SaysWhyASpecDoesNotApply) {
  EXPECT_EQ(problem_of("abc", false, "03d"), "type 'd' needs a number, and 'abc' is a string");
  EXPECT_EQ(problem_of("5", true, "03d"),
            "type 'd' needs a number, and '5' is a string (quoted in YAML)");
  EXPECT_EQ(problem_of("2.5", false, "d"), "type 'd' needs an integer, and 2.5 is not one");
  EXPECT_EQ(problem_of("5", false, "s"), "type 's' needs a string, and 5 is a number");
  EXPECT_EQ(problem_of("5", false, ".2d"),
            "a precision is not allowed for an integer (write '.2f' to format it as a float)");
  EXPECT_EQ(problem_of("255", false, ",x"), "',' grouping is not allowed with type 'x' (use '_')");
  EXPECT_EQ(problem_of("ab", false, "+"),
            "'ab' is a string, and a sign, '#', ',', '_' or '=' alignment applies only to numbers");
  EXPECT_EQ(problem_of("5", false, "03q"),
            "'03q' is not a format spec: Python's is "
            "[[fill]align][sign][#][0][width][,|_][.precision][type]");
  EXPECT_EQ(problem_of("5", false, "5."), "'.' needs a precision after it (such as '.2f')");
  EXPECT_EQ(problem_of("-1", false, "c"), "type 'c' needs a character code from 0 to 1114111");
}

}  // namespace
}  // namespace flow::flowfile
