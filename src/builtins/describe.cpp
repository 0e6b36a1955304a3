// The text of `flow --list-builtins`.

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/builtins/catalog.h"

namespace flow::builtins {
namespace {

constexpr std::size_t k_text_width = 100;

const char* type_word(ArgType type) {
  switch (type) {
    case ArgType::string:
      return "string";
    case ArgType::integer:
      return "integer";
    case ArgType::number:
      return "number";
    case ArgType::boolean:
      return "boolean";
  }
  return "value";
}

// Appends `text` filled to k_text_width, each line starting with `indent`.
void append_wrapped(std::string& out, std::string_view text, std::string_view indent) {
  std::string line(indent);
  for (const auto& word : split(text, ' ')) {
    if (word.empty()) continue;
    if (line.size() > indent.size() && line.size() + 1 + word.size() > k_text_width) {
      out += line + "\n";
      line = indent;
    }
    if (line.size() > indent.size()) line += ' ';
    line += word;
  }
  if (line.size() > indent.size()) out += line + "\n";
}

std::string count_text(int min, int max, std::string_view noun) {
  if (max == 0) return fmt::format("no {}s", noun);
  if (min == max) return fmt::format("{} {}{}", min, noun, min == 1 ? "" : "s");
  if (max < 0) return fmt::format("{} or more {}s", min, noun);
  return fmt::format("{} to {} {}s", min, max, noun);
}

std::string arg_heading(const BuiltinArg& arg) {
  std::string heading = fmt::format("{} ({}", arg.name, type_word(arg.type));
  if (arg.required) {
    heading += ", required";
  } else if (!arg.default_value.empty()) {
    heading += fmt::format(", default {}", arg.default_value);
  }
  return heading + ")";
}

void describe_step(std::string& out, const BuiltinSignature& signature) {
  out += fmt::format("{}: {}\n", signature.name, signature.summary);
  append_wrapped(out,
                 fmt::format("files: {}, {}. {}",
                             count_text(signature.min_inputs, signature.max_inputs, "input"),
                             count_text(signature.min_outputs, signature.max_outputs, "output"),
                             signature.files_help),
                 "  ");
  for (const auto& arg : signature.args) {
    out += fmt::format("  {}\n", arg_heading(arg));
    std::string help = arg.help;
    if (!arg.choices.empty()) help += fmt::format(" (one of: {})", fmt::join(arg.choices, ", "));
    append_wrapped(out, help, "      ");
  }
}

}  // namespace

std::string describe_builtins() {
  std::string out =
      "Built-in steps. Use one in a rule with `builtin: NAME` and `with: {ARG: VALUE}`;\n"
      "see docs/builtins.md for details.\n";
  for (const auto& signature : signatures()) {
    out += "\n";
    describe_step(out, signature);
  }
  return out;
}

}  // namespace flow::builtins
