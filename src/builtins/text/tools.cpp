#include "builtins/text/tools.h"

#include "builtins/text/unicode.h"
#include "builtins/text/utf8.h"

namespace flow::builtins::text {

void split_words(std::string_view text, std::vector<std::string_view>& words) {
  std::size_t pos = 0;
  std::size_t start = std::string_view::npos;
  while (pos < text.size()) {
    std::size_t here = pos;
    char32_t cp = next_code_point(text, pos);
    if (is_white_space(cp)) {
      if (start != std::string_view::npos) words.push_back(text.substr(start, here - start));
      start = std::string_view::npos;
    } else if (start == std::string_view::npos) {
      start = here;
    }
  }
  if (start != std::string_view::npos) words.push_back(text.substr(start));
}

std::vector<std::string_view> split_characters(std::string_view text) {
  std::vector<std::string_view> characters;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t here = pos;
    if (!is_white_space(next_code_point(text, pos))) {
      characters.push_back(text.substr(here, pos - here));
    }
  }
  return characters;
}

std::string wrap_words(const std::vector<std::string_view>& words, std::size_t width) {
  std::string out;
  std::size_t column = 0;  // code points on the current line; 0 = no line started
  for (std::string_view word : words) {
    std::size_t length = count_code_points(word);
    if (column > 0 && column + 1 + length > width) {
      out += '\n';
      column = 0;
    }
    if (column > 0) {
      out += ' ';
      ++column;
    }
    out += word;
    column += length;
  }
  if (column > 0) out += '\n';
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace flow::builtins::text
