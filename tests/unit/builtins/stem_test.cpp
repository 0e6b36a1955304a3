#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "builtin_test_util.h"

namespace flow::builtins {
namespace {

using test::message_of;
using test::read_file;
using test::run_step;
using test::TempDir;

// Lower-case words, as `words` makes them: stemwords only lower-cases A-Z itself.
const char* const k_words =
    "running\nrunner\nruns\nran\ngeneralizations\nconnection\nconnected\nhopefully\n"
    "happiness\nponies\ncaresses\nsky\nskies\ndying\nlying\nnews\ninning\nproceed\n"
    "exceeding\nknightly\nrelational\nconditional\nrationalize\nformality\nelectricity\n"
    "hopeful\ngoodness\nrevival\nallowance\ninference\nadjustable\nagreement\ncaf\xC3\xA9\n"
    "na\xC3\xAFve\nd\xC3\xA9j\xC3\xA0\nfa\xC3\xA7"
    "ade\n\xC3\xA6sop\nstra\xC3\x9F"
    "e\n"
    "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1\n\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0\n"
    "a\ni\nthe\nbeautifully\nwonderland\nqueen\nrabbit\n";

bool have_stemwords() {
  return std::system("command -v stemwords >/dev/null 2>&1") == 0;
}

void compare_with_stemwords(const std::string& algorithm) {
  TempDir dir;
  std::string in = dir.write("words.txt", k_words);
  ASSERT_EQ(message_of(run_step("stem", {in}, {dir / "ours.txt"}, {{"algorithm", algorithm}})),
            "<ok>");
  std::string command = "stemwords -l " + algorithm + " -i " + in + " -o " + dir / "theirs.txt";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::string ours = read_file(dir / "ours.txt");
  EXPECT_EQ(ours, read_file(dir / "theirs.txt"));
  EXPECT_EQ(test::lines_of(ours).size(), test::lines_of(k_words).size());
}

TEST(StemTest, MatchesStemwordsWithPorter) {
  if (!have_stemwords()) GTEST_SKIP() << "stemwords (Debian package libstemmer-tools) is absent";
  compare_with_stemwords("porter");
}

TEST(StemTest, MatchesStemwordsWithEnglish) {
  if (!have_stemwords()) GTEST_SKIP() << "stemwords (Debian package libstemmer-tools) is absent";
  compare_with_stemwords("english");
}

TEST(StemTest, MatchesStemwordsOnARealBook) {
  const std::string book = "/work/shared/data/books/1342.txt";
  if (!have_stemwords()) GTEST_SKIP() << "stemwords (Debian package libstemmer-tools) is absent";
  if (!std::filesystem::exists(book)) GTEST_SKIP() << book << " is absent; skipping";
  TempDir dir;
  ASSERT_TRUE(run_step("words", {book}, {dir / "words.txt"}).ok());
  ASSERT_TRUE(run_step("stem", {dir / "words.txt"}, {dir / "ours.txt"}).ok());
  std::string command = "stemwords -l porter -i " + dir / "words.txt" + " -o " + dir / "theirs.txt";
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_TRUE(read_file(dir / "ours.txt") == read_file(dir / "theirs.txt"));
}

TEST(StemTest, StemsKnownWords) {
  TempDir dir;
  std::string in = dir.write("in.txt", "Running\r\nponies\n\ncaresses");
  ASSERT_TRUE(run_step("stem", {in}, {dir / "out.txt"}).ok());
  // Upper case is lowered first; an empty line stays; CRLF is read as LF.
  EXPECT_EQ(read_file(dir / "out.txt"), "run\nponi\n\ncaress\n");
}

TEST(StemTest, AnEmptyInputGivesAnEmptyOutput) {
  TempDir dir;
  ASSERT_TRUE(run_step("stem", {dir.write("in.txt", "")}, {dir / "out.txt"}).ok());
  EXPECT_EQ(read_file(dir / "out.txt"), "");
}

TEST(StemTest, AnUnknownAlgorithmListsTheValidOnes) {
  TempDir dir;
  std::string in = dir.write("in.txt", "word\n");
  std::string message =
      message_of(run_step("stem", {in}, {dir / "out"}, {{"algorithm", "engish"}}));
  EXPECT_TRUE(message.starts_with("argument 'algorithm' must be one of arabic, ")) << message;
  EXPECT_NE(message.find(" english, "), std::string::npos);
  EXPECT_TRUE(message.ends_with(", not 'engish'\ndid you mean 'english'?")) << message;
  EXPECT_FALSE(test::file_exists(dir / "out"));
}

}  // namespace
}  // namespace flow::builtins
