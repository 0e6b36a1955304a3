#include "flowfile/diagnostics.h"

#include <fmt/format.h>

#include "flow/base/did_you_mean.h"
#include "flow/base/strings.h"

namespace flow::flowfile {

std::string quote(std::string_view text) {
  return fmt::format("'{}'", text);
}

std::string describe(const Node& node) {
  constexpr std::size_t k_longest = 40;
  switch (node.kind) {
    case Node::Kind::null:
      return "empty";
    case Node::Kind::sequence:
      return "a list";
    case Node::Kind::mapping:
      return "a mapping";
    case Node::Kind::scalar:
      break;
  }
  std::string_view text = node.scalar;
  std::size_t newline = text.find('\n');
  if (text.size() <= k_longest && newline == std::string_view::npos) return quote(text);
  return quote(std::string(text.substr(0, std::min(k_longest, newline))) + "...");
}

std::string location_text(const SourceLocation& location) {
  return fmt::format("{}:{}:{}", location.file, location.line, location.column);
}

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

void add_suggestion(Error& error, std::string_view word, std::span<const std::string> candidates,
                    bool list_otherwise) {
  if (add_did_you_mean(error, word, candidates)) return;
  if (list_otherwise && !candidates.empty()) {
    error.notes.push_back("expected one of: " + join(candidates, ", "));
  }
}

}  // namespace flow::flowfile
