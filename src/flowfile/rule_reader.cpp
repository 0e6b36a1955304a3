#include "flowfile/rule_reader.h"

#include <algorithm>
#include <climits>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flowfile/file_items.h"
#include "flowfile/python_text.h"
#include "flowfile/resource_value.h"
#include "flowfile/snakemake_keys.h"

namespace flow::flowfile {
namespace {

void read_resources(RuleDef& rule, const Node& value, Context& ctx) {
  for (auto& [name, text] : read_named_texts(value, "resources", ListValues::rejected, ctx)) {
    auto read = read_resource_value(name, text);
    if (auto* problem = std::get_if<ResourceValueProblem>(&read)) {
      Error& error = ctx.error(text.location, problem->message);
      if (!problem->anchor.empty()) error.anchor = problem->anchor;
      error.notes = problem->notes;
      continue;
    }
    rule.resources.push_back(std::move(std::get<Resource>(read)));
  }
}

std::optional<int> read_int_field(const Node& value, std::string_view what, Context& ctx, int min) {
  auto number = read_int(value, what, ctx, min, INT_MAX);
  if (!number) return std::nullopt;
  return static_cast<int>(*number);
}

// Every key a rule may have (spec §1), for "did you mean".
const std::vector<std::string>& rule_key_names() {
  static const std::vector<std::string> names = split(
      "input output log benchmark params threads resources priority retries message envmodules "
      "container local checkpoint shadow group default_target shell builtin script run with "
      "wildcard_constraints",
      ' ');
  return names;
}

// `shadow: minimal|shallow|full` (spec §8); a located error with "did you mean" otherwise.
std::optional<Text> read_shadow(const Node& value, Context& ctx) {
  static const std::vector<std::string> modes = {"minimal", "shallow", "full"};
  auto text = read_text(value, "shadow", ctx);
  if (!text) return std::nullopt;
  if (std::find(modes.begin(), modes.end(), text->value) != modes.end()) return text;
  Error& error = ctx.error(
      value.location,
      fmt::format("'shadow' must be minimal, shallow or full, not {}", quote(text->value)));
  add_suggestion(error, text->value, modes, false);
  return std::nullopt;
}

// The file sections and the step; false when `key` is none of them.
bool read_files_or_step(RuleDef& rule, std::string_view key, const Node& value, Context& ctx) {
  if (key == "input") {
    rule.input = read_file_section(value, FileSection::input, ctx);
  } else if (key == "output") {
    rule.output = read_file_section(value, FileSection::output, ctx);
  } else if (key == "log") {
    rule.log = read_file_section(value, FileSection::log, ctx);
  } else if (key == "benchmark") {
    rule.benchmark = read_file_section(value, FileSection::benchmark, ctx);
  } else if (key == "shell") {
    rule.shell = read_text(value, "shell", ctx);
  } else if (key == "builtin") {
    rule.builtin = read_text(value, "builtin", ctx);
  } else if (key == "script") {
    rule.script = read_text(value, "script", ctx);
  } else if (key == "run") {
    rule.run = read_python(value, "run", ctx);
  } else if (key == "with") {
    rule.with = read_named_texts(value, "with", ListValues::rejected, ctx);
  } else if (key == "params") {
    rule.params = read_named_texts(value, "params", ListValues::joined, ctx);
  } else {
    return false;
  }
  return true;
}

// How the job runs; false when `key` is none of these settings.
bool read_setting(RuleDef& rule, std::string_view key, const Node& value, Context& ctx) {
  if (key == "threads") {
    rule.threads = read_int_field(value, "threads", ctx, 0).value_or(rule.threads);
  } else if (key == "resources") {
    read_resources(rule, value, ctx);
  } else if (key == "priority") {
    rule.priority = read_int_field(value, "priority", ctx, INT_MIN).value_or(0);
  } else if (key == "retries") {
    rule.retries = read_int_field(value, "retries", ctx, 0);
  } else if (key == "message") {
    rule.message = read_text(value, "message", ctx);
  } else if (key == "envmodules") {
    rule.envmodules = read_text_list(value, "envmodules", ctx);
  } else if (key == "container") {
    rule.container = read_text(value, "container", ctx);
  } else if (key == "local") {
    rule.local = read_bool(value, "local", ctx).value_or(false);
  } else if (key == "checkpoint") {
    rule.checkpoint = read_bool(value, "checkpoint", ctx).value_or(false);
  } else if (key == "group") {
    rule.group = read_text(value, "group", ctx);
  } else if (key == "shadow") {
    rule.shadow = read_shadow(value, ctx);
  } else if (key == "default_target") {
    rule.default_target = read_bool(value, "default_target", ctx).value_or(false);
    rule.default_target_location = value.location;
  } else if (key == "wildcard_constraints") {
    rule.wildcard_constraints =
        read_named_texts(value, "wildcard_constraints", ListValues::rejected, ctx);
  } else {
    return false;
  }
  return true;
}

// Which step the rule runs: shell, builtin (with its `with`), script or run, at most one.
void check_step(const Node& body, Context& ctx) {
  const Node* shell = body.find("shell");
  const Node* builtin = body.find("builtin");
  const Node* script = body.find("script");
  const Node* run = body.find("run");
  const Node* with = body.find("with");
  if (shell && builtin) {
    Error& error = ctx.error(builtin->key_location, "'shell' and 'builtin' cannot both be given");
    error.notes.push_back("a rule runs either a shell command or a built-in step");
  }
  if (script && (shell || builtin)) {
    Error& error = ctx.error(
        script->key_location,
        fmt::format("'{}' and 'script' cannot both be given", shell ? "shell" : "builtin"));
    error.notes.push_back("a rule runs one step: a shell command, a built-in step or a script");
  }
  if (run && (shell || builtin || script)) {
    Error& error = ctx.error(run->key_location, fmt::format("'{}' and 'run' cannot both be given",
                                                            shell     ? "shell"
                                                            : builtin ? "builtin"
                                                                      : "script"));
    error.notes.push_back(
        "a rule runs one step: a shell command, a built-in step, a script or a run: block");
  }
  if (with && !builtin) {
    Error& error = ctx.error(with->key_location, "'with' needs 'builtin'");
    error.notes.push_back("'with' gives the arguments of a built-in step");
  }
}

}  // namespace

std::optional<RuleDef> read_rule(const std::string& name, const Node& body, Context& ctx) {
  RuleDef rule;
  rule.name = name;
  rule.location = body.key_location;
  if (body.kind == Node::Kind::null) return rule;
  if (!body.is_mapping()) {
    Error& error = ctx.error(body.location,
                             fmt::format("must be a mapping of keys such as 'input', 'output' and "
                                         "'shell', not {}",
                                         describe(body)));
    const auto& keys = rule_key_names();
    if (std::find(keys.begin(), keys.end(), name) != keys.end()) {
      // `shell:` indented like the rule names above it reads as a rule named `shell`.
      error.notes.push_back(fmt::format(
          "indentation: '{}' is at the level of the rule names, so it reads as a rule; indent it "
          "like the other keys of its rule",
          name));
    }
    return std::nullopt;
  }
  for (const auto& [key, value] : body.entries) {
    if (read_files_or_step(rule, key, value, ctx) || read_setting(rule, key, value, ctx)) continue;
    if (auto hint = snakemake_rule_key(key)) {
      Error& error = ctx.error(value.key_location,
                               fmt::format("unknown key {}: {}", quote(key), hint->problem));
      error.notes.emplace_back(hint->instead);
      continue;
    }
    Error& error = ctx.error(value.key_location, "unknown key " + quote(key));
    add_suggestion(error, key, rule_key_names(), true);
  }
  check_step(body, ctx);
  return rule;
}

}  // namespace flow::flowfile
