#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "flow/base/did_you_mean.h"
#include "flow/base/error_list.h"
#include "flow/base/strings.h"
#include "flow/flowfile/flowfile.h"
#include "flow/rules/rule_set.h"
#include "rules/glob_inputs.h"
#include "rules/lookup_compiler.h"
#include "rules/script_steps.h"
#include "rules/template_checks.h"

namespace flow::rules {
namespace {

// The workflow file's flag bits, as the rule's.
std::uint8_t rule_flags(std::uint8_t flags) {
  constexpr std::pair<std::uint8_t, FileFlag> k_flags[] = {
      {flowfile::k_flag_temp, k_flag_temp},
      {flowfile::k_flag_protected, k_flag_protected},
      {flowfile::k_flag_directory, k_flag_directory},
      {flowfile::k_flag_touch, k_flag_touch},
      {flowfile::k_flag_ancient, k_flag_ancient},
      {flowfile::k_flag_report, k_flag_report},
      {flowfile::k_flag_pipe, k_flag_pipe},
  };
  std::uint8_t bits = 0;
  for (const auto& [from, to] : k_flags) {
    if (flags & from) bits |= to;
  }
  return bits;
}

using flowfile::FileItem;
using flowfile::RuleDef;

// The compiled constraint regexes, cached by expression so a global constraint is
// compiled once for all the rules that use it.
class ConstraintCache {
 public:
  std::optional<pattern::Regex> get(const std::string& expression, const SourceLocation& location,
                                    ErrorList& errors) {
    if (auto it = m_cache.find(expression); it != m_cache.end()) return it->second;
    auto compiled = pattern::Regex::compile(expression);
    if (!compiled) {
      errors.add(location, compiled.error().message);
      m_cache.emplace(expression, std::nullopt);
      return std::nullopt;
    }
    m_cache.emplace(expression, *compiled);
    return *compiled;
  }

 private:
  std::map<std::string, std::optional<pattern::Regex>> m_cache;
};

// A path pattern cut at its lookups: (pattern text, lookup text) pairs, the last lookup text
// empty. `{{` and `}}` stay escapes of the pattern text.
std::vector<std::pair<std::string, std::string>> cut_at_lookups(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pieces(1);
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
      pieces.back().first.append(text.substr(i, 2));
      i += 2;
      continue;
    }
    std::size_t close = text[i] == '{' ? text.find('}', i) : std::string_view::npos;
    if (close != std::string_view::npos && is_lookup_text(text.substr(i + 1, close - i - 1))) {
      pieces.back().second = std::string(text.substr(i + 1, close - i - 1));
      pieces.emplace_back();
      i = close + 1;
      continue;
    }
    pieces.back().first += text[i++];
  }
  return pieces;
}

Result<pattern::Pattern> parse_pattern(const std::string& text, const std::string& rule,
                                       const SourceLocation& location) {
  auto parsed = pattern::Pattern::parse(text);
  if (!parsed) {
    Error error = parsed.error();
    error.message = fmt::format("rule '{}': {}", rule, error.message);
    error.location = location;
    return error;
  }
  return parsed;
}

// An input with lookups: a pattern per piece, and one for the whole with the lookups as
// literal text (its wildcards are the item's, for the checks that all items get).
std::optional<FileSpec> parse_lookup_input(const FileItem& item,
                                           std::vector<std::pair<std::string, std::string>> cut,
                                           const std::string& rule, ErrorList& errors) {
  FileSpec spec{item.name, pattern::Pattern(), rule_flags(item.flags), item.location, {}};
  FileSpecExtras& extras = spec.extras.make();
  extras.written = item.pattern;
  std::string whole;
  for (auto& [text, lookup] : cut) {
    auto piece = parse_pattern(text, rule, item.location);
    if (!piece) {
      errors.add(piece.error());
      return std::nullopt;
    }
    extras.pieces.push_back({std::move(*piece), std::move(lookup), std::nullopt});
    whole += text;
    if (!extras.pieces.back().lookup_text.empty())
      whole += "{{" + extras.pieces.back().lookup_text + "}}";
  }
  auto parsed = parse_pattern(whole, rule, item.location);
  if (!parsed) {
    errors.add(parsed.error());
    return std::nullopt;
  }
  spec.pattern = std::move(*parsed);
  return spec;
}

