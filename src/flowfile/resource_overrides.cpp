#include "flow/flowfile/resource_overrides.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "flow/base/did_you_mean.h"
#include "flow/base/strings.h"
#include "flowfile/diagnostics.h"
#include "flowfile/resource_value.h"

namespace flow::flowfile {
namespace {

// `walltime` is kept as an alias of Snakemake's `runtime`: a rule giving either has both.
bool same_resource(std::string_view a, std::string_view b) {
  auto canonical = [](std::string_view name) {
    return name == "walltime" ? std::string_view("runtime") : name;
  };
  return canonical(a) == canonical(b);
}

bool is_identifier(std::string_view word) {
  if (word.empty() || std::isdigit(static_cast<unsigned char>(word[0]))) return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

Error usage(std::string_view option, std::string_view item, std::string_view problem) {
  return make_error(ErrorKind::usage, fmt::format("{} '{}': {}", option, item, problem));
}

// NAME=VALUE of `item` (after any RULE: part) into a Resource, read as in the workflow file.
Result<Resource> read_assignment(std::string_view option, std::string_view item,
                                 std::string_view assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    Error error = usage(option, item, "expected NAME=VALUE");
    error.notes.push_back(fmt::format("such as {} mem_mb=2000 runtime=30", option));
    return error;
  }
  std::string name(trim(assignment.substr(0, eq)));
  std::string value(trim(assignment.substr(eq + 1)));
  if (!is_identifier(name)) return usage(option, item, "a resource name is a word such as mem_mb");
  bool quoted = value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
                value.back() == value.front();
  if (quoted) {
    value = value.substr(1, value.size() - 2);  // Snakemake's Python quotes: "tmpdir='/x'"
  } else if (!AttemptFormula::mentions_attempt(value) && !parse_int(value) &&
             value.find_first_of("*+()") != std::string::npos) {
    Error error = usage(option, item, "Python expressions are not evaluated");
    error.notes.push_back(
        "write a whole number, a text such as 1h30m, or a formula over {attempt} such as "
        "'2000*{attempt}'");
    return error;
  }
  if (value.empty()) return usage(option, item, "the value is empty");
  auto read = read_resource_value(name, Text{value, SourceLocation{}});
  if (auto* problem = std::get_if<ResourceValueProblem>(&read)) {
    Error error = usage(option, item, problem->message);
    error.notes = problem->notes;
    return error;
  }
  return std::get<Resource>(std::move(read));
}

Result<RuleDef*> find_rule(std::string_view option, std::string_view item, std::string_view name,
                           Flowfile& file) {
  for (auto& rule : file.rules) {
    if (rule.name == name) return &rule;
  }
  Error error = usage(option, item, fmt::format("there is no rule {}", quote(name)));
  std::vector<std::string> names;
  for (const auto& rule : file.rules)
    names.push_back(rule.name);
  add_did_you_mean(error, name, names);
  return error;
}

// The value of `from` as the fallback of auto resource `own` (its name and location kept).
void fill_fallback(Resource& own, const Resource& from) {
  own.is_int = from.is_int;
  own.number = from.number;
  own.text = from.text;
  own.formula = from.formula;
  own.has_value = true;
}

// --auto-resources: mem_mb and runtime (or the walltime the rule gives) sized from history.
void mark_auto(RuleDef& rule) {
  bool memory = false, time = false;
  for (auto& resource : rule.resources) {
    if (!can_be_auto(resource.name)) continue;
    (resource.name == "mem_mb" ? memory : time) = true;
    if (resource.sizing == ResourceSizing::written) resource.sizing = ResourceSizing::auto_option;
  }
  auto add = [&](const char* name) {
    Resource resource{name, false, 0, "", rule.location, std::nullopt};
    resource.sizing = ResourceSizing::auto_option;
    resource.has_value = false;
    rule.resources.push_back(std::move(resource));
  };
  if (!memory) add("mem_mb");
  if (!time) add("runtime");
}

void set_resource(RuleDef& rule, Resource resource) {
  std::erase_if(rule.resources,
                [&](const Resource& own) { return same_resource(own.name, resource.name); });
  rule.resources.push_back(std::move(resource));
}

Result<void> apply_sets(const std::vector<std::string>& sets, Flowfile& file) {
  constexpr std::string_view option = "--set-resources";
  for (const auto& item : sets) {
    auto colon = item.find(':');
    auto eq = item.find('=');
    if (colon == std::string::npos || (eq != std::string::npos && eq < colon)) {
      Error error = usage(option, item, "expected RULE:NAME=VALUE");
      error.notes.push_back("such as --set-resources align:mem_mb=8000");
      return error;
    }
    auto rule = find_rule(option, item, trim(std::string_view(item).substr(0, colon)), file);
    if (!rule) return rule.error();
    auto resource = read_assignment(option, item, std::string_view(item).substr(colon + 1));
    if (!resource) return resource.error();
    set_resource(**rule, std::move(*resource));
  }
  return ok_result();
}

Result<void> apply_threads(const std::vector<std::string>& threads, Flowfile& file) {
  constexpr std::string_view option = "--set-threads";
  for (const auto& item : threads) {
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      Error error = usage(option, item, "expected RULE=N");
      error.notes.push_back("such as --set-threads align=8");
      return error;
    }
    auto rule = find_rule(option, item, trim(std::string_view(item).substr(0, eq)), file);
    if (!rule) return rule.error();
    auto number = parse_int(trim(std::string_view(item).substr(eq + 1)));
    if (!number || *number < 0 || *number > 1'000'000)
      return usage(option, item, "threads are a whole number, 0 or more");
    (*rule)->threads = static_cast<int>(*number);
  }
  return ok_result();
}

// A group name goes into job names and paths (made safe there); it must at least be a word.
bool is_group_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

}  // namespace

