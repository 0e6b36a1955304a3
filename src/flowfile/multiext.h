#pragma once
// `multiext` items: one prefix, several suffixes (spec §8, Snakemake's multiext()).

#include <string>
#include <vector>

#include "flow/flowfile/flowfile.h"
#include "flowfile/file_items.h"
#include "flowfile/values.h"

namespace flow::flowfile {

/// Appends the items of `{multiext: [PREFIX, SUFFIX...], FLAG: true}` to `out`: PREFIX +
/// SUFFIX for each suffix, in order. `[PREFIX, {NAME: SUFFIX, ...}]` names each path
/// (Snakemake's multiext(prefix, name=ext)), which an item that is itself named cannot do.
/// Errors: no suffix, a suffix with '/', a mix of named and positional suffixes, names in
/// a named item, unknown keys, empty paths.
void read_multiext_item(const Node& node, FileSection section, const std::string& name,
                        Context& ctx, std::vector<FileItem>& out);

}  // namespace flow::flowfile