std::vector<FileSpec> parse_files(const std::vector<FileItem>& items, const std::string& rule,
                                  std::string_view section, ErrorList& errors) {
  std::vector<FileSpec> specs;
  specs.reserve(items.size());
  for (const auto& item : items) {
    if (!item.glob.empty()) {
      if (auto spec = parse_glob_input(item, rule, errors)) specs.push_back(std::move(*spec));
      continue;
    }
    if (item.pattern.empty()) {
      errors.add(item.location, fmt::format("rule '{}': empty path", rule));
      continue;
    }
    if (item.pattern.find('{') != std::string::npos) {
      auto cut = cut_at_lookups(item.pattern);
      if (cut.size() > 1 && section != "input") {
        errors.add(item.location,
                   fmt::format("rule '{}': a lookup cannot be used in {} ('{}')", rule, section,
                               item.pattern),
                   "{" + cut.front().second,
                   {"lookups give a job's inputs and values from its wildcards, which come from "
                    "its outputs"});
        continue;
      }
      if (cut.size() > 1) {
        if (auto spec = parse_lookup_input(item, std::move(cut), rule, errors))
          specs.push_back(std::move(*spec));
        continue;
      }
    }
    auto parsed = parse_pattern(item.pattern, rule, item.location);
    if (!parsed) {
      errors.add(parsed.error());
      continue;
    }
    specs.push_back({item.name, std::move(*parsed), rule_flags(item.flags), item.location, {}});
  }
  return specs;
}

std::string describe_names(const std::vector<std::string>& names) {
  if (names.empty()) return "no wildcards";
  std::vector<std::string> braced;
  for (const auto& name : names)
    braced.push_back("{" + name + "}");
  return join(braced, ", ");
}

// Spec §1: all outputs, logs and benchmarks of a rule use the same wildcards; inputs use no
// others. The rule's wildcard names come from the first of them, in order of appearance.
void collect_wildcards(Rule& rule, ErrorList& errors) {
  const FileSpec* first = nullptr;
  std::set<std::string> first_set;
  for (const auto* specs : {&rule.outputs, &rule.logs, &rule.benchmarks}) {
    for (const auto& spec : *specs) {
      auto names = spec.pattern.wildcard_names();
      std::set<std::string> set(names.begin(), names.end());
      if (first == nullptr) {
        first = &spec;
        first_set = set;
        rule.wildcard_names = names;
      } else if (set != first_set) {
        errors.add(spec.location,
                   fmt::format("rule '{}': '{}' has {}, but '{}' has {}: all outputs, logs and "
                               "benchmarks of a rule must use the same wildcards",
                               rule.name, spec.text(), describe_names(names), first->text(),
                               describe_names(rule.wildcard_names)));
      }
    }
  }
  for (const auto& spec : rule.inputs) {
    if (spec.is_glob()) continue;  // its own wildcards come from the files (glob_inputs.h)
    for (const auto& name : spec.pattern.wildcard_names()) {
      if (first_set.contains(name)) continue;
      std::vector<std::string> notes;
      if (auto hint = did_you_mean(name, rule.wildcard_names, "{", "}"))
        notes.push_back(std::move(*hint));
      notes.push_back(first
                          ? fmt::format("the outputs have {}", describe_names(rule.wildcard_names))
                          : std::string("a rule without outputs has no wildcards"));
      notes.push_back("write '{{" + name + "}}' for literal braces");
      errors.add(spec.location,
                 fmt::format("rule '{}': wildcard '{{{}}}' in input '{}' is not in the outputs",
                             rule.name, name, spec.text()),
                 "{" + name, std::move(notes));
    }
  }
}

// A file a rule lists twice among what its jobs write (outputs, logs, benchmarks) is a
// mistake Snakemake refuses ("Duplicate output file pattern"); flow would make the job write
// one path twice and record it twice.
void refuse_duplicate_outputs(const Rule& rule, ErrorList& errors) {
  std::map<std::string, const FileSpec*> seen;
  for (const auto* specs : {&rule.outputs, &rule.logs, &rule.benchmarks}) {
    for (const auto& spec : *specs) {
      auto [it, inserted] = seen.emplace(spec.pattern.text(), &spec);
      if (inserted) continue;
      std::vector<std::string> notes;
      if (it->second->location.known())
        notes.push_back(fmt::format("first listed at line {}, column {}", it->second->location.line,
                                    it->second->location.column));
      errors.add(spec.location,
                 fmt::format("rule '{}': '{}' is listed twice among the files its jobs write",
                             rule.name, spec.pattern.text()),
                 {}, std::move(notes));
    }
  }
}

