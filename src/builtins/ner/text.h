#pragma once
// The `ner` tagger's view of a paragraph: words, numbers and punctuation with their byte
// ranges and letter case, and whether capitalisation at that place says anything (at a
// sentence, quotation or verse-line start it does not). Also the small UTF-8 helpers the
// tagger needs (lower-case keys). Every function here takes VALID UTF-8 (builtins/text/io.h
// checks inputs when it reads them).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flow::builtins::ner {

enum class TokenKind : std::uint8_t { word, number, punct };

/// The letter case of a word: `capitalised` is an upper-case first letter followed by at least
/// one lower-case letter, or a single upper-case letter ("I"); `upper` is two or more letters,
/// all upper case; `none` has no cased letter (digits, punctuation, most non-Latin scripts).
enum class Casing : std::uint8_t { none, lower, capitalised, upper };

struct Token {
  std::uint32_t begin = 0;  ///< byte offset in the paragraph
  std::uint32_t end = 0;    ///< byte offset, exclusive
  TokenKind kind = TokenKind::punct;
  Casing casing = Casing::none;
  bool space_before = false;    ///< whitespace or the paragraph start comes right before it
  bool newline_before = false;  ///< a line end comes before it (within the paragraph)
  /// Capitalisation here is not evidence of a name: the paragraph, a sentence, a quotation
  /// or an indented (verse) line starts here.
  bool uncertain_case = false;
  /// The token is on a heading line: two or more words, all capitalised but for small words
  /// ("Down the Rabbit-Hole"). Such lines are uncertain_case too.
  bool title_line = false;
  /// The paragraph is verse: three lines or more, each starting with a capital. Line starts
  /// are uncertain_case there, and capitals elsewhere are weaker evidence (songs capitalise
  /// for emphasis: "beautiful Soup!").
  bool verse = false;
};

/// Splits a paragraph (valid UTF-8) into tokens. A word is a run of letters and digits starting
/// with a letter, with apostrophes (' or U+2019) between letters kept inside ("don't", "o'clock");
/// a final possessive "'s" is split off as its own lower-case word token. A number is a run
/// of digits with "," or "." between digits and any letters right after ("5,000", "3.0",
/// "2nd"). Every other non-space code point is a one-code-point punct token, so a hyphen
/// inside "Rabbit-Hole" is a token with no space around it. `tokens` is cleared first.
void tokenize(std::string_view paragraph, std::vector<Token>& tokens);

/// Appends the lookup key of `word`: its simple Unicode lower case, with U+2019 read as "'".
void append_key(std::string_view word, std::string& out);

/// The text of a token.
inline std::string_view token_text(std::string_view paragraph, const Token& token) {
  return paragraph.substr(token.begin, token.end - token.begin);
}

}  // namespace flow::builtins::ner
