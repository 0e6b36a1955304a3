#include "cli/config_text.h"

#include <fmt/format.h>

namespace flow::cli {
namespace {

bool needs_quotes(const flowfile::Node& node) {
  const std::string& s = node.scalar;
  if (node.quoted || s.empty()) return true;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  if (s.front() == ' ' || s.back() == ' ') return true;
  return std::string_view("{}[]&*!|>'\"%@`#,?-:").find(s.front()) != std::string_view::npos &&
         !(s.front() == '-' && s.size() > 1 && std::isdigit(static_cast<unsigned char>(s[1])));
}

std::string scalar(const flowfile::Node& node) {
  if (!needs_quotes(node)) return node.scalar;
  std::string out = "\"";
  for (char c : node.scalar) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

void write(const flowfile::Node& node, int indent, std::string& out);

// What follows "key:" or "-": a scalar on the same line, a collection on the next lines.
void write_value(const flowfile::Node& node, int indent, std::string& out) {
  if (node.is_scalar()) {
    out += ' ';  // piece by piece: GCC 12 -O3 -Wrestrict false positive on " " + string
    out += scalar(node);
    out += '\n';
  } else if (node.kind == flowfile::Node::Kind::null) {
    out += "\n";
  } else if ((node.is_mapping() && node.entries.empty()) ||
             (node.is_sequence() && node.items.empty())) {
    out += node.is_mapping() ? " {}\n" : " []\n";
  } else {
    out += "\n";
    write(node, indent + 2, out);
  }
}

void write(const flowfile::Node& node, int indent, std::string& out) {
  std::string pad(static_cast<std::size_t>(indent), ' ');
  if (node.is_mapping()) {
    for (const auto& [key, value] : node.entries) {
      out += pad + key + ":";
      write_value(value, indent, out);
    }
  } else if (node.is_sequence()) {
    for (const auto& item : node.items) {
      out += pad + "-";
      write_value(item, indent, out);
    }
  } else if (node.is_scalar()) {
    out += pad + scalar(node) + "\n";
  }
}

}  // namespace

std::string config_text(const flowfile::Node& config) {
  std::string out;
  write(config, 0, out);
  return out;
}

}  // namespace flow::cli
