#include "flow/rules/script.h"

#include <cstdlib>
#include <vector>

#include "flow/base/language_quoting.h"
#include "flow/base/strings.h"
#include "flow/flowfile/node.h"

namespace flow::rules {
namespace {

std::optional<Interpreter> by_extension(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  std::string_view ext = name.substr(dot + 1);
  if (ext == "py") return Interpreter::python;
  if (ext == "R" || ext == "r") return Interpreter::r;
  if (ext == "sh") return Interpreter::bash;
  if (ext == "jl") return Interpreter::julia;
  return std::nullopt;
}

// "python3.11" -> python; "Rscript" -> r; the program's base name, version digits ignored.
std::optional<Interpreter> by_program(std::string_view program) {
  std::size_t slash = program.rfind('/');
  if (slash != std::string_view::npos) program = program.substr(slash + 1);
  if (program.starts_with("python")) {
    std::string_view rest = program.substr(6);
    if (rest.find_first_not_of("0123456789.") == std::string_view::npos) return Interpreter::python;
    return std::nullopt;
  }
  if (program == "Rscript") return Interpreter::r;
  if (program == "bash" || program == "sh") return Interpreter::bash;
  if (program == "julia") return Interpreter::julia;
  return std::nullopt;
}

std::optional<Interpreter> by_shebang(std::string_view text) {
  if (!text.starts_with("#!")) return std::nullopt;
  std::size_t end = text.find('\n');
  std::string_view line = text.substr(2, end == std::string_view::npos ? end : end - 2);
  std::vector<std::string> words;
  for (const auto& word : split(line, ' '))
    if (!trim(word).empty()) words.emplace_back(trim(word));
  if (words.empty()) return std::nullopt;
  std::size_t program = 0;
  // `#!/usr/bin/env python3` and `#!/usr/bin/env -S Rscript --vanilla`.
  if (words[0].ends_with("/env")) {
    program = 1;
    while (program < words.size() && words[program].starts_with("-"))
      ++program;
  }
  if (program >= words.size()) return std::nullopt;
  return by_program(words[program]);
}

bool is_number(const std::string& text) {
  if (parse_int(text)) return true;
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  // strtod takes "inf" and "nan" too; YAML writes those .inf/.nan, kept as strings here.
  return end == text.c_str() + text.size() &&
         text.find_first_of("0123456789") != std::string::npos &&
         text.find_first_not_of("0123456789+-.eE") == std::string::npos;
}

void render(const flowfile::Node& node, ScriptConfig& out) {
  using Kind = flowfile::Node::Kind;
  switch (node.kind) {
    case Kind::null:
      out.json += "null";
      out.r += "NULL";
      return;
    case Kind::scalar:
      if (!node.quoted && (node.scalar == "true" || node.scalar == "false")) {
        out.json += node.scalar;
        out.r += node.scalar == "true" ? "TRUE" : "FALSE";
      } else if (!node.quoted && is_number(node.scalar)) {
        out.json += node.scalar;
        out.r += node.scalar;
      } else {
        out.json += json_quote(node.scalar);
        out.r += r_quote(node.scalar);
      }
      return;
    case Kind::sequence:
      out.json += '[';
      out.r += "list(";
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        if (i > 0) {
          out.json += ", ";
          out.r += ", ";
        }
        render(node.items[i], out);
      }
      out.json += ']';
      out.r += ')';
      return;
    case Kind::mapping:
      out.json += '{';
      out.r += "list(";
      for (std::size_t i = 0; i < node.entries.size(); ++i) {
        if (i > 0) {
          out.json += ", ";
          out.r += ", ";
        }
        out.json += json_quote(node.entries[i].first);
        out.json += ": ";
        out.r += r_quote(node.entries[i].first);
        out.r += " = ";
        render(node.entries[i].second, out);
      }
      out.json += '}';
      out.r += ')';
      return;
  }
}

}  // namespace

std::optional<Interpreter> choose_interpreter(std::string_view path, std::string_view text) {
  if (auto chosen = by_extension(path)) return chosen;
  return by_shebang(text);
}

std::string_view interpreter_program(Interpreter interpreter) {
  switch (interpreter) {
    case Interpreter::python:
      return "python3";
    case Interpreter::r:
      return "Rscript";
    case Interpreter::bash:
      return "bash";
    case Interpreter::julia:
      return "julia";
  }
  return "python3";
}

std::string run_block_code(const RunBlock& run) {
  std::string code;
  auto append = [&code](const PythonSource& source) {
    code += source.text;
    if (!source.text.ends_with('\n')) code += '\n';
  };
  if (run.helpers) {
    for (const auto& helper : *run.helpers)
      append(helper);
  }
  append(run.block);
  return code;
}

ScriptConfig render_script_config(const flowfile::Node& config) {
  ScriptConfig out;
  render(config, out);
  return out;
}

}  // namespace flow::rules
