#pragma once
// A text with its brace scalars (brace_scan.h) double-quoted, so that the parser accepts
// `{path: words/{book}.txt, temp: true}` as `{path: "words/{book}.txt", temp: true}`, and the
// way back to positions of the text as written. Only characters are inserted (quotes, and a
// backslash before `"` and `\`), never line breaks, so lines keep their numbers.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/yaml/literal_runs.h"

namespace flow::flowfile::yaml {

/// One scalar that the quoted text holds in double quotes.
struct QuotedScalar {
  TextPosition node;  ///< where the reader puts its node in the quoted text (its quote)
  std::string value;  ///< the scalar as written, which the parse must give back
};

class QuotedText {
 public:
  std::string text;
  std::vector<QuotedScalar> scalars;  ///< in text order

  /// Nothing was quoted: parse the source text itself.
  bool empty() const { return scalars.empty(); }
  /// Maps a position in `text` to the same place in the source text; an inserted quote maps
  /// to the source character it stands before (so a quoted scalar's node to its first letter).
  TextPosition to_source(TextPosition quoted) const;
  /// The index in `scalars` of the scalar whose node the reader puts at `node`, if any.
  std::optional<std::size_t> find(TextPosition node) const;

 private:
  std::vector<TextPosition> m_inserted;  ///< positions in `text` of inserted characters, sorted
  friend QuotedText quote_brace_scalars(std::string_view source);
};

/// Quotes the brace scalars of `source`; returns an empty QuotedText when it has none.
QuotedText quote_brace_scalars(std::string_view source);

}  // namespace flow::flowfile::yaml
