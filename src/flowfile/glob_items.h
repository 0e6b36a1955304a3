#pragma once
// `glob` input items (spec §6): the files that exist and match a pattern, each giving a path
// through `expand` (default: the file itself). Read here; resolved when the DAG is built.

#include <string>
#include <vector>

#include "flow/flowfile/flowfile.h"
#include "flowfile/file_items.h"
#include "flowfile/values.h"

namespace flow::flowfile {

/// Appends the item `{glob: PATTERN, expand: PATTERN, ancient: BOOL}` to `out`. Errors: a
/// glob outside `input`, an empty pattern, an unknown key (with did-you-mean). The patterns'
/// wildcards are checked against the rule when the rules are built.
void read_glob_item(const Node& node, FileSection section, const std::string& name, Context& ctx,
                    std::vector<FileItem>& out);

}  // namespace flow::flowfile
