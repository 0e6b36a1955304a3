#pragma once
// Capitalisation evidence across a whole text: the first of the `ner` tagger's two passes.
// A word seen capitalised in the middle of a sentence at least as often as in lower case is
// a name, so "Alice" is a name even where she opens a sentence, and "Soon" is not.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "builtins/ner/text.h"

namespace flow::builtins::ner {

/// How often a word (by its lower-case key) was seen in each form.
struct CaseCounts {
  std::uint32_t capitalised_mid = 0;    ///< capitalised where case is evidence, in prose
  std::uint32_t capitalised_verse = 0;  ///< the same in verse, where it is weaker evidence
  std::uint32_t capitalised_start = 0;  ///< capitalised where case says nothing
  std::uint32_t lower = 0;
};

class CaseEvidence {
 public:
  /// Counts the word forms of one paragraph. All-capital words are not counted (headings
  /// and shouting say nothing about names).
  void add_paragraph(std::string_view paragraph);

  /// The counts of a lower-case key; zeros for a word never seen.
  CaseCounts counts(std::string_view key) const;

  /// True when the word was seen capitalised mid-sentence in prose at least once and at
  /// least as often as in lower case, or capitalised mid-line in verse and never in lower
  /// case (a song's "Owl" and "Panther" are names; its "beautiful Soup" is not).
  bool is_name(std::string_view key) const;

  /// True when the two words were seen next to each other, both capitalised, mid-sentence
  /// ("white rabbit"): the first then belongs to the name even at a sentence start.
  bool is_name_pair(std::string_view first_key, std::string_view second_key) const;

  /// Number of distinct words seen.
  std::size_t size() const { return m_words.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  std::unordered_map<std::string, CaseCounts, Hash, std::equal_to<>> m_words;
  std::unordered_set<std::string, Hash, std::equal_to<>> m_pairs;
  std::vector<Token> m_tokens;  // scratch, reused across paragraphs
  std::string m_key;
  std::string m_previous_key;
  mutable std::string m_pair_key;
};

}  // namespace flow::builtins::ner
