#include "flow/base/builtin_protocol.h"
#include "flow/base/did_you_mean.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow {
namespace {

bool is_number(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

const char* type_name(ArgType type) {
  switch (type) {
    case ArgType::string:
      return "a string";
    case ArgType::integer:
      return "an integer";
    case ArgType::number:
      return "a number";
    case ArgType::boolean:
      return "true or false";
  }
  return "a value";
}

// Splits "NAME=VALUE" at the first '='.
std::pair<std::string, std::string> split_assignment(const std::string& word) {
  std::size_t eq = word.find('=');
  if (eq == std::string::npos) return {word, ""};
  return {word.substr(0, eq), word.substr(eq + 1)};
}

}  // namespace

Result<void> check_builtin_arg(const BuiltinArg& arg, const std::string& value) {
  bool ok = true;
  switch (arg.type) {
    case ArgType::string:
      break;
    case ArgType::integer:
      ok = parse_int(value).has_value();
      break;
    case ArgType::number:
      ok = is_number(value);
      break;
    case ArgType::boolean:
      ok = value == "true" || value == "false";
      break;
  }
  if (!ok) {
    return make_error(ErrorKind::flowfile, fmt::format("argument '{}' must be {}, not '{}'",
                                                       arg.name, type_name(arg.type), value));
  }
  if (!arg.choices.empty() &&
      std::find(arg.choices.begin(), arg.choices.end(), value) == arg.choices.end()) {
    Error error =
        make_error(ErrorKind::flowfile, fmt::format("argument '{}' must be one of {}, not '{}'",
                                                    arg.name, fmt::join(arg.choices, ", "), value));
    add_did_you_mean(error, value, arg.choices);
    return error;
  }
  return ok_result();
}

std::vector<std::string> encode_builtin_args(const BuiltinInvocation& invocation) {
  std::vector<std::string> words = {"builtin", invocation.name};
  for (const auto& input : invocation.inputs) {
    words.push_back("--in");
    words.push_back(input.name + "=" + input.path);
  }
  for (const auto& output : invocation.outputs) {
    words.push_back("--out");
    words.push_back(output.name + "=" + output.path);
  }
  for (const auto& log : invocation.logs) {
    words.push_back("--log");
    words.push_back(log);
  }
  for (const auto& [key, value] : invocation.args) {
    words.push_back("--arg");
    words.push_back(key + "=" + value);
  }
  words.push_back("--threads");
  words.push_back(std::to_string(invocation.threads));
  return words;
}

Result<BuiltinInvocation> decode_builtin_args(const std::vector<std::string>& words) {
  BuiltinInvocation invocation;
  if (words.empty()) return make_error(ErrorKind::usage, "builtin: missing step name");
  invocation.name = words[0];
  for (std::size_t i = 1; i < words.size(); i += 2) {
    const std::string& flag = words[i];
    if (i + 1 >= words.size()) {
      return make_error(ErrorKind::usage, fmt::format("builtin: '{}' needs a value", flag));
    }
    const std::string& value = words[i + 1];
    if (flag == "--in" || flag == "--out") {
      auto [name, path] = split_assignment(value);
      auto& files = flag == "--in" ? invocation.inputs : invocation.outputs;
      files.push_back({name, path});
    } else if (flag == "--log") {
      invocation.logs.push_back(value);
    } else if (flag == "--arg") {
      auto [key, arg_value] = split_assignment(value);
      invocation.args[key] = arg_value;
    } else if (flag == "--threads") {
      auto threads = parse_int(value);
      if (!threads || *threads < 1) {
        return make_error(ErrorKind::usage, fmt::format("builtin: bad --threads '{}'", value));
      }
      invocation.threads = static_cast<int>(*threads);
    } else {
      return make_error(ErrorKind::usage, fmt::format("builtin: unknown option '{}'", flag));
    }
  }
  return invocation;
}

}  // namespace flow
