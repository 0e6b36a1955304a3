#include "flowfile/multiext.h"

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::flowfile {
namespace {

// Adds PREFIX + SUFFIX; false after reporting a bad suffix.
bool add_path(const Text& prefix, const Node& suffix_node, const std::string& name,
              std::uint8_t flags, Context& ctx, std::vector<FileItem>& out) {
  auto suffix = read_text(suffix_node, "multiext", ctx);
  if (!suffix) return false;
  if (suffix->value.find('/') != std::string::npos) {
    ctx.error(suffix_node.location,
              fmt::format("multiext suffix {} has a '/': suffixes extend the prefix's file name "
                          "(put directories in the prefix)",
                          quote(suffix->value)));
    return false;
  }
  std::string path = prefix.value;
  path += suffix->value;
  if (path.empty()) {
    ctx.error(suffix_node.location, "multiext makes an empty path");
    return false;
  }
  out.push_back(FileItem{name, std::move(path), flags, prefix.location, {}, {}});
  return true;
}

}  // namespace

void read_multiext_item(const Node& node, FileSection section, const std::string& name,
                        Context& ctx, std::vector<FileItem>& out) {
  std::uint8_t flags = 0;
  bool ok = true;
  for (const auto& [key, value] : node.entries) {
    if (key == "multiext" || read_file_flag(key, value, section, ctx, flags)) continue;
    Error& error =
        ctx.error(value.key_location, fmt::format("unknown key {} in a multiext item of '{}'",
                                                  quote(key), section_name(section)));
    add_suggestion(error, key, allowed_flags(section), true);
    ok = false;
  }
  ok = check_flag_combination(node, flags, ctx) && ok;
  const Node& list = *node.find("multiext");
  if (!list.is_sequence() || list.items.size() < 2) {
    ctx.error(list.location,
              "'multiext' needs a prefix and its suffixes: [PREFIX, SUFFIX, ...] or "
              "[PREFIX, {NAME: SUFFIX, ...}]");
    return;
  }
  auto prefix = read_text(list.items[0], "multiext prefix", ctx);
  if (!prefix || !ok) return;
  std::size_t first = out.size();
  bool named = list.items.size() == 2 && list.items[1].is_mapping();
  if (named && !name.empty()) {
    ctx.error(list.items[1].location,
              fmt::format("the named item '{}.{}' cannot hold named multiext suffixes (each "
                          "suffix's name names its path)",
                          section_name(section), name));
    return;
  }
  for (std::size_t i = 1; i < list.items.size() && ok; ++i) {
    const Node& item = list.items[i];
    if (named) {
      for (const auto& [suffix_name, suffix] : item.entries) {
        if (!is_identifier(suffix_name)) {
          ctx.error(suffix.key_location,
                    fmt::format("multiext names must be identifiers, not {}", quote(suffix_name)));
          ok = false;
        } else {
          ok = add_path(*prefix, suffix, suffix_name, flags, ctx, out) && ok;
        }
      }
    } else if (item.is_mapping()) {
      ctx.error(item.location,
                "multiext takes named suffixes ([PREFIX, {NAME: SUFFIX, ...}]) or positional "
                "ones, not a mix (as Snakemake)");
      ok = false;
    } else {
      ok = add_path(*prefix, item, name, flags, ctx, out) && ok;
    }
  }
  if (!ok) out.resize(first);
}

}  // namespace flow::flowfile
