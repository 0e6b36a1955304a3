// mix, boil and chop: the pea-soup steps.

#include <gtest/gtest.h>

#include <algorithm>

#include "builtin_test_util.h"
#include "builtins/text/tools.h"
#include "builtins/text/utf8.h"

namespace flow::builtins {
namespace {

using test::message_of;
using test::read_file;
using test::run_step;
using test::TempDir;

const char* const k_peas = "Green peas, dried and split:\n  two cups of them.\n";
const char* const k_water = "Cold water \xE2\x80\x94 six cups \xE2\x80\x94 from the tap.\r\n";

std::vector<std::string> sorted_words(const std::string& text) {
  std::vector<std::string_view> views;
  text::split_words(text, views);
  std::vector<std::string> words(views.begin(), views.end());
  std::sort(words.begin(), words.end());
  return words;
}

std::vector<std::string> sorted_characters(const std::string& text) {
  std::vector<std::string_view> views = text::split_characters(text);
  std::vector<std::string> characters(views.begin(), views.end());
  std::sort(characters.begin(), characters.end());
  return characters;
}

void expect_wrapped(const std::string& text) {
  ASSERT_TRUE(text.empty() || text.ends_with("\n"));
  for (const auto& line : test::lines_of(text)) {
    EXPECT_LE(text::count_code_points(line), 70u) << line;
    EXPECT_FALSE(line.empty());
    EXPECT_EQ(line.find("  "), std::string::npos) << line;
  }
}

TEST(MixTest, ShufflesTheWordsOfAllInputs) {
  TempDir dir;
  std::string peas = dir.write("peas.txt", k_peas);
  std::string water = dir.write("water.txt", k_water);
  ASSERT_EQ(message_of(run_step("mix", {peas, water}, {dir / "mixed.txt"})), "<ok>");
  std::string mixed = read_file(dir / "mixed.txt");
  EXPECT_EQ(sorted_words(mixed), sorted_words(std::string(k_peas) + " " + k_water));
  EXPECT_NE(mixed, std::string(k_peas) + k_water);
  expect_wrapped(mixed);
}

TEST(MixTest, IsReproducibleForASeedAndDiffersForAnother) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "word" + std::to_string(i) + (i % 9 == 8 ? "\n" : " ");
  std::string in = dir.write("in.txt", text);
  ASSERT_TRUE(run_step("mix", {in}, {dir / "a"}, {{"seed", "7"}}).ok());
  ASSERT_TRUE(run_step("mix", {in}, {dir / "b"}, {{"seed", "7"}}).ok());
  ASSERT_TRUE(run_step("mix", {in}, {dir / "c"}, {{"seed", "8"}}).ok());
  ASSERT_TRUE(run_step("mix", {in}, {dir / "r1"}, {{"seed", "random"}}).ok());
  ASSERT_TRUE(run_step("mix", {in}, {dir / "r2"}, {{"seed", "random"}}).ok());
  EXPECT_EQ(read_file(dir / "a"), read_file(dir / "b"));
  EXPECT_NE(read_file(dir / "a"), read_file(dir / "c"));
  // 200! orders: two random seeds giving the same one would be a broken seed.
  EXPECT_NE(read_file(dir / "r1"), read_file(dir / "r2"));
  EXPECT_EQ(sorted_words(read_file(dir / "r1")), sorted_words(text));
  expect_wrapped(read_file(dir / "a"));
}

TEST(MixTest, AnEmptyInputGivesAnEmptyOutput) {
  TempDir dir;
  std::string empty = dir.write("empty.txt", "");
  std::string blank = dir.write("blank.txt", " \n\n\t\n");
  ASSERT_TRUE(run_step("mix", {empty, blank}, {dir / "out.txt"}).ok());
  EXPECT_EQ(read_file(dir / "out.txt"), "");
}

TEST(MixTest, RefusesInvalidInputsAndSeeds) {
  TempDir dir;
  std::string binary = dir.write("peas.bin", std::string("\x89PNG\r\n\x1A\n\0\0", 10));
  EXPECT_EQ(message_of(run_step("mix", {binary}, {dir / "out.txt"})),
            "input '" + binary + "': invalid UTF-8 at byte 0");
  std::string good = dir.write("good.txt", "peas");
  EXPECT_EQ(message_of(run_step("mix", {good}, {dir / "out.txt"}, {{"seed", "soup"}})),
            "argument 'seed' must be a non-negative integer or 'random', not 'soup'");
  EXPECT_FALSE(test::file_exists(dir / "out.txt"));
}

TEST(BoilTest, ShufflesEveryCharacterAndKeepsTheirCount) {
  TempDir dir;
  std::string peas = dir.write("peas.txt", k_peas);
  ASSERT_EQ(message_of(run_step("boil", {peas}, {dir / "boiled.txt"})), "<ok>");
  std::string boiled = read_file(dir / "boiled.txt");
  EXPECT_EQ(sorted_characters(boiled), sorted_characters(k_peas));
  expect_wrapped(boiled);
  // Word breaks are shuffled along: never more words than the input had.
  std::vector<std::string_view> words;
  text::split_words(boiled, words);
  EXPECT_GE(words.size(), 1u);
  EXPECT_LE(words.size(), sorted_words(k_peas).size());
  EXPECT_NE(boiled, read_file(peas));
}

TEST(BoilTest, KeepsMultiByteCharactersWhole) {
  TempDir dir;
  std::string water = dir.write("water.txt", k_water);
  ASSERT_TRUE(run_step("boil", {water}, {dir / "a"}, {{"seed", "1"}}).ok());
  ASSERT_TRUE(run_step("boil", {water}, {dir / "b"}, {{"seed", "1"}}).ok());
  std::string boiled = read_file(dir / "a");
  EXPECT_EQ(boiled, read_file(dir / "b"));
  EXPECT_EQ(sorted_characters(boiled), sorted_characters(k_water));  // both em dashes intact
}

TEST(BoilTest, EmptyAndSingleCharacterInputs) {
  TempDir dir;
  ASSERT_TRUE(run_step("boil", {dir.write("e.txt", "\n")}, {dir / "e.out"}).ok());
  EXPECT_EQ(read_file(dir / "e.out"), "");
  ASSERT_TRUE(run_step("boil", {dir.write("p.txt", "p")}, {dir / "p.out"}).ok());
  EXPECT_EQ(read_file(dir / "p.out"), "p\n");
}

TEST(ChopTest, SeparatesEveryCharacterInOrder) {
  TempDir dir;
  std::string veg = dir.write("veg.txt", "Leek,\n  caf\xC3\xA9 carrot\n");
  ASSERT_EQ(message_of(run_step("chop", {veg}, {dir / "chopped.txt"})), "<ok>");
  EXPECT_EQ(read_file(dir / "chopped.txt"), "L e e k , c a f \xC3\xA9 c a r r o t\n");
}

TEST(ChopTest, WrapsLongInputsAndTakesNoSeed) {
  TempDir dir;
  std::string veg = dir.write("veg.txt", std::string(100, 'x'));
  ASSERT_TRUE(run_step("chop", {veg}, {dir / "out"}).ok());
  std::vector<std::string> lines = test::lines_of(read_file(dir / "out"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].size(), 69u);  // 35 characters and 34 spaces
  expect_wrapped(read_file(dir / "out"));
  EXPECT_EQ(message_of(run_step("chop", {veg}, {dir / "out2"}, {{"seed", "1"}})),
            "unknown argument 'seed'");
}

}  // namespace
}  // namespace flow::builtins
