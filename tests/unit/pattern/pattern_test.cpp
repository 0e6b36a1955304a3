#include "flow/pattern/pattern.h"

#include <gtest/gtest.h>

namespace flow::pattern {
namespace {

// Parses and binds a pattern, with optional constraints by wildcard name.
Pattern compile(std::string_view text,
                const std::vector<std::pair<std::string, std::string>>& constraints = {}) {
  auto parsed = Pattern::parse(text);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  Pattern pattern = std::move(*parsed);
  auto names = pattern.wildcard_names();
  std::vector<std::optional<Regex>> regexes(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (const auto& use : pattern.uses()) {
      if (use.name == names[i] && use.inline_constraint && !regexes[i]) {
        regexes[i] = *Regex::compile(*use.inline_constraint);
      }
    }
    for (const auto& [name, expression] : constraints) {
      if (name == names[i] && !regexes[i]) regexes[i] = *Regex::compile(expression);
    }
  }
  pattern.bind(names, regexes);
  return pattern;
}

std::optional<WildcardValues> match(const Pattern& pattern, std::string_view path) {
  WildcardValues values;
  if (!pattern.match(path, values)) return std::nullopt;
  return values;
}

TEST(PatternTest, LiteralPatternMatchesOnlyItself) {
  Pattern p = compile("results/summary.tsv");
  EXPECT_FALSE(p.has_wildcards());
  EXPECT_TRUE(match(p, "results/summary.tsv"));
  EXPECT_FALSE(match(p, "results/summary.tsvx"));
  EXPECT_EQ(p.literal_prefix(), "results/summary.tsv");
  EXPECT_EQ(p.literal_suffix(), "results/summary.tsv");
}

TEST(PatternTest, WildcardMatchesAndApplies) {
  Pattern p = compile("stems/{book}.txt");
  EXPECT_EQ(match(p, "stems/84.txt"), WildcardValues{"84"});
  EXPECT_EQ(p.apply({"1342"}), "stems/1342.txt");
  EXPECT_EQ(p.literal_prefix(), "stems/");
  EXPECT_EQ(p.literal_suffix(), ".txt");
}

TEST(PatternTest, WildcardIsNeverEmptyAndMayContainSlashes) {
  Pattern p = compile("stems/{book}.txt");
  EXPECT_FALSE(match(p, "stems/.txt"));
  EXPECT_EQ(match(p, "stems/a/b.txt"), WildcardValues{"a/b"});
}

TEST(PatternTest, FirstWildcardIsGreedyLikePythonRe) {
  // re.match(r"(?P<a>.+)_(?P<b>.+)\.txt$", "x_y_z.txt") gives a="x_y", b="z".
  Pattern p = compile("{a}_{b}.txt");
  EXPECT_EQ(match(p, "x_y_z.txt"), (WildcardValues{"x_y", "z"}));
}

TEST(PatternTest, AdjacentWildcardsLeaveOneCharacterToTheSecond) {
  Pattern p = compile("{a}{b}");
  EXPECT_EQ(match(p, "abc"), (WildcardValues{"ab", "c"}));
}

TEST(PatternTest, RepeatedWildcardMustMatchTheSameText) {
  Pattern p = compile("{s}/{s}.bam");
  EXPECT_EQ(match(p, "x/x.bam"), WildcardValues{"x"});
  EXPECT_FALSE(match(p, "x/y.bam"));
  EXPECT_EQ(p.wildcard_names(), std::vector<std::string>{"s"});
}

TEST(PatternTest, ConstraintRestrictsTheMatchAndBacktracks) {
  Pattern p = compile("{a,[0-9]+}_{b}.txt");
  EXPECT_EQ(match(p, "12_x_y.txt"), (WildcardValues{"12", "x_y"}));
  EXPECT_FALSE(match(p, "ab_c.txt"));
}

TEST(PatternTest, ConstraintFromOutsideTheInlineForm) {
  Pattern p = compile("books/{book}.txt", {{"book", "[0-9]+"}});
  EXPECT_TRUE(match(p, "books/84.txt"));
  EXPECT_FALSE(match(p, "books/eighty.txt"));
}

TEST(PatternTest, ConstraintMayContainQuantifierBraces) {
  Pattern p = compile("{year,[0-9]{4}}.csv");
  EXPECT_TRUE(match(p, "2024.csv"));
  EXPECT_FALSE(match(p, "24.csv"));
}

TEST(PatternTest, DoubledBracesAreLiteral) {
  Pattern p = compile("a{{b}}/{x}");
  EXPECT_EQ(p.wildcard_names(), std::vector<std::string>{"x"});
  EXPECT_EQ(match(p, "a{b}/1"), WildcardValues{"1"});
}

TEST(PatternTest, ParseErrorsNameTheOffendingText) {
  auto unclosed = Pattern::parse("a/{b.txt");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.error().message, "unclosed '{' in 'a/{b.txt'");
  auto bad_name = Pattern::parse("a/{b c}.txt");
  ASSERT_FALSE(bad_name.ok());
  EXPECT_EQ(bad_name.error().anchor, "{b c}");
  EXPECT_FALSE(Pattern::parse("a}b").ok());
}

TEST(PatternTest, RefusesFormatSpecsAsSnakemakeDoes) {
  // A rule's pattern is matched against file names; "{i:03d}" only formats (in expand).
  auto spec = Pattern::parse("chunk_{i:03d}.txt");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().message,
            "format spec in wildcard '{i:03d}': a rule's pattern is matched against file "
            "names, not formatted");
  EXPECT_EQ(spec.error().anchor, "{i:03d}");
  ASSERT_EQ(spec.error().notes.size(), 1U);
  EXPECT_EQ(spec.error().notes[0],
            "write '{i}' (with a constraint such as '{i,[0-9]{3}}' for three digits); format "
            "specs work in 'expand' patterns");
}

TEST(PatternTest, BadRegexIsReported) {
  auto regex = Regex::compile("[0-");
  ASSERT_FALSE(regex.ok());
  EXPECT_NE(regex.error().message.find("bad regular expression '[0-'"), std::string::npos);
}

}  // namespace
}  // namespace flow::pattern
