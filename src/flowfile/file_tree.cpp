#include "flowfile/file_tree.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flowfile/snakemake_keys.h"
#include "flowfile/yaml/reader.h"

namespace flow::flowfile {
namespace {

const std::vector<std::string>& top_level_keys() {
  static const std::vector<std::string> keys = {
      "config",    "configfile", "include", "tables",    "wildcard_constraints",
      "ruleorder", "localrules", "python",  "container", "rules"};
  return keys;
}

class TreeLoader {
 public:
  TreeLoader(const sys::Filesystem& fs, SourceTexts& texts, ErrorList& errors)
      : m_fs(fs), m_texts(texts), m_errors(errors) {}

  // Parses `text` as `path` and then its includes; returns false when it cannot be parsed.
  bool load(const std::string& path, const std::string& text) {
    m_texts.add(path, text);
    yaml::YamlDocument document = yaml::read_yaml(text, path);
    for (auto& error : document.errors)
      m_errors.add(std::move(error));
    if (!document.root) return false;
    std::size_t index = m_files.size();
    m_files.push_back(LoadedFile{path, std::move(*document.root), {}});
    if (!check_top_level(m_files[index].root)) return true;
    m_chain.push_back(normalize_path(path));
    for (const Node& entry : include_entries(m_files[index].root)) {
      std::size_t child = m_files.size();
      if (include(entry, path)) m_files[index].includes.push_back(child);
    }
    m_chain.pop_back();
    return true;
  }

  std::vector<LoadedFile> take() { return std::move(m_files); }

 private:
  bool check_top_level(const Node& root) {
    if (root.kind == Node::Kind::null) return false;
    if (!root.is_mapping()) {
      m_errors.add(root.location, fmt::format("a workflow file must be a mapping with keys such "
                                              "as 'rules' and 'config', not {}",
                                              describe(root)));
      return false;
    }
    for (const auto& [key, value] : root.entries) {
      const auto& keys = top_level_keys();
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      if (key.starts_with("x-")) continue;  // free for YAML anchors, as in docker-compose
      if (auto hint = snakemake_top_level_key(key)) {
        Error& error = m_errors.add(value.key_location, fmt::format("unknown top-level key {}: {}",
                                                                    quote(key), hint->problem));
        error.notes.emplace_back(hint->instead);
        continue;
      }
      Error& error = m_errors.add(value.key_location, "unknown top-level key " + quote(key));
      add_suggestion(error, key, keys, true);
    }
    return true;
  }

  // The scalars of `include:` (one name or a list); other shapes are reported.
  std::vector<Node> include_entries(const Node& root) {
    const Node* include = root.find("include");
    if (include == nullptr || include->kind == Node::Kind::null) return {};
    if (include->is_scalar()) return {*include};
    std::vector<Node> entries;
    for (const auto& item : include->items) {
      if (item.is_scalar()) {
        entries.push_back(item);
      } else {
        m_errors.add(item.location, "items of 'include' must be file names, not " + describe(item));
      }
    }
    if (include->is_mapping()) {
      m_errors.add(include->location,
                   "'include' must be a file name or a list of them, not " + describe(*include));
    }
    return entries;
  }

  bool include(const Node& entry, const std::string& from) {
    std::string path = resolve(from, entry.scalar);
    if (auto start = std::find(m_chain.begin(), m_chain.end(), path); start != m_chain.end()) {
      std::vector<std::string> cycle(start, m_chain.end());
      cycle.push_back(path);
      m_errors.add(entry.location, "include cycle: " + join(cycle, " -> "));
      return false;
    }
    auto [first, inserted] = m_included_at.emplace(path, entry.location);
    if (!inserted) {
      Error& error = m_errors.add(entry.location, fmt::format("'{}' is included twice", path));
      error.notes.push_back("first included at " + location_text(first->second));
      return false;
    }
    auto text = m_fs.read_file(path);
    if (!text) {
      Error& error = m_errors.add(entry.location, fmt::format("cannot include '{}'", entry.scalar));
      error.notes.push_back(text.error().message);
      return false;
    }
    return load(path, *text);
  }

  static std::string resolve(const std::string& from, const std::string& name) {
    if (name.starts_with('/')) return normalize_path(name);
    std::string dir = sys::parent_dir(from);
    return normalize_path(dir.empty() ? name : dir + "/" + name);
  }

  const sys::Filesystem& m_fs;
  SourceTexts& m_texts;
  ErrorList& m_errors;
  std::vector<LoadedFile> m_files;
  std::vector<std::string> m_chain;  // the files being loaded, outermost first
  std::unordered_map<std::string, SourceLocation> m_included_at;
};

}  // namespace

std::string normalize_path(const std::string& path) {
  std::vector<std::string> parts;
  for (auto& part : split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else {
      parts.push_back(std::move(part));
    }
  }
  std::string joined = join(parts, "/");
  if (path.starts_with('/')) return "/" + joined;
  return joined.empty() ? "." : joined;
}

std::vector<LoadedFile> load_file_tree(const std::string& path, const std::string& text,
                                       const sys::Filesystem& fs, SourceTexts& texts,
                                       ErrorList& errors) {
  TreeLoader loader(fs, texts, errors);
  loader.load(path, text);
  return loader.take();
}

}  // namespace flow::flowfile
