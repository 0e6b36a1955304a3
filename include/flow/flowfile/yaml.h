#pragma once
// Plain YAML reading for other configuration files (profiles), with the same error quality
// as workflow files.

#include <string>

#include "flow/base/result.h"
#include "flow/flowfile/node.h"

namespace flow::flowfile {

/// Parses `text` (named `name` in errors) as one YAML document that must be a mapping (or
/// empty). Duplicate keys and syntax errors are flowfile errors with locations.
Result<Node> read_yaml_mapping(const std::string& text, const std::string& name);

}  // namespace flow::flowfile
