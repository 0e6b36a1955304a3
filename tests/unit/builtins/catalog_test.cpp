#include "flow/builtins/catalog.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "builtin_test_util.h"

namespace flow::builtins {
namespace {

using test::message_of;
using test::run_step;
using test::TempDir;

const BuiltinSignature* find_signature(const std::string& name) {
  for (const auto& signature : signatures()) {
    if (signature.name == name) return &signature;
  }
  return nullptr;
}

TEST(CatalogTest, ListsEveryStepSortedByName) {
  std::vector<std::string> names;
  for (const auto& signature : signatures())
    names.push_back(signature.name);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end()) << "duplicate name";
  for (const char* name : {"bar_chart", "boil", "chop", "count_distinct", "fetch", "join_tsv",
                           "mix", "paragraphs", "stem", "words"}) {
    EXPECT_NE(find_signature(name), nullptr) << name;
  }
}

TEST(CatalogTest, EverySignatureIsComplete) {
  for (const auto& signature : signatures()) {
    EXPECT_FALSE(signature.summary.empty()) << signature.name;
    EXPECT_FALSE(signature.files_help.empty()) << signature.name;
    for (const auto& arg : signature.args) {
      EXPECT_FALSE(arg.help.empty()) << signature.name << "." << arg.name;
      // A default must itself be a valid value.
      if (!arg.default_value.empty()) {
        EXPECT_TRUE(check_builtin_arg(arg, arg.default_value).ok())
            << signature.name << "." << arg.name;
      }
    }
  }
}

TEST(CatalogTest, TheStemmerChoicesComeFromLibstemmer) {
  const BuiltinSignature* stem = find_signature("stem");
  ASSERT_NE(stem, nullptr);
  const auto& choices = stem->args.at(0).choices;
  EXPECT_NE(std::find(choices.begin(), choices.end(), "porter"), choices.end());
  EXPECT_NE(std::find(choices.begin(), choices.end(), "english"), choices.end());
  EXPECT_NE(std::find(choices.begin(), choices.end(), "russian"), choices.end());
}

TEST(CatalogTest, RejectsAnUnknownStepWithAHint) {
  EXPECT_EQ(message_of(run_step("stemm", {}, {})),
            "unknown built-in step 'stemm'\ndid you mean 'stem'?");
  EXPECT_EQ(run_step("stemm", {}, {}).error().kind, ErrorKind::usage);
}

TEST(CatalogTest, ChecksArgumentsAgainstTheSignature) {
  TempDir dir;
  std::string in = dir.write("in.txt", "word\n");
  std::string out = dir / "out.txt";
  EXPECT_EQ(message_of(run_step("stem", {in}, {out}, {{"algoritm", "porter"}})),
            "unknown argument 'algoritm'\ndid you mean 'algorithm'?");
  EXPECT_EQ(message_of(run_step("stem", {in}, {out}, {{"algorithm", "portr"}})).substr(0, 36),
            "argument 'algorithm' must be one of ");
  EXPECT_TRUE(message_of(run_step("stem", {in}, {out}, {{"algorithm", "portr"}}))
                  .ends_with("not 'portr'\ndid you mean 'porter'?"));
  EXPECT_EQ(message_of(run_step("fetch", {}, {out}, {})), "missing argument 'url'");
  EXPECT_EQ(message_of(run_step("fetch", {}, {out}, {{"url", "file:///x"}, {"retries", "many"}})),
            "argument 'retries' must be an integer, not 'many'");
  EXPECT_EQ(message_of(run_step("words", {in}, {out}, {{"strip_gutenberg", "yes"}})),
            "argument 'strip_gutenberg' must be true or false, not 'yes'");
  EXPECT_FALSE(test::file_exists(out));
}

TEST(CatalogTest, ChecksTheNumberOfFiles) {
  TempDir dir;
  std::string in = dir.write("in.txt", "word\n");
  EXPECT_EQ(message_of(run_step("stem", {in, in}, {dir / "out"})), "takes exactly 1 input, not 2");
  EXPECT_EQ(message_of(run_step("mix", {}, {dir / "out"})), "takes at least 1 inputs, not 0");
  EXPECT_EQ(message_of(run_step("mix", {in}, {})), "takes exactly 1 output, not 0");
  EXPECT_EQ(message_of(run_step("fetch", {in}, {dir / "out"}, {{"url", "file:///x"}})),
            "takes exactly 0 inputs, not 1");
}

TEST(CatalogTest, FillsInDefaults) {
  // `seed` defaults to 42: the same soup with and without saying so.
  TempDir dir;
  std::string in = dir.write("in.txt", "one two three four five six seven eight nine ten\n");
  ASSERT_TRUE(run_step("mix", {in}, {dir / "a.txt"}).ok());
  ASSERT_TRUE(run_step("mix", {in}, {dir / "b.txt"}, {{"seed", "42"}}).ok());
  ASSERT_TRUE(run_step("mix", {in}, {dir / "c.txt"}, {{"seed", "43"}}).ok());
  EXPECT_EQ(test::read_file(dir / "a.txt"), test::read_file(dir / "b.txt"));
  EXPECT_NE(test::read_file(dir / "a.txt"), test::read_file(dir / "c.txt"));
}

TEST(CatalogTest, WritesStatisticsAndErrorsToTheLog) {
  TempDir dir;
  std::string in = dir.write("in.txt", "peas and water\n");
  BuiltinInvocation ok = test::invocation("mix", {in}, {dir / "out.txt"});
  ok.logs = {dir / "logs/mix.log"};
  ASSERT_TRUE(run_builtin(ok).ok());
  EXPECT_EQ(test::read_file(dir / "logs/mix.log"), "mix: 3 words from 1 inputs, seed 42\n");

  BuiltinInvocation failing = test::invocation("mix", {dir / "missing.txt"}, {dir / "out2.txt"});
  failing.logs = {dir / "logs/fail.log"};
  ASSERT_FALSE(run_builtin(failing).ok());
  EXPECT_EQ(test::read_file(dir / "logs/fail.log"),
            "error: input '" + dir / "missing.txt" + "': no such file\n");
}

TEST(CatalogTest, BuiltinMainReturnsTheExitStatus) {
  TempDir dir;
  std::string in = dir.write("in.txt", "word\n");
  std::string out = dir / "out.txt";
  testing::internal::CaptureStderr();
  EXPECT_EQ(builtin_main({"stem", "--in", "=" + in, "--out", "=" + out}), 0);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(test::read_file(out), "word\n");

  testing::internal::CaptureStderr();
  // fmt::format, not "=" + dir / ...: GCC 12's -Wrestrict false positive at -O3.
  std::string none = dir / "none.txt";
  EXPECT_EQ(builtin_main({"stem", "--in", fmt::format("={}", none), "--out", "=" + out}), 1);
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            fmt::format("flow builtin stem: error: input '{}': no such file\n", none));

