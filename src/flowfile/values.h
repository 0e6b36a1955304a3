#pragma once
// Typed reading of YAML values with {config.KEY} substitution (private to flowfile).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flow/flowfile/flowfile.h"
#include "flow/flowfile/node.h"
#include "flowfile/diagnostics.h"

namespace flow::flowfile {

/// What the readers need: the effective config and where errors go.
struct Context {
  const Node& config;
  ErrorList& errors;
  /// Put before every message, such as "rule 'count': " while a rule is read.
  std::string prefix;
  /// The workflow's tables, for `tables.NAME.COLUMN` in expand (none while they are read).
  const std::vector<std::shared_ptr<const Table>>* tables = nullptr;

  /// Records a flowfile error, prefixed; returns it for notes (see ErrorList::add).
  Error& error(const SourceLocation& location, const std::string& message);
};

/// `text` with each {config.KEY} (KEY a dotted path) replaced by the config value: a scalar's
/// text, or a list's items joined by spaces. `{{` and `}}` are escapes and stay as written,
/// so `{{config.x}}` is left alone, and so is a lookup by wildcard, `{config.KEY[w]...}`, which
/// the rules resolve per job (spec §6). Reports an unknown key (with did-you-mean) or a value
/// that cannot be inserted at `location`, and returns nullopt.
std::optional<std::string> substitute_config(const std::string& text,
                                             const SourceLocation& location, Context& ctx);

/// The config value at dotted path `key`; reports an unknown key at `location` (the caret
/// moves to `anchor` in it, when given) and returns nullptr.
const Node* find_config(std::string_view key, const SourceLocation& location,
                        std::string_view anchor, Context& ctx);

/// A scalar's text after substitution; `what` names the value in messages ("'shell' must be
/// a string, not a list").
std::optional<Text> read_text(const Node& node, std::string_view what, Context& ctx);

/// An integer in [min, max], written as one or produced by substitution ("{config.n}").
std::optional<std::int64_t> read_int(const Node& node, std::string_view what, Context& ctx,
                                     std::int64_t min, std::int64_t max);

/// true or false (YAML 1.2 spellings: true, True, TRUE, false, False, FALSE).
std::optional<bool> read_bool(const Node& node, std::string_view what, Context& ctx);

/// One string or a list of strings; empty for null.
std::vector<Text> read_text_list(const Node& node, std::string_view what, Context& ctx);

enum class ListValues { joined, rejected };

/// A mapping of identifiers to scalars (numbers and booleans as written). With
/// ListValues::joined a value may also be a list of scalars, joined with spaces.
std::vector<std::pair<std::string, Text>> read_named_texts(const Node& node, std::string_view what,
                                                           ListValues lists, Context& ctx);

}  // namespace flow::flowfile
