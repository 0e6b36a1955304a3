#pragma once
// The `tables:` section (spec §6): sample sheets read and indexed when the workflow loads.

#include <memory>
#include <vector>

#include "flow/base/source_texts.h"
#include "flow/flowfile/node.h"
#include "flow/flowfile/table.h"
#include "flow/sys/filesystem.h"
#include "flowfile/values.h"

namespace flow::flowfile {

/// Reads the `tables` mapping of one workflow file: NAME: PATH, or NAME: {path: PATH, key:
/// COLUMN or [COLUMNS...], lists: {COLUMN: SEPARATOR}}. Each file is read through `fs`
/// (relative to the working directory, like Snakemake's pd.read_table), its text recorded in
/// `texts` for carets, parsed, and indexed by its key (the first column by default). Appends
/// the tables to `tables`; a name already there, an unreadable file, a bad key or list column,
/// a duplicate or empty key and the format errors of parse_table_text are reported (and
/// false returned).
bool read_tables(const Node& node, const sys::Filesystem& fs, SourceTexts& texts, Context& ctx,
                 std::vector<std::shared_ptr<const Table>>& tables);

/// The table named `name`, or nullptr.
const Table* find_table(const std::vector<std::shared_ptr<const Table>>& tables,
                        std::string_view name);

}  // namespace flow::flowfile
