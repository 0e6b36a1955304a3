#include "flowfile/config_overrides.h"

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flowfile/yaml/reader.h"

namespace flow::flowfile {
namespace {

Result<void> apply_config_file(Node& config, const std::string& path, const sys::Filesystem& fs,
                               SourceTexts& texts, ErrorList& errors) {
  auto text = fs.read_file(path);
  if (!text) {
    Error error = make_error(ErrorKind::usage, fmt::format("cannot read --configfile '{}'", path));
    error.notes.push_back(text.error().message);
    return error;
  }
  texts.add(path, *text);
  yaml::YamlDocument document = yaml::read_yaml(*text, path);
  for (auto& error : document.errors)
    errors.add(std::move(error));
  if (!document.root) return ok_result();
  const Node& root = *document.root;
  if (root.is_mapping()) {
    deep_merge(config, root);
  } else if (root.kind != Node::Kind::null) {
    errors.add(root.location,
               fmt::format("--configfile '{}' must hold a mapping, not {}", path, describe(root)));
  }
  return ok_result();
}

Error assignment_error(const std::string& assignment, const std::string& problem) {
  return make_error(ErrorKind::usage, fmt::format("--config '{}': {}", assignment, problem));
}

// KEY=VALUE as a mapping {KEY: VALUE}, nested for a dotted KEY.
Result<Node> parse_assignment(const std::string& assignment) {
  std::size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    return assignment_error(assignment, "expected KEY=VALUE");
  }
  std::vector<std::string> parts = split(assignment.substr(0, equals), '.');
  for (const auto& part : parts) {
    if (trim(part).empty()) return assignment_error(assignment, "a part of the key is empty");
  }
  std::string value_text = assignment.substr(equals + 1);
  Node value;
  value.kind = Node::Kind::scalar;  // an empty VALUE is the empty string
  value.quoted = true;
  if (!trim(value_text).empty()) {
    yaml::YamlDocument document = yaml::read_yaml(value_text, "--config");
    if (!document.errors.empty() || !document.root) {
      Error error = assignment_error(assignment, "the value is not valid YAML");
      if (!document.errors.empty()) error.notes.push_back(document.errors.front().message);
      return error;
    }
    value = std::move(*document.root);
  }
  for (std::size_t i = parts.size(); i-- > 0;) {
    Node mapping;
    mapping.kind = Node::Kind::mapping;
    mapping.entries.emplace_back(parts[i], std::move(value));
    value = std::move(mapping);
  }
  return value;
}

}  // namespace

Result<void> apply_config_overrides(Node& config, const ConfigOverrides& overrides,
                                    const sys::Filesystem& fs, SourceTexts& texts,
                                    ErrorList& errors) {
  for (const auto& path : overrides.config_files) {
    auto applied = apply_config_file(config, path, fs, texts, errors);
    if (!applied) return applied;
  }
  for (const auto& assignment : overrides.assignments) {
    auto over = parse_assignment(assignment);
    if (!over) return std::move(over).error();
    deep_merge(config, *over);
  }
  return ok_result();
}

}  // namespace flow::flowfile
