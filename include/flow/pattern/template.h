#pragma once
// Command and parameter strings with placeholders: "sort {input} > {output.counts}".
// Parsed when the workflow loads, so an unknown placeholder is a load error; rendered per job.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/result.h"

namespace flow::pattern {

enum class PlaceholderKind {
  input,
  output,
  log,
  params,
  wildcards,
  threads,
  resources,
  rule,
  jobid,
  attempt,
  lookup,  ///< {tables.NAME[w].COLUMN} or {config.KEY[w]...}: key holds the text inside braces
};

/// "input", "wildcards"...: the word as written in a placeholder.
std::string_view placeholder_kind_name(PlaceholderKind kind);

/// A placeholder's `:q` or `:raw` suffix: how its value goes into a shell command.
enum class PlaceholderQuoting {
  as_kind,  ///< paths and wildcard values quoted where needed, the rest as they are
  quoted,   ///< `:q` (Snakemake's): quoted where needed, whatever it is
  raw,      ///< `:raw`: as it is, even a path or wildcard value
};

struct Placeholder {
  PlaceholderKind kind = PlaceholderKind::input;
  std::string key;           ///< NAME of {input.NAME}, {wildcards.NAME}...; "" when absent
  std::optional<int> index;  ///< N of {input[N]}
  std::string text;          ///< the placeholder as written, braces included
  PlaceholderQuoting quoting = PlaceholderQuoting::as_kind;
};

class Template {
 public:
  struct Part {
    std::string literal;                     ///< text before the placeholder (braces unescaped)
    std::optional<Placeholder> placeholder;  ///< none for a trailing literal
  };

  /// Parses `text`. Errors (kind flowfile, with `anchor` set to the offending text): an
  /// unclosed or stray brace, an unknown placeholder ("did you mean" in the notes), a key or
  /// index on a placeholder that takes none ({threads.x}), a missing key where one is needed
  /// ({params}, {resources}).
  static Result<Template> parse(std::string_view text);

  /// A template that renders as `text` with no placeholders (braces taken literally).
  static Template literal(std::string text);

  const std::string& text() const { return m_text; }
  std::span<const Part> parts() const { return m_parts; }
  bool has_placeholders() const;

  /// Renders by asking `value` to append each placeholder's text to the output.
  std::string render(const std::function<void(const Placeholder&, std::string& out)>& value) const;

 private:
  std::string m_text;
  std::vector<Part> m_parts;
};

}  // namespace flow::pattern
