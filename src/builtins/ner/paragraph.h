#pragma once
// Internal to the `ner` tagger: one tokenized paragraph as the recognizers see it, and the
// candidate spans they propose (names.cpp for proper names, numbers.cpp for numbers,
// dates and times). tagger.cpp resolves overlaps between candidates.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "builtins/ner/entity.h"
#include "builtins/ner/evidence.h"
#include "builtins/ner/text.h"

namespace flow::builtins::ner {

struct Paragraph {
  std::string_view text;
  std::vector<Token> tokens;
  std::vector<std::string> keys;     ///< lower-case key of each token
  std::vector<std::uint32_t> flags;  ///< word_flags of each token (0 for punctuation)

  std::size_t size() const { return tokens.size(); }
  bool is_word(std::size_t i) const { return i < size() && tokens[i].kind == TokenKind::word; }
  bool is_number(std::size_t i) const { return i < size() && tokens[i].kind == TokenKind::number; }
  bool has_flag(std::size_t i, std::uint32_t flag) const {
    return i < size() && (flags[i] & flag) != 0;
  }
  /// The key of token i, "" past the end.
  std::string_view key(std::size_t i) const { return i < size() ? keys[i] : std::string_view(); }
  /// True when token i exists and its key is `key`.
  bool is(std::size_t i, std::string_view key) const { return i < size() && keys[i] == key; }
  /// True when token i exists and directly touches the token before it (no space).
  bool is_glued(std::size_t i) const { return i < size() && !tokens[i].space_before; }
};

/// A proposed entity over tokens [first, last).
struct Candidate {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  Label label = Label::person;
};

/// True when `key` is one of `words`.
template <std::size_t N>
bool is_one_of(std::string_view key, const std::array<std::string_view, N>& words) {
  for (std::string_view word : words) {
    if (key == word) return true;
  }
  return false;
}

/// Titles of works shown by layout (chapter headings, "Title:" lines...): WORK_OF_ART.
void find_titles(const Paragraph& paragraph, const CaseEvidence& evidence,
                 std::vector<Candidate>& out);

/// Proper names: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, LAW, LANGUAGE.
void find_names(const Paragraph& paragraph, const CaseEvidence& evidence,
                std::vector<Candidate>& out);

/// Numbers, dates and times: DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL; also
/// legal references ("Section 4"): LAW.
void find_numbers(const Paragraph& paragraph, std::vector<Candidate>& out);

/// True when token i is a number word used as a name: capitalised mid-sentence, alone
/// ("said Five,", "now, Two!"), not after a capitalised word ("Number One", "Chapter Two").
bool is_number_used_as_name(const Paragraph& paragraph, std::size_t i);

}  // namespace flow::builtins::ner
