#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builtins/ner/text.h"

namespace flow::builtins::ner {
namespace {

std::vector<Token> tokens_of(std::string_view text) {
  std::vector<Token> tokens;
  tokenize(text, tokens);
  return tokens;
}

std::vector<std::string> texts_of(std::string_view text) {
  std::vector<std::string> texts;
  for (const Token& token : tokens_of(text))
    texts.emplace_back(token_text(text, token));
  return texts;
}

// The words whose capitalisation counts as evidence (not at a sentence or quotation start).
std::vector<std::string> certain_words(std::string_view text) {
  std::vector<std::string> words;
  for (const Token& token : tokens_of(text)) {
    if (token.kind == TokenKind::word && !token.uncertain_case) {
      words.emplace_back(token_text(text, token));
    }
  }
  return words;
}

TEST(NerTextTest, SplitsWordsNumbersAndPunctuation) {
  EXPECT_EQ(texts_of("Alice paid $5,000 (or 3.5%) on the 2nd."),
            (std::vector<std::string>{"Alice", "paid", "$", "5,000", "(", "or", "3.5", "%", ")",
                                      "on", "the", "2nd", "."}));
}

TEST(NerTextTest, KeepsApostrophesInsideWordsAndSplitsClitics) {
  EXPECT_EQ(texts_of("Alice\xe2\x80\x99s cat won\xe2\x80\x99t come; Dinah'll purr at four o'clock"),
            (std::vector<std::string>{"Alice", "\xe2\x80\x99s", "cat", "won\xe2\x80\x99t", "come",
                                      ";", "Dinah", "'ll", "purr", "at", "four", "o'clock"}));
}

TEST(NerTextTest, HyphensAreGluedTokens) {
  std::string text = "a Rabbit-Hole";
  std::vector<Token> tokens = tokens_of(text);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(token_text(text, tokens[2]), "-");
  EXPECT_FALSE(tokens[2].space_before);
  EXPECT_FALSE(tokens[3].space_before);
  EXPECT_TRUE(tokens[1].space_before);
}

TEST(NerTextTest, ClassifiesLetterCase) {
  std::string text = "Alice ALICE alice I \xc3\x89mile \xc3\xa9mile 42";
  std::vector<Token> tokens = tokens_of(text);
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].casing, Casing::capitalised);
  EXPECT_EQ(tokens[1].casing, Casing::upper);
  EXPECT_EQ(tokens[2].casing, Casing::lower);
  EXPECT_EQ(tokens[3].casing, Casing::capitalised);
  EXPECT_EQ(tokens[4].casing, Casing::capitalised);
  EXPECT_EQ(tokens[5].casing, Casing::lower);
  EXPECT_EQ(tokens[6].kind, TokenKind::number);
}

TEST(NerTextTest, SentenceAndQuotationStartsAreNoEvidence) {
  EXPECT_EQ(
      certain_words("Soon Alice met Bill. Then they ran! \xe2\x80\x9cWhy,\xe2\x80\x9d said Bill"),
      (std::vector<std::string>{"Alice", "met", "Bill", "they", "ran", "said", "Bill"}));
}

TEST(NerTextTest, AbbreviationsDoNotEndSentences) {
  EXPECT_EQ(certain_words("Then Mr. Smith and Dr. Jones came."),
            (std::vector<std::string>{"Mr", "Smith", "and", "Dr", "Jones", "came"}));
}

TEST(NerTextTest, IndentedLinesAndLinesAfterPunctuationAreNoEvidence) {
  EXPECT_EQ(certain_words("a verse,\nTwinkle bright\n    Little star\nand Alice"),
            (std::vector<std::string>{"verse", "bright", "star", "and", "Alice"}));
}

TEST(NerTextTest, TitleCaseLinesAreHeadings) {
  std::string text = "CHAPTER II.\nThe Pool of Tears\nand then Alice was sad";
  std::vector<Token> tokens = tokens_of(text);
  std::vector<std::string> headings;
  for (const Token& token : tokens) {
    if (token.title_line) headings.emplace_back(token_text(text, token));
  }
  EXPECT_EQ(headings,
            (std::vector<std::string>{"CHAPTER", "II", ".", "The", "Pool", "of", "Tears"}));
  EXPECT_EQ(certain_words(text), (std::vector<std::string>{"and", "then", "Alice", "was", "sad"}));
}

// Three lines or more, each starting with a capital: verse. Its line starts say nothing, and
// its tokens are marked so that the evidence weighs its other capitals less.
TEST(NerTextTest, VerseLineStartsAreNoEvidence) {
  std::string verse = "The Owl went out to sea\nAnd Soup was in the pot\nWhile beautiful Soup\n";
  EXPECT_EQ(certain_words(verse),
            (std::vector<std::string>{"Owl", "went", "out", "to", "sea", "Soup", "was", "in", "the",
                                      "pot", "beautiful", "Soup"}));
  for (const Token& token : tokens_of(verse))
    EXPECT_TRUE(token.verse);
  // Prose wrapped at a fixed width: most lines start in lower case.
  std::string prose = "Then the Owl went\nout to sea, and\nSoup was in the pot";
  EXPECT_EQ(certain_words(prose),
            (std::vector<std::string>{"the", "Owl", "went", "out", "to", "sea", "and", "Soup",
                                      "was", "in", "the", "pot"}));
  EXPECT_FALSE(tokens_of(prose)[0].verse);
}

TEST(NerTextTest, MarksLineEnds) {
  std::string text = "the White\nRabbit";
  std::vector<Token> tokens = tokens_of(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_FALSE(tokens[1].newline_before);
  EXPECT_TRUE(tokens[2].newline_before);
  EXPECT_FALSE(tokens[2].uncertain_case);
}

TEST(NerTextTest, KeysAreLowerCaseWithPlainApostrophes) {
  std::string key;
  append_key(
      "O\xe2\x80\x99"
      "Clock \xc3\x89MILE \xd0\x96",
      key);
  EXPECT_EQ(key, "o'clock \xc3\xa9mile \xd0\xb6");
}

}  // namespace
}  // namespace flow::builtins::ner
