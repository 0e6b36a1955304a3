#pragma once
// Path patterns with wildcards: "stems/{book}.txt", "{sample,[a-z]+}/{n}.tsv".

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/result.h"
#include "flow/pattern/regex.h"

namespace flow::pattern {

/// Wildcard values of a job, indexed like its rule's wildcard names.
using WildcardValues = std::vector<std::string>;

class Pattern {
 public:
  struct Segment {
    std::string literal;  ///< the text, for a literal segment
    int slot = -1;        ///< for a wildcard: its index in the rule's names; -1: literal
  };
  /// A wildcard as written in the pattern, before binding to the rule's names.
  struct WildcardUse {
    std::string name;
    std::optional<std::string> inline_constraint;  ///< "{name,REGEX}"
  };

  /// Parses `text`. `{{` and `}}` are literal braces. Errors: an unclosed '{', an empty or
  /// badly formed wildcard name. The error's anchor is the offending text.
  static Result<Pattern> parse(std::string_view text);

  const std::string& text() const { return m_text; }
  /// Each use of a wildcard, in order (a repeated wildcard appears more than once).
  std::span<const WildcardUse> uses() const { return m_uses; }
  bool has_wildcards() const { return !m_uses.empty(); }
  /// The distinct wildcard names in order of first appearance.
  std::vector<std::string> wildcard_names() const;

  /// Gives each wildcard its index in `names` (which must contain them all) and its
  /// constraint (`constraints[i]` for name i; none means `.+`).
  void bind(std::span<const std::string> names, std::span<const std::optional<Regex>> constraints);

  /// The literal text before the first wildcard / after the last one (all of it if none).
  std::string_view literal_prefix() const;
  std::string_view literal_suffix() const;

  /// Matches the whole of `path` with Snakemake's semantics: each wildcard greedy and
  /// non-empty, constrained when bound with a constraint, a repeated wildcard equal to its
  /// first match. On success writes the values into `values[slot]` (resized as needed) and
  /// returns true. Only valid after bind().
  bool match(std::string_view path, WildcardValues& values) const;

  /// Fills the wildcards in from `values` (indexed by slot). Only valid after bind().
  std::string apply(const WildcardValues& values) const;
  /// A copy with the wildcards whose slot is below `known` filled in from `values`; the
  /// others keep their slots and constraints (a glob item: the job's wildcards first, the
  /// glob's own matched later). Its text() shows the values with braces escaped. Only valid
  /// after bind().
  Pattern fill(const WildcardValues& values, std::size_t known) const;

 private:
  /// `assigned[slot]`: whether this match has set values[slot] yet.
  bool match_from(std::size_t segment, std::string_view rest, WildcardValues& values,
                  bool* assigned) const;

  std::string m_text;
  std::vector<Segment> m_segments;
  std::vector<WildcardUse> m_uses;
  std::vector<std::optional<Regex>> m_constraints;  // by slot, after bind()
};

/// True when `name` is a valid wildcard or item name: [A-Za-z_][A-Za-z0-9_]*.
bool is_identifier(std::string_view name);

}  // namespace flow::pattern
