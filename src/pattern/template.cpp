#include "flow/pattern/template.h"
#include "flow/base/did_you_mean.h"

#include <array>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/pattern/pattern.h"

namespace flow::pattern {
namespace {

struct KindInfo {
  PlaceholderKind kind;
  std::string_view name;
  bool takes_key;    // {x.NAME}
  bool takes_index;  // {x[N]}
  bool needs_key;    // {x} alone is not allowed
};

constexpr std::array k_kinds = {
    KindInfo{PlaceholderKind::input, "input", true, true, false},
    KindInfo{PlaceholderKind::output, "output", true, true, false},
    KindInfo{PlaceholderKind::log, "log", true, true, false},
    KindInfo{PlaceholderKind::params, "params", true, false, true},
    KindInfo{PlaceholderKind::wildcards, "wildcards", true, false, false},
    KindInfo{PlaceholderKind::threads, "threads", false, false, false},
    KindInfo{PlaceholderKind::resources, "resources", true, false, true},
    KindInfo{PlaceholderKind::rule, "rule", false, false, false},
    KindInfo{PlaceholderKind::jobid, "jobid", false, false, false},
    KindInfo{PlaceholderKind::attempt, "attempt", false, false, false},
};

Error template_error(std::string message, std::string anchor) {
  Error error = make_error(ErrorKind::flowfile, std::move(message));
  error.anchor = std::move(anchor);
  return error;
}

// Parses the inside of "{...}" (without braces and without a `:q`/`:raw` suffix).
Result<Placeholder> parse_plain_placeholder(std::string_view inner, std::string written) {
  std::size_t word_end = 0;
  while (word_end < inner.size() && inner[word_end] != '.' && inner[word_end] != '[')
    ++word_end;
  std::string_view word = inner.substr(0, word_end);
  if ((word == "tables" || word == "config") && word_end < inner.size()) {
    // A lookup per job (spec §6); the rules module checks what it names.
    return Placeholder{PlaceholderKind::lookup, std::string(inner), std::nullopt,
                       std::move(written)};
  }
  const KindInfo* info = nullptr;
  for (const auto& candidate : k_kinds) {
    if (candidate.name == word) info = &candidate;
  }
  if (info == nullptr) {
    Error error = template_error(fmt::format("unknown placeholder '{}'", written), written);
    std::vector<std::string> names;
    for (const auto& candidate : k_kinds)
      names.emplace_back(candidate.name);
    // The hint keeps what followed the word: "{inptu.text}" -> "{input.text}".
    std::string rest = fmt::format("{}}}", inner.substr(word_end));
    if (add_did_you_mean(error, word, names, "{", rest)) return error;
    if (word == "config") {
      error.notes.push_back("config values are written '{config.KEY}' with a key that exists");
    } else {
      error.notes.push_back(
          "placeholders are {input}, {output}, {log}, {params.NAME}, {wildcards.NAME}, {threads}, "
          "{resources.NAME}, {rule}, {jobid}, {attempt}; write '{{' and '}}' for literal braces");
    }
    return error;
  }
  Placeholder placeholder;
  placeholder.kind = info->kind;
  placeholder.text = std::move(written);
  std::string_view rest = inner.substr(word_end);
  if (rest.empty()) {
    if (info->needs_key) {
      return template_error(
          fmt::format("'{}' needs a name: {{{}.NAME}}", placeholder.text, info->name),
          placeholder.text);
    }
    return placeholder;
  }
  if (rest[0] == '.' && info->takes_key && is_identifier(rest.substr(1))) {
    placeholder.key = std::string(rest.substr(1));
    return placeholder;
  }
  if (rest[0] == '[' && info->takes_index && rest.back() == ']') {
    if (auto index = parse_int(rest.substr(1, rest.size() - 2)); index && *index >= 0) {
      placeholder.index = static_cast<int>(*index);
      return placeholder;
    }
  }
  std::string expected = info->takes_key && info->takes_index
                             ? fmt::format("{{{0}}}, {{{0}.NAME}} or {{{0}[N]}}", info->name)
                         : info->takes_key ? fmt::format("{{{0}.NAME}}", info->name)
                                           : fmt::format("{{{0}}}", info->name);
  return template_error(
      fmt::format("malformed placeholder '{}': expected {}", placeholder.text, expected),
      placeholder.text);
}

// Parses the inside of "{...}" (without braces) into a placeholder.
Result<Placeholder> parse_placeholder(std::string_view inner, std::string written) {
  PlaceholderQuoting quoting = PlaceholderQuoting::as_kind;
  if (inner.ends_with(":q")) {
    quoting = PlaceholderQuoting::quoted;
    inner.remove_suffix(2);
  } else if (inner.ends_with(":raw")) {
    quoting = PlaceholderQuoting::raw;
    inner.remove_suffix(4);
  }
  auto placeholder = parse_plain_placeholder(inner, std::move(written));
  if (placeholder) placeholder->quoting = quoting;
  return placeholder;
}

}  // namespace

std::string_view placeholder_kind_name(PlaceholderKind kind) {
  if (kind == PlaceholderKind::lookup) return "lookup";
  for (const auto& info : k_kinds) {
    if (info.kind == kind) return info.name;
  }
  return "?";
}

Result<Template> Template::parse(std::string_view text) {
  Template result;
  result.m_text = std::string(text);
  std::string literal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      literal += c;
      ++i;
      continue;
    }
    if (c == '}') {
      return template_error("unmatched '}' (write '}}' for a literal brace)", "}");
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    std::size_t close = text.find_first_of("{}", i + 1);
    if (close == std::string_view::npos || text[close] != '}') {
      return template_error(
          "unclosed '{' (write '{{' for a literal brace)",
          std::string(text.substr(i, close == std::string_view::npos ? 20 : close - i)));
    }
    std::string written(text.substr(i, close - i + 1));
    auto placeholder = parse_placeholder(trim(text.substr(i + 1, close - i - 1)), written);
    if (!placeholder) return placeholder.error();
    result.m_parts.push_back({std::move(literal), std::move(*placeholder)});
    literal.clear();
    i = close;
  }
  if (!literal.empty() || result.m_parts.empty())
    result.m_parts.push_back({std::move(literal), {}});
  return result;
}

Template Template::literal(std::string text) {
  Template result;
  result.m_text = text;
  result.m_parts.push_back({std::move(text), {}});
  return result;
}

bool Template::has_placeholders() const {
  for (const auto& part : m_parts) {
    if (part.placeholder) return true;
  }
  return false;
}

std::string Template::render(
    const std::function<void(const Placeholder&, std::string& out)>& value) const {
  std::string out;
  for (const auto& part : m_parts) {
    out += part.literal;
    if (part.placeholder) value(*part.placeholder, out);
  }
  return out;
}

}  // namespace flow::pattern
