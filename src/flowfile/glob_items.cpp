#include "flowfile/glob_items.h"

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flowfile/diagnostics.h"

namespace flow::flowfile {

void read_glob_item(const Node& node, FileSection section, const std::string& name, Context& ctx,
                    std::vector<FileItem>& out) {
  const Node& glob_node = *node.find("glob");
  if (section != FileSection::input) {
    Error& error = ctx.error(glob_node.key_location,
                             fmt::format("a 'glob' item is only allowed in 'input', not in '{}'",
                                         section_name(section)));
    error.notes.push_back("a glob lists files that exist; a rule's outputs are the files it makes");
    return;
  }
  std::uint8_t flags = 0;
  bool ok = true;
  for (const auto& [key, value] : node.entries) {
    if (key == "glob" || key == "expand") continue;
    if (read_file_flag(key, value, section, ctx, flags)) continue;
    Error& error = ctx.error(value.key_location,
                             fmt::format("unknown key {} in a glob item of 'input'", quote(key)));
    std::vector<std::string> candidates = allowed_flags(section);
    candidates.insert(candidates.begin(), {"glob", "expand"});
    add_suggestion(error, key, candidates, true);
    ok = false;
  }
  auto glob = read_text(glob_node, "glob", ctx);
  if (!glob) return;
  if (glob->value.empty()) {
    ctx.error(glob_node.location, "'input' has an empty glob");
    return;
  }
  FileItem item{name, glob->value, flags, glob->location, {}, {}};
  if (const Node* expand_node = node.find("expand")) {
    auto expand = read_text(*expand_node, "expand", ctx);
    if (!expand) return;
    if (expand->value.empty()) {
      ctx.error(expand_node->location, "the 'expand' of a glob item is an empty path");
      return;
    }
    item.pattern = std::move(expand->value);
    item.expand_location = std::move(expand->location);
  }
  item.glob = std::move(glob->value);
  if (ok) out.push_back(std::move(item));
}

}  // namespace flow::flowfile