const flowfile::Text* find_constraint(
    const std::vector<std::pair<std::string, flowfile::Text>>& list, const std::string& name) {
  for (const auto& [key, text] : list) {
    if (key == name) return &text;
  }
  return nullptr;
}

// Spec §1: inline constraint (first use) wins over the rule's, which wins over the global.
void bind_patterns(Rule& rule, const RuleDef& def, const flowfile::Flowfile& file,
                   ConstraintCache& cache, ErrorList& errors) {
  std::vector<std::optional<pattern::Regex>> constraints(rule.wildcard_names.size());
  std::vector<bool> decided(rule.wildcard_names.size(), false);
  auto slot_of = [&](const std::string& name) {
    return static_cast<std::size_t>(
        std::find(rule.wildcard_names.begin(), rule.wildcard_names.end(), name) -
        rule.wildcard_names.begin());
  };
  for (const auto* specs : {&rule.outputs, &rule.logs, &rule.benchmarks}) {
    for (const auto& spec : *specs) {
      for (const auto& use : spec.pattern.uses()) {
        std::size_t slot = slot_of(use.name);
        if (slot >= decided.size() || decided[slot] || !use.inline_constraint) continue;
        decided[slot] = true;
        constraints[slot] = cache.get(*use.inline_constraint, spec.location, errors);
      }
    }
  }
  for (std::size_t slot = 0; slot < decided.size(); ++slot) {
    if (decided[slot]) continue;
    const flowfile::Text* text =
        find_constraint(def.wildcard_constraints, rule.wildcard_names[slot]);
    if (text == nullptr)
      text = find_constraint(file.wildcard_constraints, rule.wildcard_names[slot]);
    if (text != nullptr) constraints[slot] = cache.get(text->value, text->location, errors);
  }
  for (auto* specs : {&rule.inputs, &rule.outputs, &rule.logs, &rule.benchmarks}) {
    for (auto& spec : *specs) {
      if (spec.is_glob()) continue;  // bound below, with the glob's own wildcards
      auto names = spec.pattern.wildcard_names();
      bool known = std::all_of(names.begin(), names.end(), [&](const std::string& name) {
        return slot_of(name) < rule.wildcard_names.size();
      });
      if (!known) continue;  // already reported
      spec.pattern.bind(rule.wildcard_names, constraints);
      if (!spec.has_lookups()) continue;
      for (auto& piece : spec.extras.make().pieces)
        piece.pattern.bind(rule.wildcard_names, constraints);
    }
  }
  bind_glob_inputs(
      rule, constraints,
      [&](const std::string& name) -> std::optional<pattern::Regex> {
        const flowfile::Text* text = find_constraint(def.wildcard_constraints, name);
        if (text == nullptr) text = find_constraint(file.wildcard_constraints, name);
        if (text == nullptr) return std::nullopt;
        return cache.get(text->value, text->location, errors);
      },
      [&](const std::string& regex, const SourceLocation& location) {
        return cache.get(regex, location, errors);
      },
      errors);
}

// The lookups of the inputs, now that the rule's wildcards are known.
void compile_input_lookups(Rule& rule, LookupCompiler& lookups, ErrorList& errors) {
  for (auto& spec : rule.inputs) {
    if (!spec.has_lookups()) continue;
    for (auto& piece : spec.extras.make().pieces) {
      if (piece.lookup_text.empty()) continue;
      piece.lookup = lookups.add(rule, piece.lookup_text, spec.location, errors);
      if (piece.lookup) rule.lookups[*piece.lookup].used_by_inputs = true;
    }
  }
}

