#include "flow/pattern/pattern.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <memory>

#include <fmt/format.h>

namespace flow::pattern {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

Error pattern_error(std::string message, std::string anchor) {
  Error error = make_error(ErrorKind::flowfile, std::move(message));
  error.anchor = std::move(anchor);
  return error;
}

// Length of "{digits}" or "{digits,digits}" / "{digits,}" at the start of `text`, or 0: a
// regex quantifier, which a constraint may contain (as Snakemake allows).
std::size_t quantifier_length(std::string_view text) {
  if (text.empty() || text[0] != '{') return 0;
  std::size_t i = 1;
  bool digits = false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    ++i, digits = true;
  if (i < text.size() && text[i] == ',') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
      ++i;
  }
  if (!digits || i >= text.size() || text[i] != '}') return 0;
  return i + 1;
}

}  // namespace

bool is_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), is_word_char);
}

Result<Pattern> Pattern::parse(std::string_view text) {
  Pattern pattern;
  pattern.m_text = std::string(text);
  // A plain path (no wildcards, no escaped braces) is its text and no segments (see the end):
  // decided before the character loop, which an `expand` of 100,000 paths would run through.
  if (text.find_first_of("{}") == std::string_view::npos) return pattern;
  std::string literal;
  auto flush_literal = [&] {
    if (!literal.empty()) pattern.m_segments.push_back({std::move(literal), -1});
    literal.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      literal += c;  // "{{" or "}}": a literal brace
      ++i;
      continue;
    }
    if (c == '}') {
      return pattern_error(
          fmt::format("unmatched '}}' in '{}' (write '}}}}' for a literal brace)", text), "}");
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    std::size_t start = i++;
    std::size_t name_start = i;
    while (i < text.size() && is_word_char(text[i]))
      ++i;
    std::string name(text.substr(name_start, i - name_start));
    std::optional<std::string> constraint;
    if (i < text.size() && text[i] == ',') {
      std::size_t constraint_start = ++i;
      while (i < text.size() && text[i] != '}') {
        std::size_t quantifier = quantifier_length(text.substr(i));
        i += quantifier > 0 ? quantifier : 1;
      }
      constraint = std::string(text.substr(constraint_start, i - constraint_start));
    } else if (i < text.size() && text[i] == ':' && is_identifier(name)) {
      // Snakemake refuses format specs in rule patterns too: a pattern is matched backwards
      // against file names, and "{i:03d}" says how to write a value, not what to match.
      std::size_t close = text.find('}', i);
      std::string written(text.substr(
          start, close == std::string_view::npos ? std::string_view::npos : close - start + 1));
      Error error = pattern_error(
          fmt::format("format spec in wildcard '{}': a rule's pattern is matched against file "
                      "names, not formatted",
                      written),
          written);
      error.notes.push_back(fmt::format(
          "write '{{{}}}' (with a constraint such as '{{{},[0-9]{{3}}}}' for three digits); "
          "format specs work in 'expand' patterns",
          name, name));
      return error;
    } else if (i < text.size() && text[i] != '}') {
      name.clear();  // not a name: report the whole "{...}" below
      i = text.find('}', i);
      if (i == std::string_view::npos) i = text.size();
    }
    if (i >= text.size()) {
      return pattern_error(fmt::format("unclosed '{{' in '{}'", text),
                           std::string(text.substr(start)));
    }
    std::string written(text.substr(start, i - start + 1));
    if (!is_identifier(name)) {
      return pattern_error(fmt::format("bad wildcard '{}': a name is letters, digits and '_' "
                                       "(write '{{{{' for a literal brace)",
                                       written),
                           written);
    }
    if (constraint && constraint->empty()) {
      return pattern_error(fmt::format("empty constraint in wildcard '{}'", written), written);
    }
    flush_literal();
    pattern.m_segments.push_back({"", static_cast<int>(pattern.m_uses.size())});
    pattern.m_uses.push_back({name, constraint});
  }
  flush_literal();
  // A plain path (no wildcards, no escaped braces) is its text: no segment copy, which
  // matters for the 100,000 inputs an `expand` can give one rule.
  if (pattern.m_uses.empty() && pattern.m_text.find_first_of("{}") == std::string::npos) {
    std::vector<Segment>().swap(pattern.m_segments);  // clear() would keep the allocation
  }
  return pattern;
}

std::vector<std::string> Pattern::wildcard_names() const {
  std::vector<std::string> names;
  for (const auto& use : m_uses) {
    if (std::find(names.begin(), names.end(), use.name) == names.end()) names.push_back(use.name);
  }
  return names;
}

void Pattern::bind(std::span<const std::string> names,
                   std::span<const std::optional<Regex>> constraints) {
  m_constraints.assign(constraints.begin(), constraints.end());
  std::size_t use = 0;
  for (auto& segment : m_segments) {
    if (segment.slot < 0) continue;
    const std::string& name = m_uses[use++].name;
    auto found = std::find(names.begin(), names.end(), name);
    assert(found != names.end());
    segment.slot = static_cast<int>(found - names.begin());
  }
}

