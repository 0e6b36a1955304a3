#pragma once
// yaml-cpp 0.7 scanned about 3 MB/s, so a 100,000-element literal list took ~300 ms to parse;
// libfyaml takes about 9x fewer instructions, and the shortcut still saves that scan and a Node per
// event. Before the parser sees the text, long runs of simple list items ("- 84" lines, or
// "[1, 2, 3]") are each replaced by one unique token; the tree builder puts the items back
// where the token comes out. The builder verifies that every token came out exactly once,
// as a plain scalar item of a sequence, at the position predicted here; otherwise (a run
// inside a block scalar, a comment, a quoted string...) the reader parses the original text
// instead, so the shortcut never changes a result.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace flow::flowfile::yaml {

/// A 0-based line and column (byte) position, as the parser's marks have them.
struct TextPosition {
  int line = 0;
  int column = 0;
  auto operator<=>(const TextPosition&) const = default;
};

/// One item of a literal run: where its text is in the original.
struct RunItem {
  std::size_t begin = 0;  ///< byte offset
  std::size_t end = 0;
  TextPosition position;
};

/// One run of list items that the reduced text holds as a single token.
struct LiteralRun {
  std::string token;
  std::vector<RunItem> items;
  TextPosition token_position;  ///< of the token, in the reduced text
};

/// A text with its long literal runs replaced by tokens, and the way back.
class ReducedText {
 public:
  std::string text;
  std::string_view original;  ///< the text the runs' items point into (not owned)
  std::vector<LiteralRun> runs;
  std::string token_prefix;  ///< every token starts with it; the original never contains it

  /// Maps a position in `text` to the same place in the original text.
  TextPosition to_original(TextPosition reduced) const;
  /// The run whose token is exactly `value`, or nullptr.
  const LiteralRun* find_run(const std::string& value) const;

 private:
  /// Records that a token ends at `reduced_end` where its items ended at `original_end`.
  void add_cut(TextPosition reduced_end, TextPosition original_end);

  struct Cut {
    TextPosition reduced_end;
    TextPosition original_end;
  };
  std::vector<Cut> m_cuts;  ///< in text order
  std::unordered_map<std::string, std::size_t> m_run_by_token;
  friend ReducedText reduce_literal_runs(std::string_view text, std::size_t min_run);
};

/// Replaces every run of at least `min_run` simple items (see literal_runs.cpp) by a token.
/// Returns a ReducedText without runs when there is nothing to replace.
ReducedText reduce_literal_runs(std::string_view text, std::size_t min_run);

}  // namespace flow::flowfile::yaml
