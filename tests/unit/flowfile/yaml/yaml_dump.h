#pragma once
// A YamlDocument as one string (tree, locations, quoting, errors), for tests that compare two
// ways of reading the same text.

#include <string>

#include <fmt/format.h>

#include "flowfile/yaml/reader.h"

namespace flow::flowfile::yaml {

inline std::string dump(const Node& node) {
  // fmt::format, not "<" + std::to_string(...): GCC 12's -Wrestrict false positive at -O3.
  std::string out = fmt::format("<{} {}:{} k{}:{}{}{}", static_cast<int>(node.kind),
                                node.location.line, node.location.column, node.key_location.line,
                                node.key_location.column, node.quoted ? " q " : " ", node.scalar);
  for (const auto& item : node.items)
    out += dump(item);
  for (const auto& [key, value] : node.entries)
    out += "[" + key + "]" + dump(value);
  return out + ">";
}

inline std::string dump(const YamlDocument& document) {
  std::string out = document.root ? dump(*document.root) : "(no root)";
  for (const auto& error : document.errors) {
    out += "\nerror " + error.message + " at " +
           (error.location ? std::to_string(error.location->line) + ":" +
                                 std::to_string(error.location->column)
                           : "?");
    for (const auto& note : error.notes)
      out += "\n  " + note;
  }
  return out;
}

}  // namespace flow::flowfile::yaml
