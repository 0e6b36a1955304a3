#include "builtins/args.h"

#include <cstdlib>

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::builtins {

const std::string& arg_text(const BuiltinInvocation& invocation, const std::string& name) {
  static const std::string k_empty;
  auto it = invocation.args.find(name);
  return it == invocation.args.end() ? k_empty : it->second;
}

Error arg_error(const std::string& name, std::string_view message) {
  return make_error(ErrorKind::usage, fmt::format("argument '{}' {}", name, message));
}

Result<std::int64_t> arg_int(const BuiltinInvocation& invocation, const std::string& name,
                             std::int64_t min, std::int64_t max) {
  const std::string& text = arg_text(invocation, name);
  auto value = parse_int(text);
  if (!value || *value < min || *value > max) {
    return arg_error(name,
                     fmt::format("must be an integer from {} to {}, not '{}'", min, max, text));
  }
  return *value;
}

Result<double> arg_number(const BuiltinInvocation& invocation, const std::string& name, double min,
                          double max) {
  const std::string& text = arg_text(invocation, name);
  char* end = nullptr;
  double value = text.empty() ? 0 : std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(value >= min && value <= max)) {
    return arg_error(name, fmt::format("must be a number from {} to {}, not '{}'", min, max, text));
  }
  return value;
}

bool arg_bool(const BuiltinInvocation& invocation, const std::string& name) {
  return arg_text(invocation, name) == "true";
}

std::vector<std::string> arg_list(const BuiltinInvocation& invocation, const std::string& name) {
  std::vector<std::string> items;
  for (const auto& part : split(arg_text(invocation, name), ',')) {
    std::string_view item = trim(part);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

}  // namespace flow::builtins
