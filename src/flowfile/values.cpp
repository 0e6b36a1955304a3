#include "flowfile/values.h"

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::flowfile {
namespace {

constexpr std::string_view k_config_open = "{config.";

// Spellings for "did you mean" of a dotted key: the keys of the deepest mapping that exists
// along the path, with the path's prefix and its remaining parts around them.
std::vector<std::string> config_key_candidates(const Node& config, std::string_view key) {
  std::vector<std::string> parts = split(key, '.');
  const Node* parent = &config;
  std::string prefix;
  std::size_t depth = 0;
  for (; depth + 1 < parts.size(); ++depth) {
    const Node* child = parent->find(parts[depth]);
    if (child == nullptr || !child->is_mapping()) break;
    parent = child;
    prefix += parts[depth] + ".";
  }
  std::string rest;
  for (std::size_t i = depth + 1; i < parts.size(); ++i)
    rest += "." + parts[i];
  std::vector<std::string> candidates;
  for (const auto& entry : parent->entries)
    candidates.push_back(prefix + entry.first + rest);
  return candidates;
}

// The text a config value stands for inside a string.
std::optional<std::string> config_text(std::string_view key, std::string_view placeholder,
                                       const SourceLocation& location, Context& ctx) {
  const Node* node = find_config(key, location, placeholder, ctx);
  if (node == nullptr) return std::nullopt;
  std::string problem;
  if (node->is_scalar()) return node->scalar;
  if (node->is_sequence()) {
    std::vector<std::string> items;
    items.reserve(node->items.size());
    for (const auto& item : node->items) {
      if (!item.is_scalar()) {
        problem = "holds a list of lists or mappings";
        break;
      }
      items.push_back(item.scalar);
    }
    if (problem.empty()) return join(items, " ");
  } else if (node->is_mapping()) {
    problem = "holds a mapping";
  } else {
    problem = "is empty";
  }
  Error& error = ctx.error(location, fmt::format("config key '{}' {}, which cannot be inserted "
                                                 "into a string",
                                                 key, problem));
  error.anchor = std::string(placeholder);
  return std::nullopt;
}

}  // namespace

Error& Context::error(const SourceLocation& location, const std::string& message) {
  return errors.add(location, prefix + message);
}

const Node* find_config(std::string_view key, const SourceLocation& location,
                        std::string_view anchor, Context& ctx) {
  if (const Node* node = find_path(ctx.config, key)) return node;
  Error& error = ctx.error(location, "unknown config key " + quote(key));
  error.anchor = std::string(anchor);
  add_suggestion(error, key, config_key_candidates(ctx.config, key), false);
  return nullptr;
}

std::optional<std::string> substitute_config(const std::string& text,
                                             const SourceLocation& location, Context& ctx) {
  std::size_t last_close = text.rfind('}');
  if (text.find(k_config_open) == std::string::npos || last_close == std::string::npos) {
    return text;
  }
  std::string out;
  out.reserve(text.size());
  bool ok = true;
  // One pass: a "{config." only looks for its '}' when one is known to follow.
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
      out.append(text, i, 2);  // escapes stay for the pattern and template parsers
      i += 2;
      continue;
    }
    std::size_t close = text.compare(i, k_config_open.size(), k_config_open) == 0 && i < last_close
                            ? text.find('}', i)
                            : std::string::npos;
    if (close != std::string::npos) {
      std::string_view placeholder(text.data() + i, close - i + 1);
      std::string_view key = placeholder.substr(k_config_open.size());
      key.remove_suffix(1);
      if (key.find('[') != std::string_view::npos) {
        out += placeholder;  // {config.KEY[w]...}: a lookup per job, for the rules (spec §6)
      } else if (auto value = config_text(key, placeholder, location, ctx)) {
        out += *value;
      } else {
        ok = false;
      }
      i = close + 1;
      continue;
    }
    out += text[i++];
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<Text> read_text(const Node& node, std::string_view what, Context& ctx) {
  if (!node.is_scalar()) {
    Error& error = ctx.error(node.location,
                             fmt::format("'{}' must be a string, not {}", what, describe(node)));
    // `shell: {config.x} > out` is a YAML flow mapping: the user meant a placeholder.
    if (node.is_mapping() && node.entries.size() == 1 &&
        node.entries.front().first.starts_with("config.")) {
      error.notes.push_back(
          fmt::format("a value that starts with '{{' is a YAML mapping; quote it: \"{{{}}}...\"",
                      node.entries.front().first));
    }
    return std::nullopt;
  }
  auto value = substitute_config(node.scalar, node.location, ctx);
  if (!value) return std::nullopt;
  return Text{std::move(*value), node.location};
}

std::optional<std::int64_t> read_int(const Node& node, std::string_view what, Context& ctx,
                                     std::int64_t min, std::int64_t max) {
  if (!node.is_scalar()) {
    ctx.error(node.location, fmt::format("'{}' must be an integer, not {}", what, describe(node)));
    return std::nullopt;
  }
  auto text = substitute_config(node.scalar, node.location, ctx);
  if (!text) return std::nullopt;
  auto value = parse_int(trim(*text));
  if (!value) {
    ctx.error(node.location, fmt::format("'{}' must be an integer, not {}", what, quote(*text)));
  } else if (*value < min) {
    ctx.error(node.location, fmt::format("'{}' must be at least {}, not {}", what, min, *value));
  } else if (*value > max) {
    ctx.error(node.location, fmt::format("'{}' must be at most {}, not {}", what, max, *value));
  } else {
    return value;
  }
  return std::nullopt;
}

std::optional<bool> read_bool(const Node& node, std::string_view what, Context& ctx) {
  if (!node.is_scalar()) {
    ctx.error(node.location,
              fmt::format("'{}' must be true or false, not {}", what, describe(node)));
    return std::nullopt;
  }
  auto text = substitute_config(node.scalar, node.location, ctx);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "True" || *text == "TRUE") return true;
  if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  ctx.error(node.location, fmt::format("'{}' must be true or false, not {}", what, quote(*text)));
  return std::nullopt;
}

