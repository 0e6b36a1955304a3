#pragma once
// A validated rule: patterns compiled and bound to its wildcards, templates parsed and
// checked against what the rule has, the built-in step checked against its signature.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flow/base/error.h"
#include "flow/base/ids.h"
#include "flow/pattern/pattern.h"
#include "flow/pattern/template.h"

namespace flow::rules {

/// Flags of a file item (spec §1), as bits combined with |. The validated rule's own, so that
/// the modules above `rules` never need the workflow file's types.
enum FileFlag : std::uint8_t {
  k_flag_temp = 1,
  k_flag_protected = 2,
  k_flag_directory = 4,
  k_flag_touch = 8,
  k_flag_ancient = 16,
};

/// A resource value: an integer (mem_mb: 200) or a string (walltime: "00:10:00").
struct Resource {
  std::string name;
  bool is_int = false;
  std::int64_t number = 0;
  std::string text;  ///< as written; for integers their decimal text
  SourceLocation location;
};

struct FileSpec {
  std::string name;          ///< the item's name ({input.NAME}), or ""
  pattern::Pattern pattern;  ///< bound to the rule's wildcards
  std::uint8_t flags = 0;    ///< FileFlag bits
  SourceLocation location;

  bool has(FileFlag flag) const { return (flags & flag) != 0; }
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
  std::vector<Resource> resources;
  int priority = 0;
  std::optional<int> retries;
  std::vector<std::string> envmodules;
  bool local = false;

  /// The step as written (shell text, or the built-in's name and raw arguments): what the
  /// `code` rerun trigger compares.
  std::string code;

  bool has_wildcards() const { return !wildcard_names.empty(); }
  /// The resource named `name`, or nullptr.
  const Resource* resource(std::string_view resource_name) const;
};

}  // namespace flow::rules
