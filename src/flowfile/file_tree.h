#pragma once
// The main workflow file and its includes, parsed (spec §1 `include`).

#include <cstddef>
#include <string>
#include <vector>

#include "flow/base/source_texts.h"
#include "flow/flowfile/node.h"
#include "flow/sys/filesystem.h"
#include "flowfile/diagnostics.h"

namespace flow::flowfile {

struct LoadedFile {
  std::string path;                   ///< as used in locations (the main file as named)
  Node root;                          ///< a mapping, or null for an empty file
  std::vector<std::size_t> includes;  ///< indices of the files it includes, in order
};

/// Parses the main file `path` (text `text`) and, depth first, the files it includes
/// (relative to the including file's directory), checking the top-level keys of each.
/// Returns them main first, each followed by its includes (so rules merge in that order).
/// A file that cannot be parsed is left out; missing files, include cycles and files
/// included twice are reported at the include entry. Every text read goes to `texts`.
std::vector<LoadedFile> load_file_tree(const std::string& path, const std::string& text,
                                       const sys::Filesystem& fs, SourceTexts& texts,
                                       ErrorList& errors);

/// `path` with "." parts dropped and "dir/.." parts folded ("a/./b/../c" -> "a/c").
std::string normalize_path(const std::string& path);

}  // namespace flow::flowfile