std::vector<Text> read_text_list(const Node& node, std::string_view what, Context& ctx) {
  std::vector<Text> texts;
  if (node.is_scalar()) {
    if (auto text = read_text(node, what, ctx)) texts.push_back(std::move(*text));
  } else if (node.is_sequence()) {
    texts.reserve(node.items.size());
    for (const auto& item : node.items) {
      if (!item.is_scalar()) {
        ctx.error(item.location,
                  fmt::format("items of '{}' must be strings, not {}", what, describe(item)));
      } else if (auto text = read_text(item, what, ctx)) {
        texts.push_back(std::move(*text));
      }
    }
  } else if (node.is_mapping()) {
    ctx.error(node.location, fmt::format("'{}' must be a string or a list of strings, not {}", what,
                                         describe(node)));
  }
  return texts;
}

namespace {

// A list of scalars as one text, items joined with spaces (params, spec §1).
std::optional<Text> read_joined(const Node& node, const std::string& what, Context& ctx) {
  std::vector<std::string> parts;
  bool ok = true;
  for (const auto& item : node.items) {
    auto text = item.is_scalar() ? read_text(item, what, ctx) : std::nullopt;
    if (!item.is_scalar()) {
      ctx.error(item.location,
                fmt::format("items of '{}' must be strings, not {}", what, describe(item)));
    }
    if (text) parts.push_back(std::move(text->value));
    ok = ok && text.has_value();
  }
  if (!ok) return std::nullopt;
  return Text{join(parts, " "), node.location};
}

}  // namespace

std::vector<std::pair<std::string, Text>> read_named_texts(const Node& node, std::string_view what,
                                                           ListValues lists, Context& ctx) {
  std::vector<std::pair<std::string, Text>> result;
  if (node.kind == Node::Kind::null) return result;
  if (!node.is_mapping()) {
    ctx.error(node.location, fmt::format("'{}' must be a mapping of names to values, not {}", what,
                                         describe(node)));
    return result;
  }
  for (const auto& [name, value] : node.entries) {
    if (!is_identifier(name)) {
      ctx.error(value.key_location,
                fmt::format("names in '{}' must be identifiers, not {}", what, quote(name)));
      continue;
    }
    std::string full = fmt::format("{}.{}", what, name);
    std::optional<Text> text;
    if (value.is_sequence() && lists == ListValues::joined) {
      text = read_joined(value, full, ctx);
    } else if (value.is_scalar()) {
      text = read_text(value, full, ctx);
    } else {
      ctx.error(
          value.location,
          fmt::format("'{}' must be a string{}, not {}", full,
                      lists == ListValues::joined ? " or a list of strings" : "", describe(value)));
    }
    if (text) result.emplace_back(name, std::move(*text));
  }
  return result;
}

}  // namespace flow::flowfile
