#include "flow/base/source_texts.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace flow {
namespace {

// Offset of the start of line `line` (1-based) in `text`, or npos.
std::size_t line_start(std::string_view text, int line) {
  std::size_t offset = 0;
  for (int current = 1; current < line; ++current) {
    offset = text.find('\n', offset);
    if (offset == std::string_view::npos) return offset;
    ++offset;
  }
  return offset <= text.size() ? offset : std::string_view::npos;
}

// Spaces up to byte column `column` (1-based), keeping tabs so the caret lines up, and
// counting a UTF-8 character as one column.
std::string caret_padding(std::string_view line, int column) {
  std::string padding;
  for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(column) && i < line.size(); ++i) {
    auto byte = static_cast<unsigned char>(line[i]);
    if (line[i] == '\t') {
      padding += '\t';
    } else if ((byte & 0xC0) != 0x80) {
      padding += ' ';
    }
  }
  return padding;
}

// The part of a source line shown above a caret: a line longer than a terminal is cut to
// the bytes around `column` (marked "..."), and control bytes (a NUL, say) are shown as '?'.
// Returns the text and the caret's column in it.
std::pair<std::string, int> shown_line(std::string_view line, int column) {
  constexpr std::size_t k_max = 160, k_before = 60;
  std::string prefix, suffix;
  auto at = static_cast<std::size_t>(std::max(column, 1) - 1);
  if (line.size() > k_max) {
    std::size_t from = at > k_before ? at - k_before : 0;
    while (from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80)
      --from;  // not inside a UTF-8 character
    std::size_t to = std::min(line.size(), from + k_max - 20);
    while (to < line.size() && (static_cast<unsigned char>(line[to]) & 0xC0) == 0x80)
      ++to;
    if (from > 0) prefix = "...";
    if (to < line.size()) suffix = "...";
    at -= from;
    line = line.substr(from, to - from);
  }
  std::string text = prefix;
  for (char c : line)
    text += static_cast<unsigned char>(c) < 0x20 && c != '\t' ? '?' : c;
  text += suffix;
  return {std::move(text), static_cast<int>(at + prefix.size()) + 1};
}

void append_error(std::string& out, Error error, const SourceTexts* texts, bool color,
                  bool warning = false) {
  if (texts && error.location && !error.anchor.empty()) {
    error.location = texts->find_after(*error.location, error.anchor);
  }
  const char* red = !color ? "" : warning ? "\033[33m" : "\033[1;31m";
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  out += fmt::format("{}flow: {}:{} ", red, warning ? "warning" : "error", reset);
  if (error.location && !error.location->file.empty()) {
    const auto& loc = *error.location;
    out += bold + loc.file;
    if (loc.known()) out += fmt::format(":{}:{}", loc.line, loc.column);
    out += std::string(":") + reset + " ";
  }
  out += error.message + "\n";
  if (texts && error.location && error.location->known()) {
    if (auto line = texts->line(error.location->file, error.location->line)) {
      auto [text, column] = shown_line(*line, error.location->column);
      out += fmt::format("    {}\n    {}{}^{}\n", text, caret_padding(text, column),
                         color ? "\033[1;32m" : "", reset);
    }
  }
  for (const auto& note : error.notes)
    out += "  " + note + "\n";
}

}  // namespace

void SourceTexts::add(const std::string& file, std::string text) {
  m_texts[file] = std::move(text);
}

std::optional<std::string_view> SourceTexts::line(const std::string& file, int line) const {
  auto it = m_texts.find(file);
  if (it == m_texts.end() || line < 1) return std::nullopt;
  std::string_view text = it->second;
  std::size_t start = line_start(text, line);
  if (start == std::string_view::npos || start > text.size()) return std::nullopt;
  std::size_t end = text.find('\n', start);
  std::string_view result =
      text.substr(start, end == std::string_view::npos ? text.npos : end - start);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return result;
}

SourceLocation SourceTexts::find_after(const SourceLocation& start, std::string_view needle) const {
  auto it = m_texts.find(start.file);
  if (it == m_texts.end() || !start.known() || needle.empty()) return start;
  std::string_view text = it->second;
  std::size_t from = line_start(text, start.line);
  if (from == std::string_view::npos) return start;
  from += static_cast<std::size_t>(start.column - 1);
  std::size_t found = text.find(needle, from);
  if (found == std::string_view::npos) return start;
  SourceLocation location = start;
  for (std::size_t i = from; i < found; ++i) {
    if (text[i] == '\n') {
      ++location.line;
      location.column = 1;
    } else {
      ++location.column;
    }
  }
  return location;
}

std::string format_error(const Error& error, const SourceTexts* texts, bool color) {
  std::string out;
  append_error(out, error, texts, color);
  for (const auto& more : error.more)
    append_error(out, more, texts, color);
  return out;
}

std::string format_warning(const Error& warning, const SourceTexts* texts, bool color) {
  std::string out;
  append_error(out, warning, texts, color, true);
  return out;
}

}  // namespace flow