// The lookups of a template; `shell`: remember them for the params trigger.
void compile_template_lookups(const pattern::Template& tmpl, const SourceLocation& location,
                              Rule& rule, LookupCompiler& lookups, ErrorList& errors, bool shell) {
  for (const auto& part : tmpl.parts()) {
    if (!part.placeholder || part.placeholder->kind != pattern::PlaceholderKind::lookup) continue;
    auto index = lookups.add(rule, part.placeholder->key, location, errors);
    if (index && shell &&
        std::find(rule.shell_lookups.begin(), rule.shell_lookups.end(), *index) ==
            rule.shell_lookups.end()) {
      rule.shell_lookups.push_back(*index);
    }
  }
}

void build_step(const RuleDef& def, Rule& rule, std::span<const BuiltinSignature> builtins,
                LookupCompiler& lookups, ErrorList& errors) {
  for (const auto& [name, value] : def.params) {
    rule.params.push_back({name, pattern::Template::literal(""), value.location});
  }
  // Params are parsed after all their names exist, so that an error can list them.
  for (std::size_t i = 0; i < def.params.size(); ++i) {
    rule.params[i].value =
        parse_rule_template(def.params[i].second, rule, TemplateUse::params, errors);
    compile_template_lookups(rule.params[i].value, rule.params[i].location, rule, lookups, errors,
                             false);
  }
  if (def.shell) {
    rule.step = StepKind::shell;
    rule.shell = parse_rule_template(*def.shell, rule, TemplateUse::shell, errors);
    rule.code = def.shell->value;
    compile_template_lookups(*rule.shell, def.shell->location, rule, lookups, errors, true);
  } else if (def.builtin) {
    rule.step = StepKind::builtin;
    build_builtin_step(def, rule, builtins, errors);
    for (const auto& arg : rule.with)
      compile_template_lookups(arg.value, arg.location, rule, lookups, errors, false);
  }
  if (def.message) {
    rule.message = parse_rule_template(*def.message, rule, TemplateUse::message, errors);
    compile_template_lookups(*rule.message, def.message->location, rule, lookups, errors, false);
  }
}

Rule build_rule(const RuleDef& def, RuleId id, const flowfile::Flowfile& file,
                std::span<const BuiltinSignature> builtins, ConstraintCache& cache,
                LookupCompiler& lookups, ScriptShared& script_shared, ErrorList& errors) {
  Rule rule;
  rule.id = id;
  rule.name = def.name;
  rule.location = def.location;
  rule.from_include = def.from_include;
  rule.threads = def.threads;
  for (const auto& resource : def.resources) {
    Resource& built =
        rule.resources.emplace_back(Resource{resource.name, resource.is_int, resource.number,
                                             resource.text, resource.location, resource.formula});
    built.sizing =
        resource.sizing == flowfile::ResourceSizing::auto_asked    ? Resource::Sizing::auto_asked
        : resource.sizing == flowfile::ResourceSizing::auto_option ? Resource::Sizing::auto_option
                                                                   : Resource::Sizing::written;
    built.has_value = resource.has_value;
  }
  rule.priority = def.priority;
  rule.retries = def.retries;
  rule.local = def.local;
  if (def.group) rule.group = def.group->value;
  rule.checkpoint = def.checkpoint;
  if (def.shadow) {
    rule.shadow = def.shadow->value == "minimal"   ? ShadowMode::minimal
                  : def.shadow->value == "shallow" ? ShadowMode::shallow
                                                   : ShadowMode::full;
  }
  for (const auto& module : def.envmodules)
    rule.envmodules.push_back(module.value);
  if (def.container)
    rule.container = def.container->value;
  else if (file.container)
    rule.container = file.container->value;
  rule.inputs = parse_files(def.input, def.name, "input", errors);
  rule.outputs = parse_files(def.output, def.name, "output", errors);
  rule.logs = parse_files(def.log, def.name, "log", errors);
  rule.benchmarks = parse_files(def.benchmark, def.name, "benchmark", errors);
  collect_wildcards(rule, errors);
  refuse_duplicate_outputs(rule, errors);
  bind_patterns(rule, def, file, cache, errors);
  compile_input_lookups(rule, lookups, errors);
  build_step(def, rule, builtins, lookups, errors);
  if (def.script) build_script_step(def, rule, script_shared, errors);
  if (def.run) build_run_step(def, rule, script_shared);
  // A built-in step is flow's own code, run by flow's binary on the host; a rule without a
  // step runs nothing: neither runs in an image (decisions.md, software environments).
  if (rule.step == StepKind::builtin || rule.step == StepKind::none) rule.container.clear();
  return rule;
}

