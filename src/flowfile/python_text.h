#pragma once
// Python in the workflow file (spec §8: a rule's `run:`, the top-level `python:`), read as
// written: never {config.KEY}-substituted, since braces are Python's own.

#include <optional>
#include <string_view>

#include "flow/flowfile/flowfile.h"
#include "flowfile/values.h"

namespace flow::flowfile {

/// The Python of `node`, the value of key `what`. A `|` block's text starts on the line after
/// its indicator; any other scalar's on its own line. A folded `>` block (which joins the lines
/// into one) and anything but a scalar are errors at the value.
std::optional<PythonText> read_python(const Node& node, std::string_view what, Context& ctx);

}  // namespace flow::flowfile
