#pragma once
// The top-level `configfile: PATH` (or a list of paths) of a workflow file (spec §8).

#include "flow/base/source_texts.h"
#include "flow/flowfile/node.h"
#include "flow/sys/filesystem.h"
#include "flowfile/diagnostics.h"

namespace flow::flowfile {

/// Deep-merges the files named by `root`'s `configfile` over `config`, in order. Paths are
/// relative to the working directory, as in Snakemake. A missing file is an error at its
/// entry, unless `skip_missing` (--configfile was given: Snakemake then skips it too); a
/// file that is not a YAML mapping is reported in that file (its text goes to `texts`).
void merge_configfiles(Node& config, const Node& root, bool skip_missing, const sys::Filesystem& fs,
                       SourceTexts& texts, ErrorList& errors);

}  // namespace flow::flowfile
