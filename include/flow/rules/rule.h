#pragma once
// A validated rule: patterns compiled and bound to its wildcards, templates parsed and
// checked against what the rule has, the built-in step checked against its signature.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flow/base/error.h"
#include "flow/base/ids.h"
#include "flow/flowfile/flowfile.h"
#include "flow/pattern/pattern.h"
#include "flow/pattern/template.h"

namespace flow::rules {

struct FileSpec {
  std::string name;          ///< the item's name ({input.NAME}), or ""
  pattern::Pattern pattern;  ///< bound to the rule's wildcards
  std::uint8_t flags = 0;    ///< flowfile::FileFlag bits
  SourceLocation location;

  bool has(flowfile::FileFlag flag) const { return (flags & flag) != 0; }
};

struct NamedTemplate {
  std::string name;
  pattern::Template value;
  SourceLocation location;
};

enum class StepKind { none, shell, builtin };

struct Rule {
  RuleId id;
  std::string name;
  SourceLocation location;
  bool from_include = false;

  /// Wildcard names in order of first appearance in the outputs (then logs, benchmarks).
  std::vector<std::string> wildcard_names;
  std::vector<FileSpec> inputs;
  std::vector<FileSpec> outputs;
  std::vector<FileSpec> logs;
  std::vector<FileSpec> benchmarks;

  std::vector<NamedTemplate> params;
  StepKind step = StepKind::none;
  std::optional<pattern::Template> shell;
  std::string builtin;  ///< the built-in's name when step == builtin
  /// Every argument of the built-in, in signature order, defaults filled in.
  std::vector<NamedTemplate> with;
  std::optional<pattern::Template> message;

  int threads = 1;
  std::vector<flowfile::Resource> resources;
  int priority = 0;
  std::optional<int> retries;
  std::vector<std::string> envmodules;
  bool local = false;

  /// The step as written (shell text, or the built-in's name and raw arguments): what the
  /// `code` rerun trigger compares.
  std::string code;

  bool has_wildcards() const { return !wildcard_names.empty(); }
  /// The resource named `name`, or nullptr.
  const flowfile::Resource* resource(std::string_view resource_name) const;
};

}  // namespace flow::rules
