#include "flowfile/file_items.h"

#include <unordered_map>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flowfile/expand.h"
#include "flowfile/glob_items.h"
#include "flowfile/multiext.h"

namespace flow::flowfile {
namespace {

struct FlagInfo {
  std::string_view name;
  std::uint8_t bit;
  bool on_input;  // input flag; the others belong to output, log and benchmark
};

constexpr FlagInfo k_flags[] = {
    {"temp", k_flag_temp, false},           {"protected", k_flag_protected, false},
    {"directory", k_flag_directory, false}, {"touch", k_flag_touch, false},
    {"ancient", k_flag_ancient, true},      {"report", k_flag_report, false},
    {"pipe", k_flag_pipe, false},
};

class SectionReader {
 public:
  SectionReader(FileSection section, Context& ctx) : m_section(section), m_ctx(ctx) {}

  // `path`, `expand` and `glob` are reserved: a mapping with one is one item, any other mapping
  // is a set of named items.
  std::vector<FileItem> read(const Node& node) {
    if (node.is_sequence()) {
      for (const auto& item : node.items)
        read_item(item, "");
    } else if (node.kind != Node::Kind::null) {
      read_item(node, "");
    }
    return std::move(m_items);
  }

 private:
  std::string what() const { return std::string(section_name(m_section)); }

  void read_item(const Node& node, const std::string& name) {
    if (node.is_scalar()) {
      add_pattern(node, what(), name, 0);
    } else if (node.is_sequence()) {
      for (const auto& item : node.items)
        read_item(item, name);
    } else if (node.is_mapping() && node.find("glob")) {
      read_glob_item(node, m_section, name, m_ctx, m_items);
    } else if (node.is_mapping() && node.find("path") && node.find("expand")) {
      m_ctx.error(node.location,
                  fmt::format("an item of '{}' has 'path' or 'expand', not both", what()));
    } else if (node.find("path")) {
      read_path_item(node, name);
    } else if (node.find("expand")) {
      read_expand_item(node, m_section, name, m_ctx, m_items);
    } else if (node.find("multiext")) {
      read_multiext_item(node, m_section, name, m_ctx, m_items);
    } else if (node.is_mapping() && name.empty()) {
      read_named(node);
    } else if (node.is_mapping()) {
      m_ctx.error(node.location, fmt::format("the named item '{}.{}' cannot hold named items "
                                             "(a file item mapping needs 'path' or 'expand')",
                                             what(), name));
    } else {
      m_ctx.error(node.location, fmt::format("'{}' has an empty item", what()));
    }
  }

  void read_named(const Node& mapping) {
    for (const auto& [name, value] : mapping.entries) {
      if (!is_identifier(name)) {
        m_ctx.error(value.key_location,
                    fmt::format("names in '{}' must be identifiers, not {}", what(), quote(name)));
        continue;
      }
      auto [it, inserted] = m_names.emplace(name, value.key_location);
      if (!inserted) {
        Error& error = m_ctx.error(value.key_location,
                                   fmt::format("'{}' has two items named {}", what(), quote(name)));
        error.notes.push_back("the first is at " + location_text(it->second));
        continue;
      }
      read_item(value, name);
    }
  }

  void read_path_item(const Node& node, const std::string& name) {
    std::uint8_t flags = 0;
    for (const auto& [key, value] : node.entries) {
      if (key == "path" || read_file_flag(key, value, m_section, m_ctx, flags)) continue;
      Error& error = m_ctx.error(
          value.key_location, fmt::format("unknown key {} in an item of '{}'", quote(key), what()));
      std::vector<std::string> candidates = allowed_flags(m_section);
      candidates.insert(candidates.begin(), "path");
      add_suggestion(error, key, candidates, true);
    }
    if (!check_flag_combination(node, flags, m_ctx)) return;
    add_pattern(*node.find("path"), "path", name, flags);
  }

  void add_pattern(const Node& node, const std::string& what_value, const std::string& name,
                   std::uint8_t flags) {
    auto text = read_text(node, what_value, m_ctx);
    if (!text) return;
    if (text->value.empty()) {
      m_ctx.error(node.location, fmt::format("'{}' has an empty path", what()));
      return;
    }
    m_items.push_back(
        FileItem{name, std::move(text->value), flags, std::move(text->location), {}, {}});
  }

  FileSection m_section;
  Context& m_ctx;
  std::vector<FileItem> m_items;
  std::unordered_map<std::string, SourceLocation> m_names;
};

}  // namespace

std::string_view section_name(FileSection section) {
  switch (section) {
    case FileSection::input:
      return "input";
    case FileSection::output:
      return "output";
    case FileSection::log:
      return "log";
    case FileSection::benchmark:
      return "benchmark";
  }
  return "input";
}

std::vector<std::string> allowed_flags(FileSection section) {
  std::vector<std::string> names;
  for (const auto& flag : k_flags) {
    if (flag.bit == k_flag_pipe && section != FileSection::output) continue;
    if (flag.on_input == (section == FileSection::input)) names.emplace_back(flag.name);
  }
  return names;
}

std::vector<FileItem> read_file_section(const Node& node, FileSection section, Context& ctx) {
  return SectionReader(section, ctx).read(node);
}

bool check_flag_combination(const Node& item, std::uint8_t flags, Context& ctx) {
  if ((flags & k_flag_pipe) == 0) return true;
  // Spec §8: nothing is ever written to disk for a pipe, so there is nothing to keep a
  // directory of, delete after use, protect or touch.
  constexpr std::pair<std::uint8_t, std::string_view> k_conflicts[] = {
      {k_flag_directory, "directory"}, {k_flag_temp, "temp"},     {k_flag_protected, "protected"},
      {k_flag_touch, "touch"},         {k_flag_report, "report"},
  };
  for (const auto& [bit, name] : k_conflicts) {
    if ((flags & bit) == 0) continue;
    const Node* entry = item.find("pipe");
    ctx.error(entry ? entry->key_location : item.location,
              fmt::format("a pipe output cannot also be '{}': nothing is written to disk for a "
                          "pipe (spec §8)",
                          name));
    return false;
  }
  return true;
}

bool read_file_flag(const std::string& key, const Node& value, FileSection section, Context& ctx,
                    std::uint8_t& flags) {
  for (const auto& flag : k_flags) {
    if (flag.name != key) continue;
    if (flag.bit == k_flag_pipe && section != FileSection::output) {
      Error& error = ctx.error(value.key_location, fmt::format("flag 'pipe' is not allowed in '{}'",
                                                               section_name(section)));
      error.notes.push_back("a pipe is an output: `output: {path: reads.fifo, pipe: true}`");
    } else if (flag.on_input != (section == FileSection::input)) {
      Error& error = ctx.error(value.key_location, fmt::format("flag '{}' is not allowed in '{}'",
                                                               key, section_name(section)));
      error.notes.push_back(
          fmt::format("{} flags: {}", section_name(section), join(allowed_flags(section), ", ")));
    } else if (auto on = read_bool(value, key, ctx); on && *on) {
      flags |= flag.bit;
    }
    return true;
  }
  return false;
}

}  // namespace flow::flowfile
