#pragma once
// `expand` items: a pattern unrolled over placeholder values (spec §1).

#include <string>
#include <vector>

#include "flow/flowfile/flowfile.h"
#include "flowfile/file_items.h"
#include "flowfile/values.h"

namespace flow::flowfile {

/// A file item can unroll to at most this many paths.
constexpr std::size_t k_max_expand_items = 10'000'000;

/// Appends the items of `{expand: PATTERN, KEY: VALUES..., zip: true, FLAG: true}` to `out`.
/// Each other KEY names a placeholder `{KEY}` of the pattern; its values are a list, a
/// scalar, or "config.KEY" naming a config list or scalar. The result is the cartesian
/// product with the last key varying fastest (duplicates kept), or with `zip: true` the
/// lists taken side by side. `{{` and `}}` become `{` and `}`, so `{{name}}` stays a
/// wildcard. Flag names (temp, ancient...) are flags, never placeholders. Errors: a
/// placeholder without values, a key the pattern does not use, unequal zip lengths, an
/// unknown config key, too many items.
void read_expand_item(const Node& node, FileSection section, const std::string& name, Context& ctx,
                      std::vector<FileItem>& out);

}  // namespace flow::flowfile
