#include <algorithm>

#include <fmt/format.h>

#include "flow/base/did_you_mean.h"
#include "flow/base/strings.h"
#include "rules/template_checks.h"

namespace flow::rules {
namespace {

const BuiltinSignature* find_signature(std::span<const BuiltinSignature> builtins,
                                       const std::string& name) {
  for (const auto& signature : builtins) {
    if (signature.name == name) return &signature;
  }
  return nullptr;
}

void check_count(const char* what, std::size_t count, int min, int max, const Rule& rule,
                 const BuiltinSignature& signature, const SourceLocation& location,
                 ErrorList& errors) {
  bool too_few = static_cast<int>(count) < min;
  bool too_many = max >= 0 && static_cast<int>(count) > max;
  if (!too_few && !too_many) return;
  if (max == 0) {
    errors.add(location, fmt::format("rule '{}': built-in '{}' takes no {} files, the rule has {}",
                                     rule.name, signature.name, what, count));
    return;
  }
  std::string expected = min == max ? fmt::format("exactly {}", min)
                         : max < 0  ? fmt::format("at least {}", min)
                         : min == 0 ? fmt::format("at most {}", max)
                                    : fmt::format("{} to {}", min, max);
  errors.add(location,
             fmt::format("rule '{}': built-in '{}' takes {} {} file{}, the rule has {}", rule.name,
                         signature.name, expected, what, (min == 1 && max == 1) ? "" : "s", count),
             {},
             signature.files_help.empty() ? std::vector<std::string>{}
                                          : std::vector<std::string>{signature.files_help});
}

}  // namespace

void build_builtin_step(const flowfile::RuleDef& def, Rule& rule,
                        std::span<const BuiltinSignature> builtins, ErrorList& errors) {
  const flowfile::Text& name = *def.builtin;
  const BuiltinSignature* signature = find_signature(builtins, name.value);
  if (signature == nullptr) {
    std::vector<std::string> names;
    for (const auto& candidate : builtins)
      names.push_back(candidate.name);
    std::vector<std::string> notes;
    if (auto hint = did_you_mean(name.value, names)) notes.push_back(std::move(*hint));
    notes.push_back("`flow --list-builtins` lists them");
    errors.add(name.location,
               fmt::format("rule '{}': unknown built-in step '{}'", rule.name, name.value), {},
               std::move(notes));
    return;
  }
  rule.builtin = signature->name;
  rule.code = "builtin:" + signature->name;
  std::vector<std::string> arg_names;
  for (const auto& arg : signature->args)
    arg_names.push_back(arg.name);
  for (const auto& [key, value] : def.with) {
    if (std::find(arg_names.begin(), arg_names.end(), key) != arg_names.end()) continue;
    std::vector<std::string> notes;
    if (auto hint = did_you_mean(key, arg_names)) notes.push_back(std::move(*hint));
    notes.push_back(arg_names.empty()
                        ? fmt::format("'{}' takes no arguments", signature->name)
                        : fmt::format("'{}' takes: {}", signature->name, join(arg_names, ", ")));
    errors.add(value.location,
               fmt::format("rule '{}': built-in '{}' has no argument '{}'", rule.name,
                           signature->name, key),
               {}, std::move(notes));
  }
  for (const auto& arg : signature->args) {
    auto given = std::find_if(def.with.begin(), def.with.end(),
                              [&](const auto& w) { return w.first == arg.name; });
    if (given == def.with.end()) {
      if (arg.required) {
        errors.add(name.location,
                   fmt::format("rule '{}': built-in '{}' needs the argument '{}' ({})", rule.name,
                               signature->name, arg.name, arg.help));
      } else if (!arg.default_value.empty()) {
        rule.with.push_back(
            {arg.name, pattern::Template::literal(arg.default_value), name.location});
      }
      continue;
    }
    const flowfile::Text& value = given->second;
    rule.code += fmt::format(" {}={}", arg.name, value.value);
    pattern::Template parsed = parse_rule_template(value, rule, TemplateUse::with, errors);
    if (!parsed.has_placeholders()) {
      if (auto checked = check_builtin_arg(arg, value.value); !checked) {
        Error error = checked.error();
        error.message = fmt::format("rule '{}': {}", rule.name, error.message);
        error.location = value.location;
        errors.add(std::move(error));
      }
    }
    rule.with.push_back({arg.name, std::move(parsed), value.location});
  }
  // Inputs with lookups or globs may give several paths each: the step checks their number when
  // run.
  bool dynamic = std::any_of(rule.inputs.begin(), rule.inputs.end(), [](const FileSpec& spec) {
    return spec.has_lookups() || spec.is_glob();
  });
  if (!dynamic) {
    check_count("input", rule.inputs.size(), signature->min_inputs, signature->max_inputs, rule,
                *signature, name.location, errors);
  }
  check_count("output", rule.outputs.size(), signature->min_outputs, signature->max_outputs, rule,
              *signature, name.location, errors);
}

}  // namespace flow::rules
