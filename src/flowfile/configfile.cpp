#include "flowfile/configfile.h"

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flowfile/yaml/reader.h"

namespace flow::flowfile {
namespace {

void merge_one(Node& config, const Node& entry, bool skip_missing, const sys::Filesystem& fs,
               SourceTexts& texts, ErrorList& errors) {
  if (!entry.is_scalar() || entry.scalar.empty()) {
    errors.add(entry.location,
               "'configfile' must be a file name or a list of them, not " + describe(entry));
    return;
  }
  const std::string& path = entry.scalar;
  auto stat = fs.stat(path);
  if (skip_missing && stat && !stat->exists) return;
  auto text = fs.read_file(path);
  if (!text) {
    Error& error = errors.add(entry.location, fmt::format("cannot read configfile '{}'", path));
    error.notes.push_back(text.error().message);
    error.notes.emplace_back("configfile paths are relative to the working directory");
    return;
  }
  texts.add(path, *text);
  yaml::YamlDocument document = yaml::read_yaml(*text, path);
  for (auto& error : document.errors)
    errors.add(std::move(error));
  if (!document.root) return;
  const Node& root = *document.root;
  if (root.is_mapping()) {
    deep_merge(config, root);
  } else if (root.kind != Node::Kind::null) {
    Error& error = errors.add(
        root.location,
        fmt::format("configfile '{}' must hold a mapping, not {}", path, describe(root)));
    error.notes.push_back("named at " + location_text(entry.location));
  }
}

}  // namespace

void merge_configfiles(Node& config, const Node& root, bool skip_missing, const sys::Filesystem& fs,
                       SourceTexts& texts, ErrorList& errors) {
  const Node* node = root.find("configfile");
  if (node == nullptr || node->kind == Node::Kind::null) return;
  if (node->is_sequence()) {
    for (const auto& entry : node->items)
      merge_one(config, entry, skip_missing, fs, texts, errors);
  } else {
    merge_one(config, *node, skip_missing, fs, texts, errors);
  }
}

}  // namespace flow::flowfile
