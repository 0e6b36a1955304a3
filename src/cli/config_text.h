#pragma once
// The effective config as YAML text, for the report.

#include <string>

#include "flow/flowfile/node.h"

namespace flow::cli {

/// `config` as block YAML ("" for an empty mapping); scalars that were quoted, or that YAML
/// would read differently, are double-quoted.
std::string config_text(const flowfile::Node& config);

}  // namespace flow::cli
