#include "flow/base/strings.h"

#include <gtest/gtest.h>

#include "flow/base/builtin_protocol.h"
#include "flow/base/source_texts.h"
#include "flow/base/time.h"

namespace flow {
namespace {

TEST(StringsTest, ShellQuoteOnlyWhenNeeded) {
  EXPECT_EQ(shell_quote("books/84.txt"), "books/84.txt");
  EXPECT_EQ(shell_quote("my file.txt"), "'my file.txt'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("$HOME"), "'$HOME'");
}

TEST(StringsTest, ClosestMatchFindsPlausibleTypos) {
  std::vector<std::string> keys = {"input", "output", "params", "threads"};
  EXPECT_EQ(closest_match("inptu", keys), "input");
  EXPECT_EQ(closest_match("thread", keys), "threads");
  EXPECT_EQ(closest_match("completely", keys), std::nullopt);
}

TEST(StringsTest, EscapedFieldsRoundTrip) {
  std::string weird = "a\tb\nc\\d\re";
  EXPECT_EQ(escape_field(weird).find_first_of("\t\n\r"), std::string::npos);
  EXPECT_EQ(unescape_field(escape_field(weird)), weird);
}

TEST(StringsTest, ParseIntRejectsJunk) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("-3"), -3);
  EXPECT_EQ(parse_int("4x"), std::nullopt);
  EXPECT_EQ(parse_int(""), std::nullopt);
  EXPECT_EQ(parse_int("99999999999999999999"), std::nullopt);
}

TEST(StringsTest, DurationsReadNaturally) {
  EXPECT_EQ(format_duration(3.4), "3.40s");
  EXPECT_EQ(format_duration(72), "1m12s");
  EXPECT_EQ(format_duration(7380), "2h03m");
  EXPECT_EQ(format_hms(3725), "1:02:05");
}

TEST(SourceTextsTest, FormatsErrorWithLineAndCaret) {
  SourceTexts texts;
  texts.add("flow.yaml", "rules:\n  stem:\n    shell: flow-stem {inputs} > {output}\n");
  Error error = make_error(ErrorKind::flowfile, "rule 'stem': unknown placeholder '{inputs}'",
                           SourceLocation{"flow.yaml", 3, 12});
  error.anchor = "{inputs}";
  error.notes.push_back("did you mean '{input}'?");
  EXPECT_EQ(format_error(error, &texts),
            "flow: error: flow.yaml:3:22: rule 'stem': unknown placeholder '{inputs}'\n"
            "        shell: flow-stem {inputs} > {output}\n"
            "                         ^\n"
            "  did you mean '{input}'?\n");
}

TEST(BuiltinProtocolTest, InvocationRoundTripsThroughArgv) {
  BuiltinInvocation invocation;
  invocation.name = "stem";
  invocation.inputs = {{"", "words/84.txt"}, {"extra", "a=b.txt"}};
  invocation.outputs = {{"", "stems/84 x.txt"}};
  invocation.logs = {"logs/84.log"};
  invocation.args = {{"algorithm", "porter"}, {"expr", "a=b"}};
  invocation.threads = 3;
  auto words = encode_builtin_args(invocation);
  ASSERT_EQ(words[0], "builtin");
  auto decoded = decode_builtin_args(std::vector<std::string>(words.begin() + 1, words.end()));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, invocation);
}

TEST(BuiltinProtocolTest, ArgumentsAreTypeChecked) {
  BuiltinArg seed{"seed", ArgType::integer, false, "1", {}, ""};
  EXPECT_TRUE(check_builtin_arg(seed, "42").ok());
  auto bad = check_builtin_arg(seed, "x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "argument 'seed' must be an integer, not 'x'");
  BuiltinArg algorithm{"algorithm", ArgType::string, false, "porter", {"porter", "english"}, ""};
  auto wrong = check_builtin_arg(algorithm, "portr");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().notes, std::vector<std::string>{"did you mean 'porter'?"});
}

}  // namespace
}  // namespace flow
