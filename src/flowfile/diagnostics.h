#pragma once
// Error wording shared by the loader's parts (private to flowfile); errors are collected
// in a flow::ErrorList.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/error.h"
#include "flow/base/error_list.h"
#include "flow/flowfile/node.h"

namespace flow::flowfile {

/// "'abc'" for a scalar (shortened when long), "empty" for null, "a list", "a mapping".
std::string describe(const Node& node);

/// `text` in single quotes.
std::string quote(std::string_view text);

/// "FILE:LINE:COL".
std::string location_text(const SourceLocation& location);

/// [A-Za-z_][A-Za-z0-9_]*
bool is_identifier(std::string_view text);

/// Adds "did you mean 'X'?" when a candidate is close to `word`; otherwise, when
/// `list_otherwise`, a note listing every candidate ("expected one of: a, b").
void add_suggestion(Error& error, std::string_view word, std::span<const std::string> candidates,
                    bool list_otherwise);

}  // namespace flow::flowfile
