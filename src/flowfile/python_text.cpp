#include "flowfile/python_text.h"

#include <fmt/format.h>

namespace flow::flowfile {

std::optional<PythonText> read_python(const Node& node, std::string_view what, Context& ctx) {
  if (!node.is_scalar()) {
    Error& error = ctx.error(node.location,
                             fmt::format("'{}' must be Python code, not {}", what, describe(node)));
    error.notes.push_back(
        fmt::format("write the code as a block: '{}: |' and the lines indented below it", what));
    return std::nullopt;
  }
  if (node.block == Node::Block::folded) {
    Error& error = ctx.error(
        node.location, fmt::format("'{}' is a folded block ('>'), which joins its lines", what));
    error.notes.push_back(fmt::format("write '{}: |' to keep the lines of the Python code", what));
    return std::nullopt;
  }
  int first_line = node.location.line + (node.block == Node::Block::literal ? 1 : 0);
  return PythonText{node.scalar, node.location, first_line};
}

}  // namespace flow::flowfile
