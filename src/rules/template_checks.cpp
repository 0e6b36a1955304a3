#include "rules/template_checks.h"

#include <algorithm>

#include <fmt/format.h>

#include "flow/base/did_you_mean.h"
#include "flow/base/strings.h"

namespace flow::rules {
namespace {

using pattern::Placeholder;
using pattern::PlaceholderKind;

std::vector<std::string> item_names(const std::vector<FileSpec>& specs) {
  std::vector<std::string> names;
  for (const auto& spec : specs) {
    if (!spec.name.empty() && std::find(names.begin(), names.end(), spec.name) == names.end()) {
      names.push_back(spec.name);
    }
  }
  return names;
}

// "did you mean" for a name among `known`, or a list of what exists.
std::vector<std::string> name_notes(const std::string& name, const std::vector<std::string>& known,
                                    std::string_view what, std::string_view placeholder) {
  if (auto hint = did_you_mean(name, known, fmt::format("{{{}.", placeholder), "}")) {
    return {std::move(*hint)};
  }
  if (known.empty()) return {fmt::format("this rule has no {}", what)};
  return {fmt::format("this rule's {}: {}", what, join(known, ", "))};
}

// Checks {input.NAME} / {input[N]} against a file list.
void check_file_placeholder(const Placeholder& p, const std::vector<FileSpec>& specs,
                            const flowfile::Text& text, const Rule& rule, ErrorList& errors) {
  std::string_view kind = pattern::placeholder_kind_name(p.kind);
  if (!p.key.empty()) {
    auto names = item_names(specs);
    if (std::find(names.begin(), names.end(), p.key) == names.end()) {
      errors.add(text.location,
                 fmt::format("rule '{}': unknown placeholder '{}': no {} named '{}'", rule.name,
                             p.text, kind, p.key),
                 p.text, name_notes(p.key, names, fmt::format("named {} items", kind), kind));
    }
  } else if (p.index && static_cast<std::size_t>(*p.index) >= specs.size()) {
    errors.add(text.location,
               fmt::format("rule '{}': '{}' is out of range: the rule has {} {} file{}", rule.name,
                           p.text, specs.size(), kind, specs.size() == 1 ? "" : "s"),
               p.text);
  }
}

void check_placeholder(const Placeholder& p, const flowfile::Text& text, const Rule& rule,
                       TemplateUse use, ErrorList& errors) {
  auto where = [&] {
    switch (use) {
      case TemplateUse::params:
        return "params";
      case TemplateUse::with:
        return "built-in arguments";
      default:
        return "";
    }
  };
  switch (p.kind) {
    case PlaceholderKind::input:
      check_file_placeholder(p, rule.inputs, text, rule, errors);
      break;
    case PlaceholderKind::output:
      check_file_placeholder(p, rule.outputs, text, rule, errors);
      break;
    case PlaceholderKind::log:
      check_file_placeholder(p, rule.logs, text, rule, errors);
      break;
    case PlaceholderKind::params: {
      if (use == TemplateUse::params) {
        errors.add(
            text.location,
            fmt::format("rule '{}': params cannot refer to other params ('{}')", rule.name, p.text),
            p.text);
        break;
      }
      std::vector<std::string> names;
      for (const auto& param : rule.params)
        names.push_back(param.name);
      if (std::find(names.begin(), names.end(), p.key) == names.end()) {
        errors.add(text.location,
                   fmt::format("rule '{}': unknown placeholder '{}': no params named '{}'",
                               rule.name, p.text, p.key),
                   p.text, name_notes(p.key, names, "params", "params"));
      }
      break;
    }
    case PlaceholderKind::wildcards:
      if (!p.key.empty() && std::find(rule.wildcard_names.begin(), rule.wildcard_names.end(),
                                      p.key) == rule.wildcard_names.end()) {
        errors.add(
            text.location,
            fmt::format("rule '{}': unknown placeholder '{}': the outputs have no wildcard '{}'",
                        rule.name, p.text, p.key),
            p.text, name_notes(p.key, rule.wildcard_names, "wildcards", "wildcards"));
      }
      break;
    case PlaceholderKind::resources:
      if (rule.resource(p.key) == nullptr) {
        std::vector<std::string> names;
        for (const auto& resource : rule.resources)
          names.push_back(resource.name);
        auto notes = name_notes(p.key, names, "resources", "resources");
        notes.push_back(fmt::format("declare it under the rule's resources: ({}: ...)", p.key));
        errors.add(text.location,
                   fmt::format("rule '{}': unknown placeholder '{}': no resource named '{}'",
                               rule.name, p.text, p.key),
                   p.text, std::move(notes));
      }
      break;
    case PlaceholderKind::jobid:
    case PlaceholderKind::attempt:
      if (use == TemplateUse::params || use == TemplateUse::with) {
        errors.add(
            text.location,
            fmt::format("rule '{}': '{}' cannot be used in {}: they are part of the job's identity",
                        rule.name, p.text, where()),
            p.text);
      }
      break;
    case PlaceholderKind::threads:
    case PlaceholderKind::rule:
    case PlaceholderKind::lookup:  // compiled by the rule builder (lookup_compiler.h)
      break;
  }
}

}  // namespace

pattern::Template parse_rule_template(const flowfile::Text& text, const Rule& rule, TemplateUse use,
                                      ErrorList& errors) {
  auto parsed = pattern::Template::parse(text.value);
  if (!parsed) {
    Error error = parsed.error();
    error.message = fmt::format("rule '{}': {}", rule.name, error.message);
    error.location = text.location;
    errors.add(std::move(error));
    return pattern::Template::literal(text.value);
  }
  for (const auto& part : parsed->parts()) {
    if (part.placeholder) check_placeholder(*part.placeholder, text, rule, use, errors);
  }
  return std::move(*parsed);
}

}  // namespace flow::rules