std::string_view Pattern::literal_prefix() const {
  if (m_segments.empty()) return m_text;
  if (m_segments.front().slot >= 0) return {};
  return m_segments.front().literal;
}

std::string_view Pattern::literal_suffix() const {
  if (m_segments.empty()) return m_text;
  if (m_segments.back().slot >= 0) return {};
  if (m_segments.size() == 1) return m_segments.front().literal;
  return m_segments.back().literal;
}

Pattern Pattern::fill(const WildcardValues& values, std::size_t known) const {
  Pattern filled;
  filled.m_constraints = m_constraints;
  if (m_segments.empty()) {
    filled.m_text = m_text;
    return filled;
  }
  auto escaped = [](std::string_view literal) {
    std::string text;
    for (char c : literal) {
      if (c == '{' || c == '}') text += c;
      text += c;
    }
    return text;
  };
  auto add_literal = [&](std::string_view literal) {
    if (filled.m_segments.empty() || filled.m_segments.back().slot >= 0)
      filled.m_segments.push_back({"", -1});
    filled.m_segments.back().literal.append(literal);
    filled.m_text += escaped(literal);
  };
  std::size_t use = 0;
  for (const auto& segment : m_segments) {
    if (segment.slot < 0) {
      add_literal(segment.literal);
      continue;
    }
    const WildcardUse& written = m_uses[use++];
    auto slot = static_cast<std::size_t>(segment.slot);
    if (slot < known) {
      add_literal(slot < values.size() ? std::string_view(values[slot]) : std::string_view());
      continue;
    }
    filled.m_segments.push_back(segment);
    filled.m_uses.push_back(written);
    filled.m_text += '{';
    filled.m_text += written.name;
    if (written.inline_constraint) {
      filled.m_text += ',';
      filled.m_text += *written.inline_constraint;
    }
    filled.m_text += '}';
  }
  return filled;
}

bool Pattern::match(std::string_view path, WildcardValues& values) const {
  if (m_uses.empty()) return path == literal_prefix();
  std::string_view suffix = literal_suffix();
  if (path.size() < suffix.size() || path.substr(path.size() - suffix.size()) != suffix)
    return false;
  std::size_t slots = 0;
  for (const auto& segment : m_segments)
    slots = std::max<std::size_t>(slots, segment.slot + 1);
  if (values.size() < slots) values.resize(slots);
  // Which slots this match has set: on the stack for any pattern written by hand (matching
  // is most of resolving a path, and a heap allocation per try was a good part of it).
  bool small[32] = {};
  std::unique_ptr<bool[]> large;
  bool* assigned = small;
  if (values.size() > std::size(small)) {
    large = std::make_unique<bool[]>(values.size());
    assigned = large.get();
  }
  return match_from(0, path, values, assigned);
}

// Backtracking in the order a regex engine tries greedy groups, so that the first match
// found is the one Python's re (and so Snakemake) would report.
bool Pattern::match_from(std::size_t index, std::string_view rest, WildcardValues& values,
                         bool* assigned) const {
  if (index == m_segments.size()) return rest.empty();
  const Segment& segment = m_segments[index];
  if (segment.slot < 0) {
    if (rest.substr(0, segment.literal.size()) != segment.literal) return false;
    return match_from(index + 1, rest.substr(segment.literal.size()), values, assigned);
  }
  auto slot = static_cast<std::size_t>(segment.slot);
  if (assigned[slot]) {  // a repeated wildcard must match the same text again
    const std::string& value = values[slot];
    if (rest.substr(0, value.size()) != value) return false;
    return match_from(index + 1, rest.substr(value.size()), values, assigned);
  }
  const Regex* constraint =
      slot < m_constraints.size() && m_constraints[slot] ? &*m_constraints[slot] : nullptr;
  const Segment* next = index + 1 < m_segments.size() ? &m_segments[index + 1] : nullptr;
  auto try_length = [&](std::size_t length) {
    std::string_view candidate = rest.substr(0, length);
    if (constraint && !constraint->full_match(candidate)) return false;
    values[slot].assign(candidate);
    assigned[slot] = true;
    if (match_from(index + 1, rest.substr(length), values, assigned)) return true;
    assigned[slot] = false;
    return false;
  };
  if (next == nullptr) return !rest.empty() && try_length(rest.size());
  if (next->slot < 0) {
    // Only lengths where the next literal follows can succeed: try them longest first.
    std::size_t position = rest.size();
    while (position > 0) {
      position = rest.rfind(next->literal, position - 1);
      if (position == std::string_view::npos || position == 0) return false;
      if (try_length(position)) return true;
    }
    return false;
  }
  for (std::size_t length = rest.size(); length >= 1; --length) {
    if (try_length(length)) return true;
  }
  return false;
}

std::string Pattern::apply(const WildcardValues& values) const {
  if (m_segments.empty()) return m_text;
  std::string result;
  for (const auto& segment : m_segments) {
    if (segment.slot < 0) {
      result += segment.literal;
    } else {
      result += values[static_cast<std::size_t>(segment.slot)];
    }
  }
  return result;
}

}  // namespace flow::pattern
