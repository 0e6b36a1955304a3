#pragma once
// input, output, log and benchmark: file items, flags and named items (spec §1).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flow/flowfile/flowfile.h"
#include "flowfile/values.h"

namespace flow::flowfile {

enum class FileSection { input, output, log, benchmark };

/// "input", "output", "log", "benchmark".
std::string_view section_name(FileSection section);

/// The items of one section: an item, a list of items or a mapping of names to items, where
/// an item is a pattern, a list, `{path: PATTERN, FLAG: true}` or an `expand` mapping.
std::vector<FileItem> read_file_section(const Node& node, FileSection section, Context& ctx);

/// When `key` names a file flag, reads its boolean value into `flags` (reporting a flag
/// that `section` does not allow) and returns true; returns false for any other key.
bool read_file_flag(const std::string& key, const Node& value, FileSection section, Context& ctx,
                    std::uint8_t& flags);

/// Reports (at the `pipe` key) a pipe item that is also directory, temp, protected, touch or
/// report; false then.
bool check_flag_combination(const Node& item, std::uint8_t flags, Context& ctx);

/// The names allowed next to `path` (or `expand`) in an item of `section`.
std::vector<std::string> allowed_flags(FileSection section);

}  // namespace flow::flowfile