Result<void> apply_groups(const std::vector<std::string>& groups, Flowfile& file) {
  constexpr std::string_view option = "--groups";
  for (const auto& item : groups) {
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      Error error = usage(option, item, "expected RULE=GROUP");
      error.notes.push_back("such as --groups count=small");
      return error;
    }
    auto rule = find_rule(option, item, trim(std::string_view(item).substr(0, eq)), file);
    if (!rule) return rule.error();
    std::string group(trim(std::string_view(item).substr(eq + 1)));
    if (!is_group_name(group))
      return usage(option, item, "a group name is a word of letters, digits, '_', '-' or '.'");
    (*rule)->group = Text{group, SourceLocation{}};
  }
  return ok_result();
}

Result<std::map<std::string, std::size_t>> read_group_components(
    const std::vector<std::string>& items, const Flowfile& file) {
  constexpr std::string_view option = "--group-components";
  std::vector<std::string> known;
  for (const auto& rule : file.rules) {
    if (rule.group) known.push_back(rule.group->value);
  }
  std::map<std::string, std::size_t> components;
  for (const auto& item : items) {
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      Error error = usage(option, item, "expected GROUP=N");
      error.notes.push_back("such as --group-components small=100");
      return error;
    }
    std::string group(trim(std::string_view(item).substr(0, eq)));
    if (std::find(known.begin(), known.end(), group) == known.end()) {
      Error error = usage(option, item, fmt::format("no rule is in group {}", quote(group)));
      add_did_you_mean(error, group, known);
      if (known.empty()) error.notes.push_back("give rules a group with `group:` or --groups");
      return error;
    }
    auto number = parse_int(trim(std::string_view(item).substr(eq + 1)));
    if (!number || *number < 1 || *number > 1'000'000'000)
      return usage(option, item, "N is a whole number of at least 1");
    components[group] = static_cast<std::size_t>(*number);
  }
  return components;
}

Result<void> apply_resource_overrides(const ResourceOverrides& overrides, Flowfile& file) {
  std::vector<Resource> defaults;
  for (const auto& item : overrides.defaults) {
    auto resource = read_assignment("--default-resources", item, item);
    if (!resource) return resource.error();
    // A later default for the same name replaces an earlier one (the command line after the
    // profile).
    std::erase_if(defaults,
                  [&](const Resource& other) { return same_resource(other.name, resource->name); });
    defaults.push_back(std::move(*resource));
  }
  for (auto& rule : file.rules) {
    if (overrides.auto_resources) mark_auto(rule);
    for (const auto& resource : defaults) {
      auto own = std::find_if(rule.resources.begin(), rule.resources.end(), [&](const Resource& r) {
        return same_resource(r.name, resource.name);
      });
      if (own == rule.resources.end()) {
        rule.resources.push_back(resource);
      } else if (!own->has_value && resource.has_value) {
        // `mem_mb: auto` without history asks for the default, as if the rule had none.
        fill_fallback(*own, resource);
      }
    }
  }
  if (auto applied = apply_sets(overrides.sets, file); !applied) return applied;
  return apply_threads(overrides.threads, file);
}

}  // namespace flow::flowfile