// Chains "a > b > c": every earlier rule wins over every later one; the chain written last
// decides a pair named in several (spec §2).
void apply_ruleorder(const flowfile::Flowfile& file, const RuleSet& set,
                     std::vector<std::vector<std::int8_t>>& order, ErrorList& errors) {
  if (file.ruleorder.empty()) return;
  std::size_t count = set.rules().size();
  order.assign(count, std::vector<std::int8_t>(count, 0));
  for (const auto& chain : file.ruleorder) {
    std::vector<RuleId> ids;
    for (const auto& part : split(chain.value, '>')) {
      std::string name(trim(part));
      auto id = set.find(name);
      if (!id) {
        std::vector<std::string> notes;
        if (auto hint = did_you_mean(name, set.names())) notes.push_back(std::move(*hint));
        errors.add(chain.location,
                   name.empty() ? fmt::format("ruleorder '{}': empty rule name", chain.value)
                                : fmt::format("ruleorder: unknown rule '{}'", name),
                   name, std::move(notes));
        continue;
      }
      ids.push_back(*id);
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      for (std::size_t j = i + 1; j < ids.size(); ++j) {
        order[ids[i].index()][ids[j].index()] = 1;
        order[ids[j].index()][ids[i].index()] = -1;
      }
    }
  }
}

void apply_localrules(const flowfile::Flowfile& file, std::vector<Rule>& rules, const RuleSet& set,
                      ErrorList& errors) {
  for (const auto& name : file.localrules) {
    auto id = set.find(name.value);
    if (!id) {
      std::vector<std::string> notes;
      if (auto hint = did_you_mean(name.value, set.names())) notes.push_back(std::move(*hint));
      errors.add(name.location, fmt::format("localrules: unknown rule '{}'", name.value), {},
                 std::move(notes));
      continue;
    }
    rules[id->index()].local = true;
  }
}

RuleId choose_default_target(const flowfile::Flowfile& file, ErrorList& errors) {
  std::optional<RuleId> chosen;
  for (std::size_t i = 0; i < file.rules.size(); ++i) {
    const auto& def = file.rules[i];
    if (!def.default_target) continue;
    if (chosen) {
      errors.add(
          def.default_target_location.value_or(def.location),
          fmt::format("rule '{}': only one rule can be the default target, and '{}' already is",
                      def.name, file.rules[chosen->index()].name));
      continue;
    }
    chosen = RuleId(static_cast<std::uint32_t>(i));
  }
  if (chosen) return *chosen;
  for (std::size_t i = 0; i < file.rules.size(); ++i) {
    if (!file.rules[i].from_include) return RuleId(static_cast<std::uint32_t>(i));
  }
  return RuleId(0);
}

}  // namespace

Result<RuleSet> build_rules(const flowfile::Flowfile& file,
                            std::span<const BuiltinSignature> builtins) {
  ErrorList errors;
  RuleSet set;
  if (file.rules.empty()) {
    Error error = make_error(
        ErrorKind::flowfile, "the workflow has no rules",
        file.rules_location.known() ? file.rules_location : SourceLocation{file.path, 0, 0});
    error.notes.push_back(
        "a workflow needs a 'rules:' mapping with at least one rule, such as\n"
        "  rules:\n    hello:\n      output: hello.txt\n      shell: echo hello > {output}");
    return error;
  }
  ConstraintCache cache;
  LookupCompiler lookups(file, set.m_lookup_sources);
  ScriptShared script_shared(file);
  set.m_rules.reserve(file.rules.size());
  for (std::size_t i = 0; i < file.rules.size(); ++i) {
    set.m_rules.push_back(build_rule(file.rules[i], RuleId(static_cast<std::uint32_t>(i)), file,
                                     builtins, cache, lookups, script_shared, errors));
  }
  apply_ruleorder(file, set, set.m_order, errors);
  apply_localrules(file, set.m_rules, set, errors);
  set.m_default_target = choose_default_target(file, errors);
  if (!errors.empty()) return errors.take();
  for (const auto& rule : set.m_rules) {
    if (rule.checkpoint) set.m_checkpoints.push_back(rule.id);
  }
  set.m_index = std::make_unique<OutputIndex>(set.m_rules);
  return set;
}

}  // namespace flow::rules
