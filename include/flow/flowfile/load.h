#pragma once

#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/base/source_texts.h"
#include "flow/flowfile/flowfile.h"
#include "flow/sys/filesystem.h"

namespace flow::flowfile {

struct ConfigOverrides {
  std::vector<std::string> config_files;  ///< --configfile FILE, in order
  std::vector<std::string> assignments;   ///< --config KEY=VALUE, in order (KEY may be dotted)
};

/// Reads `path` and its includes through `fs`, records each file's text in `texts` (for
/// error carets), and returns the loaded workflow. Errors are ErrorKind::flowfile with a
/// location (several at once in Error::more, up to about 20), or ErrorKind::usage for a bad
/// --config assignment or a missing --configfile.
Result<Flowfile> load_flowfile(const std::string& path, const sys::Filesystem& fs,
                               const ConfigOverrides& overrides, SourceTexts& texts);

/// The same for a text in memory (tests): `name` is the file name used in locations.
/// Includes, if any, are read through `fs`.
Result<Flowfile> parse_flowfile(const std::string& text, const std::string& name,
                                const sys::Filesystem& fs, const ConfigOverrides& overrides,
                                SourceTexts& texts);

/// Finds the workflow file in `dir` ("" for the current directory): flow.yaml, flow.yml,
/// then workflow/flow.yaml (spec §1). Returns the path, or nullopt.
std::optional<std::string> find_flowfile(const sys::Filesystem& fs, const std::string& dir);

}  // namespace flow::flowfile
