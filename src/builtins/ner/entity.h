#pragma once
// What the `ner` tagger finds: labelled spans of a paragraph. The labels are the OntoNotes 5
// set that statistical taggers (spaCy's English models among them) use, so results can be
// compared with theirs.

#include <cstdint>
#include <string_view>

namespace flow::builtins::ner {

enum class Label : std::uint8_t {
  person,
  norp,  ///< nationalities, religious and political groups
  fac,   ///< buildings, bridges, roads
  org,
  gpe,  ///< countries, cities, states
  loc,  ///< other places: continents, seas, rivers, mountains
  product,
  event,
  work_of_art,
  law,
  language,
  date,
  time,
  percent,
  money,
  quantity,
  ordinal,
  cardinal,
};

/// The label as written in the TSV: "PERSON", "NORP", "WORK_OF_ART"...
std::string_view label_name(Label label);

/// One entity in a paragraph. Byte offsets address the UTF-8 text; code-point offsets are
/// what the TSV reports. `end` and `end_cp` are exclusive.
struct Entity {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t begin_cp = 0;
  std::uint32_t end_cp = 0;
  Label label = Label::person;
  friend bool operator==(const Entity&, const Entity&) = default;
};

}  // namespace flow::builtins::ner
