#pragma once
// Small text helpers shared by the text steps. All take VALID UTF-8 (see io.h).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flow::builtins::text {

/// The width that mix, boil and chop wrap their output to.
inline constexpr std::size_t k_wrap_width = 70;

/// Appends to `words` the runs of non-white-space code points of `text` (Unicode
/// White_Space separates words), as views into `text`.
void split_words(std::string_view text, std::vector<std::string_view>& words);

/// Each code point of `text` that is not white space, in order, as a view into `text`.
std::vector<std::string_view> split_characters(std::string_view text);

/// Joins `words` with single spaces into lines of at most `width` code points, filling each
/// line greedily; a word longer than `width` gets a line of its own and is not broken. Every
/// line ends with "\n"; no words give "".
std::string wrap_words(const std::vector<std::string_view>& words,
                       std::size_t width = k_wrap_width);

/// The lines of `text` without their "\n"; a final line without "\n" counts, and a final
/// "\n" does not start another line ("a\nb\n" and "a\nb" both give {"a", "b"}).
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace flow::builtins::text