  testing::internal::CaptureStderr();
  EXPECT_EQ(builtin_main({"stem", "--bogus", "x"}), 2);
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "flow builtin stem: error: builtin: unknown option '--bogus'\n");

  testing::internal::CaptureStderr();
  EXPECT_EQ(builtin_main({"mixx"}), 2);
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "flow builtin mixx: error: unknown built-in step 'mixx'\n  did you mean 'mix'?\n");
}

TEST(CatalogTest, DescribesEveryStepWithItsArguments) {
  std::string text = describe_builtins();
  for (const auto& signature : signatures()) {
    // fmt::format, not "\n" + name: GCC 12's -Wrestrict false positive at -O3.
    EXPECT_NE(text.find(fmt::format("\n{}: {}\n", signature.name, signature.summary)),
              std::string::npos)
        << signature.name;
  }
  EXPECT_NE(text.find("  seed (string, default 42)\n"), std::string::npos);
  EXPECT_NE(text.find("  url (string, required)\n"), std::string::npos);
  EXPECT_NE(text.find("  retries (integer, default 3)\n"), std::string::npos);
  EXPECT_NE(text.find("  files: 1 input, 1 output. "), std::string::npos);
  EXPECT_NE(text.find("(one of: arabic, "), std::string::npos);
  for (const auto& line : test::lines_of(text))
    EXPECT_LE(line.size(), 100u) << line;
}

}  // namespace
}  // namespace flow::builtins
